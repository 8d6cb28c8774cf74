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
            raise click.ClickException(explain_database_error(exc)) from None

    return wrapper


# SQLSTATE codes (PostgreSQL) and message fragments (SQLite, which has no codes) of each kind of error.
_MISSING_SCHEMA = {"42P01", "42703"}  # undefined table, undefined column
_MISSING_SCHEMA_WORDS = ("no such table", "no such column", "does not exist")
_BUSY = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_BUSY_WORDS = ("database is locked", "database table is locked", "deadlock detected", "could not obtain lock")


def explain_database_error(exc: Exception) -> str:
    """What a database error means for the person who ran the command, and what to do about it.

    Only a missing table or column means the database is not set up; a locked database, a
    conflicting row or anything else is said as what it is, with the database's own message.
    """
    from django.db import IntegrityError, OperationalError, ProgrammingError

    message = str(exc).strip()
    code = getattr(exc.__cause__, "sqlstate", None) or getattr(exc.__cause__, "pgcode", None)
    lowered = message.lower()
    if isinstance(exc, OperationalError | ProgrammingError) and (
        code in _MISSING_SCHEMA or (code is None and any(words in lowered for words in _MISSING_SCHEMA_WORDS))
    ):
        return f"database error: {message}. Is the database set up? Run `onestockport migrate` first."
    if code in _BUSY or any(words in lowered for words in _BUSY_WORDS):
        return (
            f"database error: {message}: another process is writing to the database (an import, or the "
            "server), so the change was not made; try again in a moment."
        )
    if isinstance(exc, IntegrityError):
        detail = " ".join(message.split())
        return (
            f"database error: the change conflicts with data already in the database ({detail}), so it was "
            "not made. If another command was changing the same data, run this one again."
        )
    return f"database error: {message}"


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
