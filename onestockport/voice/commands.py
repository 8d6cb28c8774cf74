"""`onestockport voice ...`: import survey exports, tag comments to priorities, prepare the model.

onestockport/cli.py registers the group with `cli.add_command(voice)`. Nothing here touches Django at
import time: the CLI imports this module before Django is set up.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click

from onestockport.command_support import django_command, progress_bar
from onestockport.jobs.commands import BACKGROUND_HELP, queue


@click.group()
def voice() -> None:
    """Resident voice: import survey responses and tag comments to the plan's priorities."""


@voice.command("mappings")
@django_command
def voice_mappings() -> None:
    """List the mapping files (`--mapping NAME` of `voice import`): the engine's and the plan folder's."""
    from .importers.mapping import available_mappings, plan_mappings, read_mapping

    own = plan_mappings()
    for name, path in available_mappings().items():
        mapping = read_mapping(path)
        click.echo(f"{name:16} {mapping.description}{' (from the plan folder)' if name in own else ''}")


@voice.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--engagement", "slug", required=True, help="Slug of the engagement to import into (created if new).")
@click.option("--name", default=None, help="The engagement's public name (default: its slug, when new).")
@click.option(
    "--mapping",
    "mapping_name",
    default="citizen-space",
    show_default=True,
    help="Mapping name or YAML file.",
)
@click.option("--channel", "channels", multiple=True, help="How people took part, e.g. 'online survey' (repeatable).")
@click.option("--plan", "plan_slug", default=None, help="Plan slug (default: the site's plan).")
@django_command
def voice_import(
    file: str, slug: str, name: str | None, mapping_name: str, channels: tuple[str, ...], plan_slug: str | None
) -> None:
    """Import a survey export FILE (CSV or XLSX), one row per respondent, through a mapping.

    The whole file is checked first: a bad row or column is named and nothing is imported.
    Respondent identifiers are stored only as keyed hashes; importing the same file again changes
    nothing.
    """
    from onestockport.plans.selectors import get_plan

    from .importers.mapping import read_mapping, resolve_mapping
    from .services import import_file

    mapping = read_mapping(resolve_mapping(mapping_name))
    report = import_file(
        plan=get_plan(plan_slug),
        engagement_slug=slug,
        path=Path(file),
        mapping=mapping,
        name=name,
        channels=list(channels) or None,
    )
    click.echo(report.summary())


@voice.command("tag")
@click.option("--input", "input_file", type=click.Path(dir_okay=False), default=None, help="CSV of comments to tag.")
@click.option("--text-column", default=None, help="The column of --input holding the comment text.")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="CSV to write (default: stdout).")
@click.option("--engine", default=None, help="Tagging engine: onnx-l3 (default), onnx, minilm or static.")
@click.option("--no-examples", is_flag=True, help="Ignore officers' confirmed tags (score on the plan's text only).")
@click.option("--engagement", "slug", default=None, help="Without --input: only this engagement's responses.")
@click.option("--retag", is_flag=True, help="Without --input: tag responses already tagged by this engine again.")
@click.option("--plan", "plan_slug", default=None, help="Plan slug (default: the site's plan).")
@click.option("--background", is_flag=True, help="Without --input: " + BACKGROUND_HELP)
@django_command
def voice_tag(
    input_file: str | None,
    text_column: str | None,
    output: str | None,
    engine: str | None,
    no_examples: bool,
    slug: str | None,
    retag: bool,
    plan_slug: str | None,
    background: bool,
) -> None:
    """Tag comments to the plan's priorities with the offline sentence-embedding model.

    With --input FILE.csv --text-column COLUMN: write FILE's rows plus `priority` (the best
    priority's slug), `score` and `top3` (the three best slugs, joined by ';'). Works without a
    database: the priorities come from the loaded plan, or else from the plan file.

    Without --input: tag the imported free-text responses in the database.
    """
    from django.conf import settings

    from .tagging import Tagger, get_embedder

    if background:
        if input_file is not None or no_examples:
            raise click.UsageError("--background tags the database's responses: leave out --input and --no-examples")
        from onestockport.plans.selectors import get_plan

        params = {"plan": get_plan(plan_slug).slug, "engagement": slug, "retag": retag, "engine": engine}
        queue("voice-tag", params)
        return
    embedder = get_embedder(engine or settings.VOICE_TAGGING_ENGINE, cache_dir=Path(settings.VOICE_MODEL_CACHE))
    if input_file is None:
        _tag_database(embedder, no_examples=no_examples, slug=slug, retag=retag, plan_slug=plan_slug)
        return
    if not text_column:
        raise click.UsageError("--text-column is required with --input")
    header, rows = _read_comments(Path(input_file), text_column)
    profiles, examples = _profiles_and_examples(plan_slug, engine=embedder.name, use_examples=not no_examples)
    tagger = Tagger(embedder=embedder, profiles=profiles, examples=examples)
    with progress_bar() as progress:
        task = progress.add_task(f"Tagging {len(rows)} comments", total=len(rows))
        results = tagger.tag([row.get(text_column, "") for row in rows], progress=lambda n: progress.advance(task, n))
    columns = header + [name for name in ("priority", "score", "top3") if name not in header]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row, result in zip(rows, results, strict=True):
        score = "" if result.score is None else f"{result.score:.4f}"
        writer.writerow({**row, "priority": result.priority, "score": score, "top3": result.top3})
    if output:
        Path(output).write_text(buffer.getvalue(), encoding="utf-8")
        click.echo(f"Tagged {len(rows)} comments with {embedder.name}; wrote {output}", err=True)
    else:
        click.echo(buffer.getvalue(), nl=False)


def _read_comments(path: Path, column: str) -> tuple[list[str], list[dict[str, str]]]:
    from onestockport.errors import InvalidInputError, Problem

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            if column not in header:
                known = ", ".join(repr(name) for name in header) or "none"
                raise InvalidInputError(
                    str(path), [Problem(f"column {column!r}", f"no such column; the file has: {known}")]
                )
            rows = []
            for row in reader:
                if None in row:
                    raise InvalidInputError(
                        str(path), [Problem(f"row {reader.line_num}", "more cells than the header has columns")]
                    )
                rows.append({key: value or "" for key, value in row.items()})
    except FileNotFoundError:
        raise InvalidInputError(str(path), [Problem("(file)", "no such file")]) from None
    except UnicodeDecodeError as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"not UTF-8 text (byte {exc.start})")]) from None
    return header, rows


def _profiles_and_examples(plan_slug: str | None, *, engine: str, use_examples: bool):
    """The priorities and confirmed examples from the database, or the plan file when there is no database."""
    from django.conf import settings
    from django.db import DatabaseError

    from onestockport.errors import PlanNotLoadedError
    from onestockport.plans.plan_file import read_plan_file
    from onestockport.plans.selectors import get_plan

    from . import selectors
    from .tagging import profiles_from_plan_file

    try:
        plan = get_plan(plan_slug)
        profiles = selectors.priority_profiles(plan)
        examples = selectors.confirmed_examples(plan, engine=engine) if use_examples else []
        if profiles:
            return profiles, examples
    except (PlanNotLoadedError, DatabaseError):
        pass
    return profiles_from_plan_file(read_plan_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).plan), []


def _tag_database(embedder, *, no_examples: bool, slug: str | None, retag: bool, plan_slug: str | None) -> None:
    from onestockport.plans.selectors import get_plan

    from . import selectors
    from .models import Engagement
    from .services import tag_responses
    from .tagging import Tagger

    plan = get_plan(plan_slug)
    engagement = None
    if slug:
        engagement = Engagement.objects.filter(plan=plan, slug=slug).first()
        if engagement is None:
            raise click.ClickException(f"no engagement {slug!r}")
    examples = [] if no_examples else selectors.confirmed_examples(plan, engine=embedder.name)
    tagger = Tagger(embedder=embedder, profiles=selectors.priority_profiles(plan), examples=examples)
    with progress_bar() as progress:
        task = progress.add_task("Tagging responses", total=None)
        report = tag_responses(
            plan=plan, tagger=tagger, engagement=engagement, retag=retag, progress=lambda n: progress.advance(task, n)
        )
    click.echo(report.summary())


@voice.command("prepare")
@click.option("--engine", default=None, help="Engine to prepare: onnx-l3 (default), onnx, minilm or static.")
@django_command
def voice_prepare(engine: str | None) -> None:
    """Load the tagging model once (and, for the static engine, distil and cache it), to check it works offline."""
    from django.conf import settings

    from .tagging import get_embedder

    embedder = get_embedder(engine or settings.VOICE_TAGGING_ENGINE, cache_dir=Path(settings.VOICE_MODEL_CACHE))
    vectors = embedder.encode(["More buses between Marple and the town centre."])
    click.echo(f"{embedder.name}: ready ({vectors.shape[1]} dimensions)")
