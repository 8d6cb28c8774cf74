"""The `onestockport` command: thin Click commands over the product's services."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from onestockport.command_support import DEFAULT_SETTINGS, django_command, progress_bar, setup_django
from onestockport.delivery import commands as delivery_commands
from onestockport.export import commands as export_commands
from onestockport.jobs import commands as job_commands
from onestockport.opendata import commands as opendata_commands
from onestockport.reports import commands as report_commands
from onestockport.voice import commands as voice_commands

# Kept under their old names: the CLI's own commands below use them.
_setup_django = setup_django
_progress = progress_bar


def _plan_file_argument(path: str | None) -> Path:
    if path:
        return Path(path)
    from django.conf import settings

    return Path(settings.ONESTOCKPORT_PLAN_FILE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onestockport")
def cli() -> None:
    """The plan as data: its delivery, measures and public site.

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


@cli.group()
def data() -> None:
    """Import official statistics and compute verdicts on the plan's measures."""


@data.command("import")
@click.argument("format_name", metavar="FORMAT")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--indicator", "indicators", multiple=True, help="Only fill this catalogue indicator (repeatable).")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@click.option("--background", is_flag=True, help=job_commands.BACKGROUND_HELP)
@click.option(
    "--as-draft",
    is_flag=True,
    help="For an indicator not in the catalogue: make a draft indicator from the file's own metadata.",
)
@django_command
def data_import(
    format_name: str, file: str, indicators: tuple[str, ...], slug: str | None, background: bool, as_draft: bool
) -> None:
    """Import FILE, written in a publisher's FORMAT, into the catalogue's indicators.

    The whole file is checked first; a bad row, column or area code is named and nothing is
    imported. Importing the same file again changes nothing. `onestockport data formats` lists
    the formats. With --as-draft, each indicator in the file becomes a draft, hidden from the
    public until `onestockport data publish-draft` confirms its polarity and measures.
    """
    from onestockport.indicators.importers.registry import get_importer
    from onestockport.indicators.services import import_file
    from onestockport.plans.selectors import get_plan

    if background:
        get_importer(format_name)  # an unknown format is said now, not in the job
        params = {"plan": get_plan(slug).slug, "format": format_name, "indicators": list(indicators)}
        job_commands.queue("import-file", params, title=f"Import {Path(file).name}", upload=Path(file))
        return
    if as_draft:
        _import_as_draft(format_name, Path(file), indicators, background, slug)
        return
    with _progress() as progress:
        task = progress.add_task(f"Importing {Path(file).name}", total=None)
        report = import_file(
            plan=get_plan(slug),
            format_name=format_name,
            path=Path(file),
            indicator_slugs=indicators or None,
            progress=lambda n: progress.advance(task, n),
        )
    click.echo(report.summary())


def _import_as_draft(
    format_name: str, path: Path, indicators: tuple[str, ...], background: bool, slug: str | None
) -> None:
    from onestockport.indicators.drafts import import_as_draft
    from onestockport.plans.selectors import get_plan

    if indicators or background:
        raise click.UsageError("--as-draft makes its own indicators, in the foreground: leave out --indicator")
    with _progress() as progress:
        task = progress.add_task(f"Importing {path.name} as drafts", total=None)
        report = import_as_draft(
            plan=get_plan(slug), format_name=format_name, path=path, progress=lambda n: progress.advance(task, n)
        )
    click.echo(report.summary())


@data.command("publish-draft")
@click.argument("indicator_slug", metavar="INDICATOR")
@click.option(
    "--polarity",
    required=True,
    type=click.Choice(["higher-is-better", "lower-is-better", "no-judgement"]),
    help="Which direction is good, as staff confirm it.",
)
@click.option(
    "--measure",
    "measures",
    multiple=True,
    required=True,
    metavar="PRIORITY/MEASURE[=MATCH]",
    help="A measure it serves (repeatable); MATCH is direct (default), partial or context.",
)
@click.option("--by", required=True, help="Who confirmed the draft.")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def data_publish_draft(
    indicator_slug: str, polarity: str, measures: tuple[str, ...], by: str, slug: str | None
) -> None:
    """Publish a draft INDICATOR made by `data import --as-draft`, once its polarity and measures are confirmed."""
    from onestockport.indicators.drafts import publish_draft
    from onestockport.indicators.models import Indicator
    from onestockport.plans.selectors import get_plan

    plan = get_plan(slug)
    draft = Indicator.all_objects.filter(plan=plan, slug=indicator_slug, status=Indicator.Status.DRAFT).first()
    if draft is None:
        raise click.ClickException(f"no draft indicator {indicator_slug!r} in {plan.slug}")
    keys, levels = [], {}
    for text in measures:
        key, _, level = text.partition("=")
        keys.append(key.strip())
        if level:
            levels[key.strip()] = level.strip()
    publish_draft(draft, polarity=polarity, measures=keys, by=by, match=levels)
    click.echo(f"Published {draft.slug}: {draft.title} ({polarity}; {', '.join(keys)})")


@data.command("formats")
@django_command
def data_formats() -> None:
    """List the publisher formats `data import` reads."""
    from onestockport.indicators.importers.registry import IMPORTERS

    for name, importer in sorted(IMPORTERS.items()):
        click.echo(f"{name:28} {importer.description}")


@data.command("load-defaults")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def data_load_defaults(slug: str | None) -> None:
    """Load the areas, the indicator catalogue and every official data file shipped with the plan."""
    from onestockport.indicators.services import load_default_data
    from onestockport.plans.selectors import get_plan

    with _progress() as progress:
        task = progress.add_task("Importing official data", total=None)

        def advance(name: str, total: int) -> None:
            progress.update(task, description=f"Importing {name}", total=total)
            progress.advance(task)

        summary = load_default_data(plan=get_plan(slug), on_file=advance)
    click.echo(summary.describe())


@data.command("verdicts")
@click.option("--indicator", "indicator_slug", default=None, help="Only this indicator.")
@click.option("--area", "area_code", default=None, help="Area code to compare (default: the plan's place).")
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", help="CSV file (default: stdout).")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def data_verdicts(indicator_slug: str | None, area_code: str | None, output, slug: str | None) -> None:
    """Write every computed comparison as CSV: value, interval, comparator, 95% and 99.8% benchmarks, trend."""
    import csv

    from onestockport.csv_safety import safe_record
    from onestockport.indicators.models import Indicator
    from onestockport.indicators.selectors import place_area
    from onestockport.indicators.verdicts import VERDICT_COLUMNS, verdict_rows
    from onestockport.places.selectors import get_area
    from onestockport.plans.selectors import get_plan

    plan = get_plan(slug)
    area = get_area(area_code) if area_code else place_area(plan)
    indicators = Indicator.objects.filter(plan=plan, status=Indicator.Status.PUBLISHED)
    if indicator_slug:
        indicators = indicators.filter(slug=indicator_slug)
        if not indicators.exists():
            raise click.ClickException(f"no published indicator {indicator_slug!r}")
    writer = csv.DictWriter(output, fieldnames=VERDICT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in verdict_rows(indicators=list(indicators), areas=[area]):
        writer.writerow(safe_record(row))  # imported labels (periods, breakdowns) may look like formulas


@data.command("coverage")
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def data_coverage(slug: str | None) -> None:
    """Print, as JSON, how many measures have real figures for the plan's place and which need local data."""
    from onestockport.indicators.selectors import measure_coverage, place_area
    from onestockport.plans.selectors import get_plan

    plan = get_plan(slug)
    area = place_area(plan)
    if area is None:
        raise click.ClickException("the plan's place is not in the area register; run `onestockport setup` first")
    click.echo(json.dumps(measure_coverage(plan, area), indent=2))


@cli.group()
def areas() -> None:
    """The area register: areas by GSS code, boundaries and deprivation."""


@areas.command("load")
@click.option("--data-dir", type=click.Path(file_okay=False), default=None, help="Folder of shipped data files.")
@django_command
def areas_load(data_dir: str | None) -> None:
    """Load areas, boundaries and deprivation from the shipped data (idempotent)."""
    from django.conf import settings

    from onestockport.places.services import load_areas

    report = load_areas(data_dir=Path(data_dir or settings.ONESTOCKPORT_DATA_DIR))
    click.echo(json.dumps(report.as_dict(), indent=2))


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
    """Migrate the database, gather static files, load the shipped plan and its official data."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    ctx.invoke(plan_load, file=None)
    ctx.invoke(data_load_defaults, slug=None)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Server processes (default: one per core).")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="Threads per process (default: 4).")
@click.option("--no-worker", is_flag=True, help="Do not start a background-jobs worker beside the site.")
@click.option("--dev", is_flag=True, help="Django's development server instead, for working on the code only.")
@django_command
def serve(host: str, port: int, workers: int | None, threads: int | None, no_worker: bool, dev: bool) -> None:
    """Serve the site with the production server (granian), and a background-jobs worker beside it."""
    import signal
    import subprocess

    from onestockport.plans.place import current_place
    from onestockport.server.wsgi_server import default_threads, default_workers, run_server

    worker = None
    if not no_worker:
        # Its own process, as in production: a job never slows a page, and it stops with the site.
        worker = subprocess.Popen([sys.executable, "-m", "onestockport.cli", "worker", "--stop-with", str(os.getpid())])
        click.echo(f"Started the background-jobs worker (process {worker.pid})")
    # The plan's site name ("Plan tracker" when no plan file can be read).
    click.echo(f"Serving {current_place().site_name} on http://{host}:{port}/ (Ctrl+C to stop)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the worker is stopped below, not orphaned
    try:
        if dev:
            from django.core.management import call_command

            call_command("runserver", f"{host}:{port}", use_reloader=False)
        else:
            run_server(host, port, workers or default_workers(), threads or default_threads())
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


@cli.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `onestockport manage createsuperuser`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["onestockport manage", *args])


# Commands that live with their apps, registered here so `onestockport --help` lists them all.
cli.add_command(delivery_commands.delivery)
cli.add_command(delivery_commands.demo)
cli.add_command(voice_commands.voice)
cli.add_command(export_commands.site)
cli.add_command(report_commands.report)
cli.add_command(job_commands.worker)
cli.add_command(job_commands.jobs)
data.add_command(opendata_commands.package)


def main() -> None:
    cli(prog_name="onestockport")


if __name__ == "__main__":
    sys.exit(main())
