"""Publisher files uploaded in the browser: kept, checked in full as a job, previewed, then published
(one transaction, through the same import service as the command line) or discarded.

The check is a dry run of the import itself (`import_file(dry_run=True)`): everything is read,
validated and stored, then rolled back, so the preview shows exactly what publishing would change.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from onestockport.errors import InvalidInputError, OneStockportError, Problem
from onestockport.jobs.services import local_copy, start
from onestockport.plans.models import Plan

from .importers.registry import IMPORTERS
from .models import Release, Upload
from .services import ImportReport, import_file

# Tried in this order when the format is to be detected: the most particular layouts first, the
# generic tidy template last (it would read many files' first columns).
DETECTION_ORDER = ("ons-els", "fingertips", "open-sdg", "oflog-asc", "beis-la-co2", "dfe-lait")
# How `import_file` says that no catalogue indicator reads a file (services._targets).
NO_INDICATOR = "no indicator in the catalogue reads"
SAMPLE_LINES = 40  # the first lines of a CSV are enough to tell its layout
PARQUET_MAGIC = b"PAR1"


class UploadRefused(OneStockportError):
    """An upload cannot be published or discarded as things stand (said why)."""


def receive_upload(*, plan: Plan, file: File, file_name: str, format_name: str | None, by=None) -> Upload:
    """Keep the file in the shared storage, detect its format if not chosen, and queue its check."""
    with _spooled(file, file_name) as path:
        with path.open("rb") as handle:
            checksum = hashlib.file_digest(handle, "sha256").hexdigest()
        detected = format_name is None
        chosen = format_name or detect_format(path)
        with path.open("rb") as handle:
            stored = default_storage.save(f"data-uploads/{timezone.now():%Y%m%d-%H%M%S}-{path.name}", File(handle))
    upload = Upload.objects.create(
        plan=plan,
        file=stored,
        file_name=Path(file_name).name,
        format=chosen,
        detected=detected,
        checksum=checksum,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    start("check-upload", {"upload": upload.pk}, user=by, title=f"Check {upload.file_name}")
    return upload


def detect_format(path: Path) -> str:
    """The publisher format whose layout the file's first lines fit; a clear refusal when none does."""
    with path.open("rb") as handle:
        if handle.read(4) == PARQUET_MAGIC:
            return "dfe-lait"
    with tempfile.TemporaryDirectory(prefix="onestockport-detect-") as folder:
        sample = Path(folder) / path.name
        with path.open("rb") as source:
            sample.write_bytes(b"".join(line for _, line in zip(range(SAMPLE_LINES), source, strict=False)))
        names = [*DETECTION_ORDER, *(name for name in IMPORTERS if name not in DETECTION_ORDER)]
        for name in names:
            if name == "dfe-lait":
                continue
            try:
                IMPORTERS[name](sample).read()
            except (InvalidInputError, ValueError, KeyError, TypeError):
                continue
            return name
    raise InvalidInputError(
        path.name, [Problem("(file)", "its layout matches no publisher format the site reads; choose the format")]
    )


def check_upload(upload: Upload, *, progress=None) -> Upload:
    """Validate the whole file and work out what publishing it would change; the preview is kept."""
    with local_copy(upload.file, upload.file_name) as path:
        try:
            report = import_file(
                plan=upload.plan, format_name=upload.format, path=path, dry_run=True, progress=progress
            )
        except InvalidInputError as exc:
            upload.state = Upload.State.REFUSED
            upload.preview = {"problems": [{"where": p.path, "message": p.message} for p in exc.problems]}
        except OneStockportError as exc:
            upload.state = Upload.State.REFUSED
            upload.preview = {"problems": [{"where": "(file)", "message": str(exc)}]}
        else:
            upload.state = Upload.State.READY
            report.file = upload.file_name  # not the worker's copy
            upload.preview = _preview(report, upload.plan)
    upload.save(update_fields=["state", "preview"])
    return upload


def publish_upload(upload: Upload, *, by=None, progress=None) -> ImportReport:
    """Import a checked upload (one transaction) and record who published it."""
    if upload.state != Upload.State.READY:
        raise UploadRefused(f"{upload.file_name} is {upload.get_state_display().lower()}, not ready to publish")
    with local_copy(upload.file, upload.file_name) as path:
        report = import_file(plan=upload.plan, format_name=upload.format, path=path, by=by, progress=progress)
    _decide(upload, Upload.State.PUBLISHED, by=by)
    return report


def discard_upload(upload: Upload, *, by=None) -> None:
    if upload.state in (Upload.State.PUBLISHED, Upload.State.DISCARDED):
        raise UploadRefused(f"{upload.file_name} is {upload.get_state_display().lower()} already")
    _decide(upload, Upload.State.DISCARDED, by=by)
    default_storage.delete(upload.file)


def _decide(upload: Upload, state: str, *, by) -> None:
    """Record what became of an upload, who decided and when; a published one names its release."""
    upload.state = state
    upload.decided_by = by if getattr(by, "is_authenticated", False) else None
    upload.decided_at = timezone.now()
    if state == Upload.State.PUBLISHED:
        upload.release = Release.objects.filter(format=upload.format, checksum=upload.checksum).first()
    upload.save(update_fields=["state", "decided_by", "decided_at", "release"])


def fits_no_indicator(upload: Upload) -> bool:
    """No published indicator reads its rows (refused for that alone, or read with every row unused):
    a candidate for new draft indicators."""
    preview = upload.preview
    problems = preview.get("problems", [])
    if upload.state == Upload.State.REFUSED:
        return len(problems) == 1 and problems[0]["message"].startswith(NO_INDICATOR)
    used = preview.get("added", 0) + preview.get("revised", 0) + preview.get("unchanged", 0)
    return upload.state == Upload.State.READY and used == 0 and preview.get("not_used", 0) > 0


def import_upload_as_drafts(upload: Upload, *, by=None, progress=None):
    """Import a refused upload into new draft indicators (drafts.py); the upload is then published."""
    from .drafts import import_as_draft

    with local_copy(upload.file, upload.file_name) as path:
        report = import_as_draft(plan=upload.plan, format_name=upload.format, path=path, progress=progress)
    _decide(upload, Upload.State.PUBLISHED, by=by)
    return report


def _nearest_first(plan: Plan):
    """Sort key for revised figures: the plan's place, then its comparators, then everywhere else."""
    from onestockport.plans.place import current_place

    from .models import ComparatorGroup

    place = current_place().code
    comparators = set(ComparatorGroup.objects.filter(plan=plan).values_list("areas__code", flat=True))

    def key(change: dict) -> tuple:
        rank = 0 if change["area"] == place else 1 if change["area"] in comparators else 2
        return rank, change["indicator"], change["area_name"], change["period"], change["breakdown"]

    return key


def _preview(report: ImportReport, upload_plan: Plan) -> dict:
    return {
        "summary": report.summary(),
        "already_imported": report.already_imported,
        "rows_read": report.rows_read,
        "added": report.added,
        "revised": report.revised,
        "unchanged": report.unchanged,
        "repeated": report.repeated,
        "not_used": report.skipped,
        "set_aside": dict(report.set_aside),
        "revisions": sorted(report.revisions, key=_nearest_first(upload_plan)),
        "revisions_total": report.revised,
        "new_periods": {slug: sorted(periods) for slug, periods in sorted(report.added_periods.items())},
        "areas": {slug: len(codes) for slug, codes in sorted(report.added_areas.items())},
        "indicators": sorted(report.by_indicator),
    }


@contextmanager
def _spooled(file: File, file_name: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="onestockport-upload-") as folder:
        path = Path(folder) / Path(file_name).name
        with path.open("wb") as target:
            for chunk in file.chunks():
                target.write(chunk)
        yield path


# The generic tidy template with worked examples, offered on the upload page (docs/importers.md).
TEMPLATE_PATH = Path(__file__).resolve().parent / "data" / "tidy-template.csv"


def example_csv() -> str:
    """The tidy template with example rows for the plan's own place: made-up figures, labelled so,
    showing a plain figure, a provisional one, a suppressed small count and a breakdown with an interval."""
    import csv
    import io

    from onestockport.places.models import Area
    from onestockport.plans.place import current_place

    place = current_place()
    here = {"area_code": place.code or "", "area_name": place.name}
    ward = Area.objects.filter(level=Area.Level.WARD, parent__code=place.code).order_by("name").first()
    example = "Example row with made-up figures: replace it"
    rows = [
        {"indicator": "standard-trees-planted", **here, "period": "2023/24", "value": "2150", "note": example},
        {
            "indicator": "residents-using-assistive-technology",
            **here,
            "period": "Q1 2024",
            "value": "3120",
            "note": example,
            "status": "provisional",
        },
    ]
    if ward is not None:
        rows.append(
            {
                "indicator": "residents-using-assistive-technology",
                "area_code": ward.code,
                "area_name": ward.name,
                "period": "Q1 2024",
                "note": f"{example}. Fewer than 5 residents: not shown to protect privacy",
                "status": "suppressed",
            }
        )
    rows.append(
        {
            "indicator": "satisfaction-with-local-area",
            **here,
            "period": "2024",
            "value": "78.2",
            "lower_95": "76.1",
            "upper_95": "80.3",
            "count": "1561",
            "denominator": "1996",
            "breakdown_type": "Age",
            "breakdown": "65 and over",
            "note": example,
        }
    )
    buffer = io.StringIO()
    header = TEMPLATE_PATH.read_text(encoding="utf-8").strip().split(",")
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def revisions_csv(upload: Upload) -> str:
    """The revised figures of an upload's preview, as CSV (formula-like text defused)."""
    import csv
    import io

    from onestockport.csv_safety import safe_row

    columns = ["indicator", "area", "area_name", "period", "breakdown", "old", "new", "old_note", "new_note"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for change in upload.preview.get("revisions", []):
        writer.writerow(safe_row(["" if change.get(name) is None else change[name] for name in columns]))
    return buffer.getvalue()
