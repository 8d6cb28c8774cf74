"""Draft indicators: a publisher's file for an indicator the catalogue lacks, imported as a draft.

`import_as_draft` makes one draft indicator per distinct source indicator in the file, built from the
file's own metadata - slug and title from the indicator's name, the format's publisher, a source that
picks the rows out again by that name, the unit when the file gives one - and imports the rows into
it, all in one transaction. What the file cannot say is left for staff: the polarity stays "no
judgement" and no measure is linked. Drafts are hidden from every public page, the API, open data and
the static export (`Indicator.objects` leaves them out) until `publish_draft` records staff's choice
of polarity and measures and who made it.

A file whose rows a published indicator already reads is refused: it belongs to `import_file`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from onestockport.errors import InvalidInputError, OneStockportError, Problem
from onestockport.plans.models import Measure, Plan
from onestockport.tabular import check_size, import_limits

from . import area_scope
from .catalogue import Source
from .importers.base import ParsedObservation
from .importers.registry import get_importer
from .models import Indicator
from .selection import matches
from .services import (
    ImportReport,
    Progress,
    _areas_for,
    _checksum,
    _covers,
    _record_release,
    _release,
    _store,
    release_publisher,
)

MATCHES = ("direct", "partial", "context")
SLUG_LENGTH = 90  # room for a "-2" suffix inside the model's 100 characters


@dataclass
class DraftImportReport:
    rows: ImportReport
    created: list[str] = field(default_factory=list)  # slugs of the drafts made by this import
    updated: list[str] = field(default_factory=list)  # slugs of drafts an earlier file had made

    def summary(self) -> str:
        made = ", ".join(self.created) or "none"
        again = f"; drafts updated: {', '.join(self.updated)}" if self.updated else ""
        return f"{self.rows.summary()}; drafts created: {made}{again}"


def import_as_draft(*, plan: Plan, format_name: str, path: Path, progress: Progress | None = None) -> DraftImportReport:
    """Import `path` into draft indicators made from its own metadata, one per source indicator.

    The file is validated whole first (rows, area codes, no published indicator already reading it);
    any problem aborts with nothing written. Importing the same file again changes nothing; a later
    file for the same source indicator fills the same draft.
    """
    importer_class = get_importer(format_name)
    if importer_class.wide:
        raise OneStockportError(
            f"{format_name!r} files give several values per row; a draft is made from a long file only"
        )
    check_size(path, import_limits())
    checksum = _checksum(path)
    importer = importer_class(path)
    rows = importer.read()
    set_aside = Counter(importer.set_aside)
    rows = area_scope.without_areas_outside_england(rows, set_aside)
    groups: dict[str, list[ParsedObservation]] = {}
    for row in rows:
        groups.setdefault(row.source_indicator, []).append(row)
    _refuse_published(plan, format_name, path, groups)
    areas = _areas_for(path, rows)
    report = DraftImportReport(
        rows=ImportReport(file=str(path), format=format_name, rows_read=len(rows), set_aside=set_aside)
    )
    with transaction.atomic():
        assigned = []
        for name, group in groups.items():
            indicator, created = _draft_for(plan, format_name, path, name, group, importer_class.publisher)
            (report.created if created else report.updated).append(indicator.slug)
            assigned.append((indicator, group))
        slugs = {indicator.slug for indicator, _ in assigned}
        release = _release(format_name, checksum, lock=True)
        if release is None:
            release = _record_release(format_name, path, checksum, release_publisher(importer_class, plan), len(rows))
        if _covers(release, slugs):
            report.rows.already_imported = True
            return report
        for indicator, group in assigned:
            _store(indicator, group, areas, release, report.rows)
            if progress:
                progress(len(group))
        release.observations_added += report.rows.added
        release.observations_revised += report.rows.revised
        release.indicators = sorted({*release.indicators, *slugs})
        release.save(update_fields=["observations_added", "observations_revised", "indicators"])
    return report


def _refuse_published(plan: Plan, format_name: str, path: Path, groups: dict[str, list[ParsedObservation]]) -> None:
    """Rows a published indicator already reads are that indicator's: name each such source indicator."""
    problems = []
    for indicator in Indicator.objects.filter(plan=plan, status=Indicator.Status.PUBLISHED):
        source = Source.model_validate(indicator.source) if indicator.source else None
        if source is None or source.format != format_name:
            continue
        for name, group in groups.items():
            first = next((row for row in group if matches(row, source, wide=False)), None)
            if first is not None:
                problems.append(
                    Problem(
                        f"row {first.line}, indicator",
                        f"{name!r} is read by the published indicator {indicator.slug!r}; "
                        "import the file without --as-draft",
                    )
                )
    if problems:
        raise InvalidInputError(str(path), problems[:25])


def _draft_for(
    plan: Plan, format_name: str, path: Path, name: str, rows: list[ParsedObservation], publisher: str
) -> tuple[Indicator, bool]:
    """The draft an earlier file made for this source indicator, or a new one."""
    selectors = {"indicator": name}
    for draft in Indicator.all_objects.filter(plan=plan, status=Indicator.Status.DRAFT):
        if draft.source.get("format") == format_name and draft.source.get("selectors") == selectors:
            return draft, False
    identifiers = sorted({row.extra.get("indicator_id", "") for row in rows} - {""})
    position = Indicator.all_objects.filter(plan=plan).aggregate(last=Max("position"))["last"]
    draft = Indicator.all_objects.create(
        plan=plan,
        slug=_unique_slug(plan, name),
        title=name[:300],
        unit=next((row.unit for row in rows if row.unit), "")[:100],
        polarity=Indicator.Polarity.NO_JUDGEMENT,
        status=Indicator.Status.DRAFT,
        origin=Indicator.Origin.FILE,
        publisher=publisher,
        dataset=f"indicator {', '.join(identifiers)}" if identifiers else "",
        geographies=sorted({row.area_level for row in rows if row.area_level}),
        source={"format": format_name, "file": path.name, "selectors": selectors},
        position=0 if position is None else position + 1,
    )
    return draft, True


def _unique_slug(plan: Plan, name: str) -> str:
    base = slugify(name.replace("_", " "))[:SLUG_LENGTH].strip("-") or "indicator"
    taken = set(Indicator.all_objects.filter(plan=plan, slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def publish_draft(
    indicator: Indicator,
    *,
    polarity: str,
    measures: Iterable[str],
    by: str,
    match: Mapping[str, str] | None = None,
) -> Indicator:
    """Publish a draft once staff have confirmed what the file could not say.

    `polarity` is one of the indicator polarities; `measures` are the plan's measure keys
    ("priority-slug/measure-slug"), at least one; `match` optionally says how well it serves each
    ("direct", the default, "partial" or "context"); `by` names who confirmed it.
    """
    if indicator.status != Indicator.Status.DRAFT:
        raise OneStockportError(f"indicator {indicator.slug!r} is not a draft (status {indicator.status!r})")
    if polarity not in Indicator.Polarity.values:
        choices = ", ".join(Indicator.Polarity.values)
        raise OneStockportError(f"unknown polarity {polarity!r}; expected one of {choices}")
    if not by.strip():
        raise OneStockportError("say who confirmed the draft")
    keys = list(dict.fromkeys(measures))
    if not keys:
        raise OneStockportError(f"link the draft {indicator.slug!r} to at least one of the plan's measures")
    known = {
        f"{measure.priority.slug}/{measure.slug}": measure
        for measure in Measure.objects.filter(priority__plan_id=indicator.plan_id).select_related("priority")
    }
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise OneStockportError(f"no measure {unknown} in the plan; measure keys read 'priority-slug/measure-slug'")
    levels = dict(match or {})
    wrong = {key: level for key, level in levels.items() if key not in keys or level not in MATCHES}
    if wrong:
        raise OneStockportError(f"match {wrong}: give one of {', '.join(MATCHES)} for a measure being linked")
    with transaction.atomic():
        indicator.polarity = polarity
        indicator.status = Indicator.Status.PUBLISHED
        indicator.confirmed_by = by.strip()[:150]
        indicator.confirmed_at = timezone.now()
        indicator.match = {key: levels[key] for key in keys if key in levels}
        indicator.save(update_fields=["polarity", "status", "confirmed_by", "confirmed_at", "match"])
        indicator.measures.set([known[key] for key in keys])
    return indicator
