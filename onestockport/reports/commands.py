"""`onestockport report annual|poster`: thin commands over the snapshot, the report and the poster.

onestockport/cli.py registers the group with `cli.add_command(report)`. Nothing here touches Django at
import time: the CLI imports this module before Django is set up.
"""

from __future__ import annotations

from pathlib import Path

import click

from onestockport.command_support import django_command, progress_bar
from onestockport.jobs.commands import BACKGROUND_HELP, queue


@click.group()
def report() -> None:
    """Annual progress report and plan-on-a-page poster."""


@report.command("annual")
@click.option("--year", type=int, default=None, help="The report's year, e.g. 2026 (required without --snapshot).")
@click.option(
    "--out",
    "out_dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the snapshot, the HTML and the PDF into (created if missing; not with --background).",
)
@click.option(
    "--snapshot",
    "snapshot_file",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render from this snapshot file instead of taking a new one from the database.",
)
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@click.option("--background", is_flag=True, help=BACKGROUND_HELP + " The files are kept with the job.")
@django_command
def annual(
    year: int | None, out_dir: Path | None, snapshot_file: Path | None, slug: str | None, background: bool
) -> None:
    """Write the annual progress report as HTML and PDF, built from a dated snapshot of the data.

    Without --snapshot it first snapshots everything the report needs into a JSON file in the
    folder (named with its date), then renders from that file only. Rendering the same snapshot
    again gives the same HTML and the same PDF, byte for byte.
    """
    from onestockport.plans.selectors import get_plan

    from .annual import write_annual_report
    from .errors import SnapshotError
    from .snapshot import read_snapshot, take_snapshot, write_snapshot

    if background:
        if year is None or snapshot_file is not None:
            raise click.UsageError("--background takes --year (a new snapshot), not --snapshot")
        queue("annual-report", {"plan": get_plan(slug).slug, "year": year}, title=f"Annual report {year}")
        return
    if out_dir is None:
        raise click.UsageError("give --out FOLDER (or --background to keep the files with a job)")
    with progress_bar() as progress:
        task = progress.add_task("Taking the snapshot", total=3)
        if snapshot_file is not None:
            snapshot = read_snapshot(snapshot_file)
            if year is not None and snapshot.year != year:
                raise SnapshotError(f"{snapshot_file}: the snapshot is for {snapshot.year}, not {year}")
            click.echo(f"Rendering from {snapshot_file} (as at {snapshot.as_at_utc:%Y-%m-%d %H:%M} UTC)")
        else:
            if year is None:
                raise click.UsageError("give --year, or --snapshot FILE to render an earlier snapshot")
            snapshot = take_snapshot(get_plan(slug), year=year)
            path = write_snapshot(snapshot, out_dir)
            click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes)")

        def step(description: str) -> None:
            progress.update(task, description=description, advance=1)

        outputs = write_annual_report(snapshot, out_dir, step=step)
        progress.advance(task)
    for path in (outputs.html, outputs.pdf):
        click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes)")


@report.command("poster")
@click.option(
    "--out",
    "pdf_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF to write, e.g. plan-on-a-page.pdf.",
)
@click.option(
    "--svg",
    "svg_path",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SVG to write (default: beside the PDF, with the same name).",
)
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def poster(pdf_path: Path, svg_path: Path | None, slug: str | None) -> None:
    """Write the plan on a page as an A3 poster: a PDF to print and a standalone SVG.

    Vision, the themes with their priorities and ambitions, and the values, from the same data as
    the web plan on a page. Long text is set smaller, down to a readable floor; what still does not
    fit continues on a second sheet (a second PDF page, and NAME-sheet-2.svg beside the SVG).
    """
    from onestockport.plans.selectors import get_plan

    from .poster import write_poster

    if pdf_path.suffix.lower() != ".pdf":
        raise click.BadParameter(f"{pdf_path} should end in .pdf", param_hint="--out")
    outputs = write_poster(get_plan(slug), pdf_path=pdf_path, svg_path=svg_path)
    for path in (outputs.pdf, *outputs.svgs):
        click.echo(f"Wrote {path} ({path.stat().st_size:,} bytes)")
