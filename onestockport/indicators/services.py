"""Writes: the catalogue into indicators, and publishers' files into observations, all or nothing."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import IntegrityError, transaction

from onestockport.errors import InvalidInputError, OneStockportError, Problem
from onestockport.places.models import Area
from onestockport.plans.models import Measure, Plan
from onestockport.stats.periods import PeriodKind, parse_period
from onestockport.tabular import check_size, import_limits

from . import area_scope
from .catalogue import Catalogue, CatalogueIndicator, Source
from .importers.base import ParsedObservation
from .importers.registry import get_importer
from .models import ComparatorGroup, Indicator, Observation, Release
from .selection import matches
from .transforms import transform_for

logger = logging.getLogger(__name__)

# Fields that make a figure: a re-import that changes any of them revises the figure.
VALUE_FIELDS = (
    "value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "count",
    "denominator",
    "missing_reason",
    "note",
)
Progress = Callable[[int], None]
REVISIONS_KEPT = 5000  # revised figures listed in a report (an upload's preview); all are counted


@dataclass
class ImportReport:
    file: str
    format: str
    rows_read: int = 0
    already_imported: bool = False
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    repeated: int = 0  # rows repeating a figure an earlier row of the file gave: the first one stands
    skipped: int = 0
    by_indicator: Counter[str] = field(default_factory=Counter)
    # Rows for areas the product never holds (outside England, ITL regions), by kind: see area_scope.py.
    set_aside: Counter[str] = field(default_factory=Counter)
    # What the import changed, for the preview of an upload: each revised figure's old and new value
    # (the first REVISIONS_KEPT), and the periods and areas of the figures added, by indicator.
    revisions: list[dict] = field(default_factory=list)
    added_periods: dict[str, set[str]] = field(default_factory=dict)
    added_areas: dict[str, set[str]] = field(default_factory=dict)

    def summary(self) -> str:
        if self.already_imported:
            return f"{self.file}: this release was imported before; nothing changed"
        repeated = f"{self.repeated} repeated figures ignored; " if self.repeated else ""
        set_aside = f"; {area_scope.describe(self.set_aside)}" if self.set_aside else ""
        return (
            f"{self.file}: {self.rows_read} rows read; {self.added} observations added, {self.revised} revised, "
            f"{self.unchanged} unchanged; {repeated}{self.skipped} rows not used by any indicator{set_aside}"
        )


def load_catalogue(*, plan: Plan, catalogue: Catalogue) -> Counter[str]:
    """Create or update the plan's indicators and comparator groups from the catalogue (idempotent)."""
    counts: Counter[str] = Counter()
    measures = {
        f"{m.priority.slug}/{m.slug}": m for m in Measure.objects.filter(priority__plan=plan).select_related("priority")
    }
    with transaction.atomic():
        kept = []
        for position, item in enumerate(catalogue.indicators):
            # `all_objects`: a draft of the same slug becomes the catalogue's indicator, figures and all.
            indicator, created = Indicator.all_objects.update_or_create(
                plan=plan,
                slug=item.id,
                defaults={"position": position, "origin": Indicator.Origin.CATALOGUE, **_indicator_fields(item)},
            )
            counts["created" if created else "updated"] += 1
            wanted = {measures[key].pk for key in item.measures if key in measures}
            if set(indicator.measures.values_list("pk", flat=True)) != wanted:
                indicator.measures.set(wanted)
            kept.append(indicator.pk)
        # Indicators made from imported files (drafts, and those staff published) are not the catalogue's to remove.
        catalogue_made = Indicator.all_objects.filter(plan=plan, origin=Indicator.Origin.CATALOGUE)
        counts["deleted"] = catalogue_made.exclude(pk__in=kept).delete()[0]
        areas = {area.code: area for area in Area.objects.all()}
        kept_groups = []
        for position, (slug, name, members) in enumerate(catalogue.comparator_groups()):
            missing = [member.code for member in members if member.code not in areas]
            if missing:
                raise OneStockportError(
                    f"comparator group {name!r}: unknown area codes {missing}; load the areas first"
                )
            group, _ = ComparatorGroup.objects.update_or_create(
                plan=plan, slug=slug, defaults={"name": name, "position": position}
            )
            group.areas.set([areas[member.code] for member in members])
            kept_groups.append(group.pk)
        ComparatorGroup.objects.filter(plan=plan).exclude(pk__in=kept_groups).delete()
    return counts


def _indicator_fields(item: CatalogueIndicator) -> dict:
    return {
        "title": item.title,
        "definition": item.definition,
        "unit": item.unit,
        "polarity": item.polarity,
        "status": item.status,
        "data_needed": item.data_needed,
        "publisher": item.publisher,
        "dataset": item.dataset,
        "licence": item.licence,
        "frequency": item.frequency,
        "geographies": list(item.geographies),
        "source": item.source.model_dump(exclude_defaults=True) if item.source else {},
        "caveats": item.caveats,
        "target": item.target.model_dump() if item.target else {},
        "match": dict(item.match),
    }


def import_file(
    *,
    plan: Plan,
    format_name: str,
    path: Path,
    indicator_slugs: Iterable[str] | None = None,
    progress: Progress | None = None,
    by=None,
    dry_run: bool = False,
) -> ImportReport:
    """Import one publisher file into the plan's indicators it serves.

    `by` is the account that published it (kept on the release). With `dry_run`, everything is
    done and counted, then rolled back: the report says what publishing would change.

    Rows are matched to indicators by their catalogue source (format and selectors); with
    `indicator_slugs`, only those indicators are filled. The file is validated whole first: any bad
    row, unknown area or unparseable period aborts with every problem named and nothing written.
    Importing a file whose bytes were imported before into the same indicators changes nothing.
    """
    importer_class = get_importer(format_name)
    check_size(path, import_limits())
    checksum = _checksum(path)
    report = ImportReport(file=str(path), format=format_name)
    targets = _targets(plan, format_name, indicator_slugs, path.name)
    slugs = {indicator.slug for indicator, _ in targets}
    # A quick look first, so a file imported before is not read again; the look that counts is
    # repeated below, inside the transaction that records the import.
    if _covers(_release(format_name, checksum), slugs):
        report.already_imported = True
        return report
    importer = importer_class(path)
    rows = importer.read()
    report.rows_read = len(rows)
    report.set_aside.update(importer.set_aside)
    rows = area_scope.without_areas_outside_england(rows, report.set_aside)
    assigned = _assign(rows, targets, wide=importer_class.wide, report=report)
    areas = _areas_for(path, [row for _, indicator_rows in assigned for row in indicator_rows])
    with transaction.atomic():
        # Imports into the same indicators take turns (PostgreSQL row locks; on SQLite the
        # transaction is IMMEDIATE), so each sees what the one before it committed.
        list(Indicator.objects.select_for_update().filter(slug__in=slugs, plan=plan).order_by("pk").values("pk"))
        release = _release(format_name, checksum, lock=True)
        if release is None:
            release = _record_release(format_name, path, checksum, release_publisher(importer_class, plan), len(rows))
        if _covers(release, slugs):
            return ImportReport(file=str(path), format=format_name, already_imported=True)
        if release.withdrawn_at is not None:  # imported again after a withdrawal: counted afresh
            release.observations_added = release.observations_revised = 0
        for indicator, indicator_rows in assigned:
            _store(indicator, indicator_rows, areas, release, report)
            if progress:
                progress(len(indicator_rows))
        release.observations_added += report.added
        release.observations_revised += report.revised
        release.indicators = sorted({*release.indicators, *(indicator.slug for indicator, _ in targets)})
        if by is not None or release.withdrawn_at is not None:
            release.imported_by = by if getattr(by, "is_authenticated", False) else release.imported_by
            release.withdrawn_at = release.withdrawn_by = None  # imported again after a withdrawal
        release.save()
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        logger.info(report.summary())
    return report


def _checksum(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"cannot read the file: {exc.strerror}")]) from None


def _release(format_name: str, checksum: str, *, lock: bool = False) -> Release | None:
    """The release recorded for these bytes in this format, if any; `lock` holds its row to the end
    of the transaction (PostgreSQL; SQLite's IMMEDIATE transaction already holds the database)."""
    releases = Release.objects.filter(format=format_name, checksum=checksum)
    return (releases.select_for_update() if lock else releases).first()


def _covers(release: Release | None, slugs: set[str]) -> bool:
    """Whether `release` was already imported into every one of the indicators."""
    return release is not None and slugs <= set(release.indicators)


def _record_release(format_name: str, path: Path, checksum: str, publisher: str, rows_read: int) -> Release:
    """A new release; if another import recorded the same one since the check (a lost race), that one."""
    try:
        with transaction.atomic():  # a savepoint: the unique constraint's refusal leaves the import usable
            return Release.objects.create(
                format=format_name, file_name=path.name, checksum=checksum, publisher=publisher, rows_read=rows_read
            )
    except IntegrityError:
        release = _release(format_name, checksum, lock=True)
        if release is None:
            raise
        return release


def _for_file(targets: list[tuple[Indicator, Source]], file_name: str) -> list[tuple[Indicator, Source]]:
    """The indicators the catalogue reads from a file of this name; for a file it does not name
    (a new release, say), those whose selectors can pick their own rows out of any such file."""
    named = [(indicator, source) for indicator, source in targets if Path(source.file).name == file_name]
    if named:
        return named
    return [(indicator, source) for indicator, source in targets if source.selectors and not transform_for(source)]


def _targets(
    plan: Plan, format_name: str, slugs: Iterable[str] | None, file_name: str
) -> list[tuple[Indicator, Source]]:
    indicators = Indicator.objects.filter(plan=plan, status=Indicator.Status.PUBLISHED)
    if slugs is not None:
        wanted = list(slugs)
        indicators = indicators.filter(slug__in=wanted)
        found = set(indicators.values_list("slug", flat=True))
        unknown = [slug for slug in wanted if slug not in found]
        if unknown:
            raise OneStockportError(f"no published indicator {unknown} in the catalogue of {plan.slug}")
    targets = []
    for indicator in indicators:
        source = Source.model_validate(indicator.source) if indicator.source else None
        if source is not None and source.format == format_name:
            targets.append((indicator, source))
    if slugs is None:
        targets = _for_file(targets, file_name)
    if not targets:
        raise OneStockportError(f"no indicator in the catalogue reads the {format_name!r} format")
    return targets


def _assign(
    rows: list[ParsedObservation], targets: list[tuple[Indicator, Source]], *, wide: bool, report: ImportReport
) -> list[tuple[Indicator, list[ParsedObservation]]]:
    assigned = []
    used: set[int] = set()
    for indicator, source in targets:
        chosen = [row for row in rows if matches(row, source, wide=wide)]
        # Counted before any rereading below: a reread row is a new object, but the same row of the file.
        used.update(id(row) for row in chosen)
        if "academic" in indicator.frequency:
            chosen = [_as_academic_year(row) for row in chosen]
        transform = transform_for(source)
        if transform:
            chosen = transform(chosen, source)
        if chosen:
            assigned.append((indicator, chosen))
    report.skipped = sum(1 for row in rows if id(row) not in used)
    return assigned


def _as_academic_year(row: ParsedObservation) -> ParsedObservation:
    """'2019/20' reads as a financial year unless told otherwise; the catalogue says which it is."""
    if row.period.kind != PeriodKind.FINANCIAL_YEAR:
        return row
    return replace(row, period=parse_period(row.period.label, hint="academic"))


def _areas_for(path: Path, rows: list[ParsedObservation]) -> dict[str, Area]:
    """The register's areas for the rows' codes; any code not in the register aborts the import, named."""
    codes = {row.area_code for row in rows}
    areas = {area.code: area for area in Area.objects.filter(code__in=codes)}
    problems = [
        Problem(
            f"row {row.line}, area code",
            f"unknown area code {row.area_code!r} ({row.area_name}); not in the area register",
        )
        for row in rows
        if row.area_code not in areas
    ]
    if problems:
        raise InvalidInputError(str(path), problems[:25])
    return areas


def _store(
    indicator: Indicator,
    rows: list[ParsedObservation],
    areas: dict[str, Area],
    release: Release,
    report: ImportReport,
) -> None:
    current = {
        _key(obs.area.code, obs.period_label, obs.sex, obs.age, obs.category_type, obs.category): obs
        for obs in Observation.objects.filter(indicator=indicator, is_current=True).select_related("area")
    }
    new: list[Observation] = []
    superseded: list[Observation] = []
    seen: set[tuple] = set()
    for row in rows:
        key = _key(row.area_code, row.period.label, row.sex, row.age, row.category_type, row.category)
        if key in seen:
            report.repeated += 1  # a file that repeats a figure: the first one stands
            continue
        seen.add(key)
        values = _values(row)
        existing = current.get(key)
        if existing is not None and all(getattr(existing, name) == values[name] for name in VALUE_FIELDS):
            report.unchanged += 1
            continue
        if existing is not None:
            existing.is_current = False
            existing.superseded_by = release
            superseded.append(existing)
            report.revised += 1
            if len(report.revisions) < REVISIONS_KEPT:
                report.revisions.append(_revision(indicator, existing, row, values))
        else:
            report.added += 1
            report.added_periods.setdefault(indicator.slug, set()).add(row.period.label)
            report.added_areas.setdefault(indicator.slug, set()).add(row.area_code)
        new.append(
            Observation(
                indicator=indicator,
                area=areas[row.area_code],
                period_label=row.period.label,
                period_start=row.period.start,
                period_end=row.period.end,
                period_kind=str(row.period.kind),
                sex=row.sex,
                age=row.age,
                category_type=row.category_type,
                category=row.category,
                release=release,
                **values,
            )
        )
    # History first, so the one-current-figure constraint holds at every step.
    Observation.objects.bulk_update(superseded, ["is_current", "superseded_by"], batch_size=500)
    Observation.objects.bulk_create(new, batch_size=500)
    report.by_indicator[indicator.slug] += len(new)


def _revision(indicator: Indicator, old: Observation, row: ParsedObservation, values: dict) -> dict:
    """One revised figure, as the upload preview shows it."""
    return {
        "indicator": indicator.slug,
        "area": row.area_code,
        "area_name": old.area.name,
        "period": row.period.label,
        "breakdown": "; ".join(part for part in (row.sex, row.age, row.category) if part),
        "old": old.value,
        "new": values["value"],
        "old_note": old.missing_reason or old.note,
        "new_note": values["missing_reason"] or values["note"],
    }


def _key(*parts: str) -> tuple[str, ...]:
    return parts


def _values(row: ParsedObservation) -> dict:
    return {
        "value": row.value,
        "lower_95": row.lower_95,
        "upper_95": row.upper_95,
        "lower_998": row.lower_998,
        "upper_998": row.upper_998,
        "count": row.count,
        "denominator": row.denominator,
        "missing_reason": row.missing_reason[:300],
        "note": row.note[:500],
    }


@dataclass(frozen=True)
class SourceFile:
    format: str
    path: Path
    indicators: tuple[str, ...]


def default_source_files(*, catalogue: Catalogue, catalogue_path: Path) -> list[SourceFile]:
    """Every file the catalogue reads, once each, with the indicators it fills."""
    root = catalogue_path.parent / catalogue.raw_data_root.split("#")[0].strip()
    files: dict[tuple[str, str], list[str]] = {}
    for item in catalogue.indicators:
        if item.status == "published" and item.source is not None:
            files.setdefault((item.source.format, item.source.file), []).append(item.id)
    return [
        SourceFile(format=format_name, path=root / file, indicators=tuple(slugs))
        for (format_name, file), slugs in files.items()
    ]


def missing_importers(files: Iterable[SourceFile]) -> list[str]:
    from .importers.registry import IMPORTERS

    return sorted({file.format for file in files if file.format not in IMPORTERS})


@dataclass
class DefaultDataSummary:
    indicators: int
    reports: list[ImportReport]

    def describe(self) -> str:
        added = sum(report.added for report in self.reports)
        revised = sum(report.revised for report in self.reports)
        skipped = sum(report.already_imported for report in self.reports)
        return (
            f"Catalogue: {self.indicators} indicators; {len(self.reports)} files ({skipped} already imported): "
            f"{added} observations added, {revised} revised"
        )


def load_default_data(*, plan: Plan, on_file: Callable[[str, int], None] | None = None) -> DefaultDataSummary:
    """The area register, the indicator catalogue and every data file the catalogue reads (idempotent)."""
    from django.conf import settings

    from onestockport.places.services import load_areas
    from onestockport.plans.selectors import measure_keys

    from .catalogue import read_catalogue

    catalogue_path = Path(settings.ONESTOCKPORT_CATALOGUE_FILE)
    catalogue = read_catalogue(catalogue_path, measure_keys=measure_keys(plan))
    load_areas(data_dir=Path(settings.ONESTOCKPORT_DATA_DIR))
    counts = load_catalogue(plan=plan, catalogue=catalogue)
    files = default_source_files(catalogue=catalogue, catalogue_path=catalogue_path)
    reports = []
    for source in files:
        if on_file:
            on_file(source.path.name, len(files))
        reports.append(
            import_file(plan=plan, format_name=source.format, path=source.path, indicator_slugs=source.indicators)
        )
    return DefaultDataSummary(indicators=sum(counts.values()) - counts["deleted"], reports=reports)


def release_publisher(importer_class: type, plan: Plan) -> str:
    """Who publishes a file: the format's publisher, or for locally collected figures the plan's place."""
    return importer_class.publisher or f"{plan.place} council and partners"
