"""`onestockport site build`: the public site as static files (see docs/static-export.md).

onestockport/cli.py registers the `site` group. Nothing here touches Django at import time: the CLI
imports this module before Django is set up.
"""

from __future__ import annotations

from pathlib import Path

import click

from onestockport.command_support import django_command, progress_bar
from onestockport.jobs.commands import BACKGROUND_HELP, queue

LINK_STYLES = ["directory", "file"]


@click.group()
def site() -> None:
    """Build the public site as static files."""


@site.command("build")
@click.option(
    "--out",
    "out",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write; must be new, empty or a previous export (which is replaced once the build succeeds). "
    "With --background, the export is zipped and kept with the job instead.",
)
@click.option(
    "--base-url",
    default=None,
    help="Address the export will be published at, e.g. https://example.org/plans/our-town/ "
    "(for sitemap.xml, robots.txt and the 404 page). Default: ONESTOCKPORT_SITE_URL.",
)
@click.option(
    "--live-url",
    default=None,
    help="The live application, for links the export cannot serve (partner sign-in, API, search). "
    "Default: ONESTOCKPORT_SITE_URL.",
)
@click.option(
    "--link-style",
    type=click.Choice(LINK_STYLES),
    default="directory",
    show_default=True,
    help="'directory' links to folders (any web host); 'file' links to index.html files, "
    "for opening the export straight from a disk or USB stick.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes rendering pages. More can help on an otherwise idle multi-core machine; the output is the same.",
)
@click.option("--background", is_flag=True, help=BACKGROUND_HELP)
@django_command
def build(
    out: Path | None, base_url: str | None, live_url: str | None, link_style: str, workers: int, background: bool
) -> None:
    """Write every public page, download and the assets they use to the --out folder, for any static host."""
    from django.conf import settings

    from .build import build_site
    from .scope import LinkStyle
    from .urls import checked_url

    live = checked_url(live_url or settings.ONESTOCKPORT_SITE_URL, option="--live-url")
    base = checked_url(base_url or settings.ONESTOCKPORT_SITE_URL, option="--base-url")
    if background:
        queue("static-export", {"base_url": base, "live_url": live, "link_style": link_style})
        return
    if out is None:
        raise click.UsageError("give --out FOLDER (or --background to keep a zip of the export with a job)")
    with progress_bar() as progress:
        task = progress.add_task("Rendering pages", total=None)
        result = build_site(
            out=out,
            base_url=base,
            live_url=live,
            link_style=LinkStyle(link_style),
            workers=workers,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    click.echo(
        f"Wrote {result.pages} pages and {result.files} files ({result.total_bytes:,} bytes) "
        f"to {result.out} in {result.seconds:.1f} s"
    )
