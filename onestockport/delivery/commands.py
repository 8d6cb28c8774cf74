"""`onestockport delivery remind|report` and `onestockport demo`: thin commands over the services.

onestockport/cli.py registers them with `cli.add_command(delivery)` and `cli.add_command(demo)`.
Nothing here touches Django at import time: the CLI imports this module before Django is set up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from onestockport.command_support import django_command
from onestockport.jobs.commands import BACKGROUND_HELP, queue

from .reports.registry import FORMATS  # plain classes: safe to import before Django is set up

USER_HELP = (
    "Act as this account, whose role must allow it (recorded in the history). "
    "Without it the command runs as the server's operator."
)


def _acting_user(username: str | None):
    """The account named by --user, or None for the operator; an unknown name is refused."""
    if username is None:
        return None
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    from .errors import PermissionRefused
    from .permissions import log_refusal

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        log_refusal(AnonymousUser(), f"run a command as {username!r}, which is no active account")
        raise PermissionRefused(f"there is no active account {username!r}")
    return user


@click.group()
def delivery() -> None:
    """Delivery tracking: reminders to partners, board packs and evidence storage."""


@delivery.command("remind")
@click.option("--period", default=None, help="Reporting period, e.g. 2026-Q3 (default: the current one).")
@click.option("--dry-run", is_flag=True, help="Say who would be emailed, without sending anything.")
@click.option("--user", "username", default=None, help=USER_HELP)
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def remind(period: str | None, dry_run: bool, username: str | None, slug: str | None) -> None:
    """Email the partner editors and leads of every action that has no update for the period.

    An update counts once it is sent to the performance team; drafts still get a reminder.
    Email goes through the configured backend (printed to the console in local use).
    """
    from onestockport.plans.selectors import get_plan

    from . import selectors, services

    chosen = selectors.get_period(period) if period else selectors.current_period()
    report = services.send_reminders(plan=get_plan(slug), period=chosen, user=_acting_user(username), dry_run=dry_run)
    click.echo(report.summary())
    for address, actions in sorted(report.sent.items()):
        numbers = ", ".join(f"{action.priority.slug}/{action.number}" for action in actions)
        click.echo(f"  {address}: {numbers}")
    for action in report.no_lead[:10]:
        click.echo(f"  no lead partner: {action.priority.slug}/{action.number}")
    if len(report.no_lead) > 10:
        click.echo(f"  ... and {len(report.no_lead) - 10} more with no lead partner")


@delivery.command("digest")
@django_command
def digest() -> None:
    """Send the weekly digest to each user who chose one and whose week is up.

    The worker's scheduler does this every hour; run it by hand where no worker runs.
    """
    from .notifications import send_due_digests

    click.echo(f"Sent {send_due_digests()} weekly digest(s)")


@delivery.command("report")
@click.option("--body", required=True, help="Delivery body, by name or slug, e.g. 'Work and Skills Board'.")
@click.option("--period", default=None, help="Reporting period, e.g. 2026-Q3 (default: the current one).")
@click.option(
    "--format", "format_name", type=click.Choice(list(FORMATS)), default="pdf", show_default=True, help="Output format."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: board-pack-BODY-PERIOD.FORMAT in the current folder).",
)
@click.option("--user", "username", default=None, help=USER_HELP)
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@click.option("--background", is_flag=True, help=BACKGROUND_HELP + " The file is kept with the job.")
@django_command
def report(
    body: str,
    period: str | None,
    format_name: str,
    output: Path | None,
    username: str | None,
    slug: str | None,
    background: bool,
) -> None:
    """Write a board pack: a status summary and the approved updates of one delivery body's actions."""
    from onestockport.plans.selectors import get_plan

    from . import selectors
    from .board_packs import board_pack
    from .permissions import Capability, require

    user = _acting_user(username)
    if user is not None:
        require(user, Capability.OVERSEE)
    plan = get_plan(slug)
    found = selectors.get_delivery_body(plan, body)
    chosen = selectors.get_period(period) if period else selectors.current_period()
    if background:
        params = {"plan": plan.slug, "body": found.slug, "period": chosen.label, "format": format_name}
        queue("board-pack", params, title=f"Board pack: {found.name}, {chosen.label}")
        return
    fmt = FORMATS[format_name]
    pack = board_pack(plan=plan, body=found, period=chosen)
    path = output or Path(f"board-pack-{found.slug}-{chosen.label}.{fmt.extension}")
    path.write_bytes(fmt.render(pack))
    click.echo(
        f"Wrote {path} ({path.stat().st_size:,} bytes): {len(pack.rows)} actions of {found.name}, "
        f"{len(pack.approved)} approved update(s) for {chosen.label}"
    )


@delivery.command("clean-evidence")
@click.option(
    "--older-than",
    "minutes",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Only files last written at least this many minutes ago (a newer one may be mid-save).",
)
@click.option("--delete", is_flag=True, help="Delete them (without it, only list them).")
@django_command
def clean_evidence(minutes: int, delete: bool) -> None:
    """List (or delete) evidence files in storage that no evidence record names.

    A failed save removes its own file; only a crash between writing the file and committing its
    record leaves one behind. Works on the configured default storage, local or S3-compatible.
    """
    import datetime as dt

    from .evidence import delete_orphans, orphan_files

    orphans = orphan_files(older_than=dt.timedelta(minutes=minutes))
    click.echo(f"{len(orphans)} evidence file(s) with no record, last written over {minutes} minute(s) ago")
    for orphan in orphans:
        when = f"{orphan.modified:%Y-%m-%d %H:%M}" if orphan.modified else "unknown time"
        click.echo(f"  {orphan.name} ({when})")
    if delete:
        click.echo(f"Deleted {delete_orphans(orphans)} file(s)")
    elif orphans:
        click.echo("Run again with --delete to delete them.")


DEMO_SETTINGS = "config.settings.demo"


def _setup_demo_django() -> None:
    """Always the demonstration settings (their own SQLite file), whatever DJANGO_SETTINGS_MODULE says."""
    from django.conf import settings

    if settings.configured:
        if not getattr(settings, "ONESTOCKPORT_DEMO", False):
            raise click.ClickException(
                "Django is already set up with the real settings; run `onestockport demo` in its own process"
            )
        return
    os.environ["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS
    import django

    django.setup()


@click.command("demo")
@click.option("--reset", is_flag=True, help="Delete the demonstration database and build it again.")
@click.option(
    "--password",
    default=None,
    help="Password for every demonstration account (default: a new random one, printed at the end).",
)
def demo(reset: bool, password: str | None) -> None:
    """Build a separate demonstration database with demo accounts and example updates.

    The plan and its real official statistics are loaded into it too, so its public pages show how the
    measures are doing beside the example delivery. For training and screenshots. It never touches the
    real database: it uses its own SQLite file (ONESTOCKPORT_DEMO_DATABASE, default var/demo.sqlite3),
    and every page served from it says "Demonstration". Serve it with
    `DJANGO_SETTINGS_MODULE=config.settings.demo onestockport serve`.
    """
    _setup_demo_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import DatabaseError
    from django.test import override_settings

    from onestockport.errors import OneStockportError
    from onestockport.indicators.services import load_default_data
    from onestockport.plans.plan_file import read_plan_file
    from onestockport.plans.selectors import get_plan
    from onestockport.plans.services import load_plan

    from .demo import build_demo

    database = Path(settings.DATABASES["default"]["NAME"])
    started = time.monotonic()

    def step(text: str) -> None:  # the data takes minutes to load: say what is happening
        click.echo(f"[{time.monotonic() - started:5.0f}s] {text}")

    imported: list[str] = []

    def on_file(name: str, total: int) -> None:
        imported.append(name)
        step(f"  importing {name} ({len(imported)}/{total})")

    try:
        if reset:
            database.unlink(missing_ok=True)
        database.parent.mkdir(parents=True, exist_ok=True)
        step("Creating the demonstration database")
        call_command("migrate", interactive=False, verbosity=0)
        step("Loading the plan")
        load_plan(plan_file=read_plan_file(Path(settings.ONESTOCKPORT_PLAN_FILE)))
        step("Loading the official statistics (real published data; a few minutes the first time)")
        data = load_default_data(plan=get_plan(), on_file=on_file)
        step(data.describe())
        step("Adding demonstration accounts, updates and comments")
        # Building the examples would print every workflow email (submitted, returned, approved) here.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            result = build_demo(password=password)
    except (OneStockportError, DatabaseError) as exc:
        raise click.ClickException(str(exc)) from None
    step("Done")
    click.echo(f"Demonstration database: {database}")
    click.echo(result.summary())
    click.echo(f"Serve it with: DJANGO_SETTINGS_MODULE={DEMO_SETTINGS} onestockport serve")
