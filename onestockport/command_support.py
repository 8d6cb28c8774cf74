"""What every `onestockport` command shares: Django set-up, product errors as messages, a progress bar.

A module of its own, importing no command, so each app's commands can use it at import time without
a circular import through onestockport.cli. Nothing here touches Django until a command runs.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from onestockport.errors import OneStockportError

DEFAULT_SETTINGS = "config.settings.local"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def django_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Set Django up before the command runs and turn product errors into a message and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        setup_django()
        from django.db import DatabaseError

        try:
            return func(*args, **kwargs)
        except OneStockportError as exc:
            raise click.ClickException(str(exc)) from None
        except DatabaseError as exc:
            raise click.ClickException(
                f"database error: {exc}. Is the database set up? Run `onestockport migrate` first."
            ) from None

    return wrapper


@contextlib.contextmanager
def progress_bar() -> Iterator[Progress]:
    """A progress bar on a terminal; silent when output is piped (CI logs, scripts)."""
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
        transient=True,
    ) as progress:
        yield progress
