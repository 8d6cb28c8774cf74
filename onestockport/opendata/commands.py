"""`onestockport data package --out DIR`: write the open data package (a Frictionless Data Package).

onestockport/cli.py registers it under the `data` group. Nothing here touches Django at import time:
the CLI imports this module before Django is set up.
"""

from __future__ import annotations

from pathlib import Path

import click

from onestockport.command_support import django_command, progress_bar


@click.command("package")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write datapackage.json and the CSV and JSON files into (created if missing).",
)
@click.option("--plan", "slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def package(out_dir: Path, slug: str | None) -> None:
    """Write the plan and its official statistics as an open data package (CSV and JSON, with datapackage.json).

    Check it with `frictionless validate DIR/datapackage.json`.
    """
    from onestockport.plans.selectors import get_plan

    from .package import build_package, write_package
    from .resources import TABLES

    plan = get_plan(slug)
    with progress_bar() as progress:
        task = progress.add_task("Building the open data package", total=len(TABLES))
        built = build_package(
            plan=plan, on_table=lambda name: progress.update(task, advance=1, description=f"Built {name}")
        )
        written = write_package(built, out_dir)
    for table in built.tables:
        sizes = ", ".join(f"{file.path} {file.size:,} bytes" for file in table.files.values())
        click.echo(f"{table.table.name:26} {table.rows:>7,} rows  {sizes}")
    click.echo(
        f"Wrote {len(written)} files ({built.total_rows:,} rows per format, {built.total_bytes:,} bytes) "
        f"to {out_dir}; licence {built.descriptor['licenses'][0]['title']}, {len(built.sources)} statistics publishers"
    )
