"""The `onestockport` command: thin Click commands over the product's services."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from onestockport.errors import OneStockportError

DEFAULT_SETTINGS = "config.settings.local"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def django_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Set Django up before the command runs and turn product errors into a message and exit 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _setup_django()
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


def _plan_file_argument(path: str | None) -> Path:
    if path:
        return Path(path)
    from django.conf import settings

    return Path(settings.ONESTOCKPORT_PLAN_FILE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onestockport")
def cli() -> None:
    """One Stockport: the borough plan as data, its delivery, measures and public site.

    Every command works on the local SQLite database that `make run` uses, or on
    the database named by DATABASE_URL.
    """


@cli.group()
def plan() -> None:
    """Check, load and count the plan file."""


@plan.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@django_command
def plan_check(file: str | None) -> None:
    """Validate a plan FILE (default: the shipped plan) without touching the database."""
    from onestockport.plans.plan_file import read_plan_file

    valid = read_plan_file(_plan_file_argument(file))
    content = valid.plan
    actions = sum(len(priority.actions) for priority in content.priorities)
    click.echo(
        f"{valid.path}: valid ({len(content.themes)} themes, {len(content.priorities)} priorities, {actions} actions)"
    )


@plan.command("load")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@django_command
def plan_load(file: str | None) -> None:
    """Load a plan FILE (default: the shipped plan) into the database; loading twice changes nothing."""
    from onestockport.plans.plan_file import read_plan_file
    from onestockport.plans.services import load_plan

    report = load_plan(plan_file=read_plan_file(_plan_file_argument(file)))
    summary = report.as_dict()
    if report.changed:
        click.echo(
            f"Loaded {report.plan}: created {sum(report.created.values())}, "
            f"updated {sum(report.updated.values())}, deleted {sum(report.deleted.values())} "
            f"({summary['unchanged']} unchanged)"
        )
    else:
        click.echo(f"Plan {report.plan} is up to date ({summary['unchanged']} rows unchanged)")


@plan.command("stats")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def plan_stats(slug: str | None) -> None:
    """Print counts of the loaded plan's parts as JSON."""
    from onestockport.plans.selectors import get_plan, plan_stats

    click.echo(json.dumps(plan_stats(get_plan(slug)), indent=2))


@cli.command()
@django_command
def migrate() -> None:
    """Create or update the database tables."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo("Database is up to date")


@cli.command()
@click.pass_context
@django_command
def setup(ctx: click.Context) -> None:
    """Migrate the database, gather static files and load the shipped plan."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    ctx.invoke(plan_load, file=None)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@django_command
def serve(host: str, port: int) -> None:
    """Serve the site for local use (not for production: use a WSGI server there)."""
    from django.core.management import call_command

    click.echo(f"Serving One Stockport on http://{host}:{port}/ (Ctrl+C to stop)")
    call_command("runserver", f"{host}:{port}", use_reloader=False)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `onestockport manage createsuperuser`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onestockport manage", *args])


def main() -> None:
    cli(prog_name="onestockport")


if __name__ == "__main__":
    sys.exit(main())
