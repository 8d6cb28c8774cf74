"""The work each kind of job does: thin calls into the services that own it, with progress.

Each function takes the job (its `params` say what to do) and a Progress, and returns an Outcome;
files go in the job's scratch folder (`job.scratch`) and are kept in the shared storage by the job runner. Everything is
imported inside the functions: kinds.py names them before Django is set up.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import nullcontext
from pathlib import Path

from .models import Job
from .progress import Progress
from .services import Outcome, local_copy


def _plan(job: Job):
    from onestockport.plans.selectors import get_plan

    return get_plan(job.params.get("plan"))


def import_data_file(job: Job, progress: Progress) -> Outcome:
    """Check a publisher's file in full, then import it into the catalogue's indicators (one transaction)."""
    from onestockport.errors import InvalidInputError
    from onestockport.indicators.services import import_file

    params = job.params
    with local_copy(params["file"], params.get("file_name")) as path:
        progress.stage(f"Checking {path.name}")
        try:
            report = import_file(
                plan=_plan(job),
                format_name=params["format"],
                path=path,
                indicator_slugs=params.get("indicators") or None,
                progress=progress.advance,
            )
        except InvalidInputError as exc:  # named as its sender knows it, not by the worker's copy
            raise InvalidInputError(path.name, exc.problems) from None
    report.file = path.name
    return Outcome(summary=report.summary())


def check_upload(job: Job, progress: Progress) -> Outcome:
    """Validate an uploaded file in full and work out what publishing it would change (a dry run)."""
    from onestockport.indicators.models import Upload
    from onestockport.indicators.uploads import check_upload as check

    upload = Upload.objects.select_related("plan").get(pk=job.params["upload"])
    progress.stage(f"Checking {upload.file_name} as {upload.format}")
    upload = check(upload, progress=progress.advance)
    if upload.state == Upload.State.REFUSED:
        problems = upload.preview.get("problems", [])
        return Outcome(summary=f"{upload.file_name} has {len(problems)} problem(s); nothing can be published")
    return Outcome(summary=upload.preview["summary"])


def publish_upload(job: Job, progress: Progress) -> Outcome:
    """Import a checked upload into the indicators, in one transaction."""
    from onestockport.indicators.models import Upload
    from onestockport.indicators.uploads import publish_upload as publish

    upload = Upload.objects.select_related("plan").get(pk=job.params["upload"])
    progress.stage(f"Publishing {upload.file_name}")
    report = publish(upload, by=job.created_by, progress=progress.advance)
    return Outcome(summary=report.summary())


def draft_upload(job: Job, progress: Progress) -> Outcome:
    """Import an upload no catalogue indicator reads into new draft indicators, for staff to confirm."""
    from onestockport.indicators.models import Upload
    from onestockport.indicators.uploads import import_upload_as_drafts

    upload = Upload.objects.select_related("plan").get(pk=job.params["upload"])
    progress.stage(f"Importing {upload.file_name} as draft indicators")
    report = import_upload_as_drafts(upload, by=job.created_by, progress=progress.advance)
    return Outcome(summary=report.summary(), data={"drafts": [*report.created, *report.updated]})


def annual_report(job: Job, progress: Progress) -> Outcome:
    from onestockport.reports.annual import write_annual_report
    from onestockport.reports.snapshot import take_snapshot, write_snapshot

    with tempfile.TemporaryDirectory(prefix="onestockport-job-") as folder:
        out = Path(folder)
        progress.stage("Taking the snapshot", total=4)
        snapshot = take_snapshot(_plan(job), year=int(job.params["year"]))
        snapshot_path = write_snapshot(snapshot, out)
        progress.advance()

        def step(description: str) -> None:
            progress.job.stage = description
            progress.advance()

        outputs = write_annual_report(snapshot, out, step=step)
        files = _kept(job, [snapshot_path, outputs.html, outputs.pdf])
    return Outcome(
        summary=f"The {snapshot.year} annual report, from a snapshot taken {snapshot.as_at_utc:%d %B %Y %H:%M} UTC",
        files=files,
    )


def board_pack(job: Job, progress: Progress) -> Outcome:
    from onestockport.delivery import selectors
    from onestockport.delivery.board_packs import board_pack as make_board_pack
    from onestockport.delivery.reports.registry import FORMATS

    plan = _plan(job)
    body = selectors.get_delivery_body(plan, job.params["body"])
    period = selectors.get_period(job.params["period"])
    fmt = FORMATS[job.params.get("format", "pdf")]
    progress.stage(f"Gathering {body.name}'s actions for {period.label}")
    pack = make_board_pack(plan=plan, body=body, period=period)
    progress.stage(f"Writing the {fmt.extension.upper()}")
    path = job.scratch / f"board-pack-{body.slug}-{period.label}.{fmt.extension}"
    path.write_bytes(fmt.render(pack))
    summary = f"{len(pack.rows)} actions of {body.name}, {len(pack.approved)} approved update(s) for {period.label}"
    return Outcome(summary=summary, files=[path])


def tag_responses(job: Job, progress: Progress) -> Outcome:
    from django.conf import settings

    from onestockport.server.content_version import unpublished_writes
    from onestockport.voice import selectors
    from onestockport.voice.models import Engagement
    from onestockport.voice.services import WEBSITE_ENGAGEMENT
    from onestockport.voice.services import tag_responses as tag
    from onestockport.voice.tagging import Tagger, get_embedder

    plan = _plan(job)
    engagement = None
    if job.params.get("engagement"):
        engagement = Engagement.objects.filter(plan=plan, slug=job.params["engagement"]).first()
        if engagement is None:
            from onestockport.errors import OneStockportError

            raise OneStockportError(f"no engagement {job.params['engagement']!r}")
    progress.stage("Loading the tagging model")
    engine = job.params.get("engine") or settings.VOICE_TAGGING_ENGINE
    embedder = get_embedder(engine, cache_dir=Path(settings.VOICE_MODEL_CACHE))
    examples = selectors.confirmed_examples(plan, engine=embedder.name)
    tagger = Tagger(embedder=embedder, profiles=selectors.priority_profiles(plan), examples=examples)
    progress.stage("Tagging responses")
    # Suggestions for website comments show nowhere until an officer reviews them: stored pages stay.
    quiet = unpublished_writes() if engagement is not None and engagement.slug == WEBSITE_ENGAGEMENT else nullcontext()
    with quiet:
        report = tag(
            plan=plan,
            tagger=tagger,
            engagement=engagement,
            retag=bool(job.params.get("retag")),
            progress=progress.advance,
        )
    return Outcome(summary=report.summary())


def static_export(job: Job, progress: Progress) -> Outcome:
    from django.conf import settings

    from onestockport.export.build import build_site
    from onestockport.export.scope import LinkStyle
    from onestockport.export.urls import checked_url

    live = checked_url(job.params.get("live_url") or settings.ONESTOCKPORT_SITE_URL, option="live address")
    base = checked_url(job.params.get("base_url") or settings.ONESTOCKPORT_SITE_URL, option="published address")
    progress.stage("Rendering pages")
    with tempfile.TemporaryDirectory(prefix="onestockport-export-") as folder:
        out = Path(folder) / "site"
        result = build_site(
            out=out,
            base_url=base,
            live_url=live,
            link_style=LinkStyle(job.params.get("link_style", "directory")),
            progress=progress.set,
        )
        progress.stage("Packing the export into a zip file")
        archive = shutil.make_archive(str(job.scratch / "static-site"), "zip", root_dir=out)
    summary = f"{result.pages} pages and {result.files} files ({result.total_bytes:,} bytes), zipped"
    return Outcome(summary=summary, files=[Path(archive)])


def send_reminders(job: Job, progress: Progress) -> Outcome:
    from onestockport.delivery import selectors, services

    period = selectors.get_period(job.params["period"])
    progress.stage(f"Finding actions with no update for {period.label}")
    report = services.send_reminders(plan=_plan(job), period=period, user=job.created_by)
    return Outcome(summary=report.summary())


def _kept(job: Job, paths: list[Path]) -> list[Path]:
    """Copies in the job's scratch folder, out of a temporary folder about to be removed."""
    return [Path(shutil.copy2(path, job.scratch / path.name)) for path in paths]
