"""The plan's indicators at a glance: one row per indicator for the plan's place, and each measure's status.

Working out every indicator's verdict takes seconds and hundreds of queries, so the overview is computed
once and kept in Django's cache under a key that includes a fingerprint of everything it is computed
from: the imported releases, the current observations, the indicator catalogue and its links to the
measures, the comparators, and the plan's last load. A new import or load changes the fingerprint, so
the next reader computes afresh at once; nothing waits for a timeout. The rows are plain values (no
model instances), so they pickle into any cache backend.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Sum

from onestockport.places.models import Area
from onestockport.plans.models import Measure, Plan
from onestockport.server.content_version import current_version
from onestockport.stats.comparisons import ComparisonBasis, Relation
from onestockport.stats.rollup import MeasureStatus, measure_status
from onestockport.stats.status import IndicatorStatus
from onestockport.stats.units import format_value

from .models import ComparatorGroup, Indicator, Observation, Release
from .selectors import place_area
from .status import change_words
from .verdicts import Verdict, verdict_for

# Bump when the rows change shape, so a cache shared across a deployment never hands back old ones.
CACHE_VERSION = 1
# Entries for data that has since changed are never read again; the timeout only frees their memory.
CACHE_SECONDS = 7 * 24 * 3600
COMPUTE_WAIT_SECONDS = 30  # several times the computation's two seconds

LOCAL_DATA_NEEDED = "local-data-needed"  # a row's status when the catalogue has no published statistic
NO_DATA_STATUSES = (IndicatorStatus.NOT_ENOUGH_DATA.value, LOCAL_DATA_NEEDED)
DIRECT = "direct"

STATUS_LABELS: dict[str, str] = {
    IndicatorStatus.IMPROVING: "Improving",
    IndicatorStatus.WORSENING: "Worsening",
    IndicatorStatus.MIXED: "Mixed",
    IndicatorStatus.LITTLE_CHANGE: "Little change",
    IndicatorStatus.RISING: "Rising",
    IndicatorStatus.FALLING: "Falling",
    IndicatorStatus.NOT_ENOUGH_DATA: "Not enough data",
    LOCAL_DATA_NEEDED: "Local data needed",
    MeasureStatus.NO_DATA: "Not enough data",
}
# The order measures are counted in and statuses sorted by: the ones needing attention first.
MEASURE_STATUS_ORDER = [
    MeasureStatus.WORSENING,
    MeasureStatus.MIXED,
    MeasureStatus.LITTLE_CHANGE,
    MeasureStatus.IMPROVING,
    MeasureStatus.NO_DATA,
]
# Sorting by status: the ones needing attention first; a direction that is neither good nor bad ranks
# with little change. Not enough data and local data needed have no rank (they sort last either way).
STATUS_RANKS: dict[str, int] = {
    IndicatorStatus.WORSENING: 0,
    IndicatorStatus.MIXED: 1,
    IndicatorStatus.LITTLE_CHANGE: 2,
    IndicatorStatus.RISING: 2,
    IndicatorStatus.FALLING: 2,
    IndicatorStatus.IMPROVING: 3,
}
JUDGEMENT_RANKS: dict[str, int] = {"worse": 0, "similar": 1, "higher": 1, "lower": 1, "better": 2}
MATCH_LABELS = {"direct": "direct measure", "partial": "partial measure", "context": "context"}


@dataclass(frozen=True)
class ServedMeasure:
    """A measure an indicator serves, and how: directly, in part, or as context."""

    priority_slug: str
    priority_name: str
    measure_slug: str
    measure_text: str
    match: str  # direct, partial or context

    @property
    def match_label(self) -> str:
        return MATCH_LABELS.get(self.match, self.match)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator for the plan's place: its latest figure against the country, its direction and status."""

    slug: str
    title: str
    unit: str
    publisher: str
    position: int
    published: bool
    data_needed: str = ""
    value_text: str = ""  # the latest figure with its unit, at the publisher's precision ('' without one)
    period: str = ""
    period_end: dt.date | None = None
    country_value_text: str = ""  # the country's figure for the same period and breakdown
    comparison: str = Relation.NOT_COMPARABLE.value  # higher / lower / similar / not-comparable
    comparison_basis: str = ComparisonBasis.NONE.value
    judgement: str = "not-compared"  # better / worse / similar / higher / lower / not-compared
    difference_pct: float | None = None
    comparison_reason: str = ""
    headline_basis: str = ComparisonBasis.NONE.value  # the basis of the comparison the summary quotes
    direction: str = ""  # rising / falling / little-change / too-few-points / not-assessed
    direction_basis: str = ""
    change_text: str = ""  # 'down 19% since 2019'
    change_from: str = ""
    change_to: str = ""
    status: str = IndicatorStatus.NOT_ENOUGH_DATA.value
    status_basis: str = ""
    summary: str = ""
    serves: tuple[ServedMeasure, ...] = ()

    @property
    def has_figure(self) -> bool:
        return bool(self.value_text)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def no_data(self) -> bool:
        return self.status in NO_DATA_STATUSES

    def serves_priority(self, priority_slug: str) -> list[ServedMeasure]:
        return [served for served in self.serves if served.priority_slug == priority_slug]


@dataclass(frozen=True)
class MeasureRow:
    """A measure of success with its status, from its direct indicators (`stats.rollup.measure_status`)."""

    priority_slug: str
    priority_name: str
    slug: str
    text: str
    status: str
    indicators: tuple[tuple[str, str], ...]  # (indicator slug, match) in catalogue order
    direct_with_status: int = 0  # direct indicators whose status counted

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Overview:
    place_name: str
    country_name: str  # the comparator the table quotes (the country, e.g. England)
    rows: tuple[IndicatorRow, ...]
    measures: tuple[MeasureRow, ...]
    fingerprint: str = ""

    @cached_property
    def by_slug(self) -> dict[str, IndicatorRow]:
        return {row.slug: row for row in self.rows}

    def measures_of(self, priority_slug: str) -> list[MeasureRow]:
        return [measure for measure in self.measures if measure.priority_slug == priority_slug]

    def rows_of(self, measure: MeasureRow) -> list[tuple[IndicatorRow, str]]:
        """The measure's indicators with how each serves it, in catalogue order."""
        return [(self.by_slug[slug], match) for slug, match in measure.indicators if slug in self.by_slug]

    def measures_with_rows(self, priority_slug: str) -> list[tuple[MeasureRow, list[tuple[IndicatorRow, str]]]]:
        """The priority's measures, each with its indicators and how each serves it (the priority page)."""
        return [(measure, self.rows_of(measure)) for measure in self.measures_of(priority_slug)]

    def rows_for_priority(self, priority_slug: str) -> list[IndicatorRow]:
        """Indicators serving any of the priority's measures, in catalogue order."""
        return [row for row in self.rows if row.serves_priority(priority_slug)]


# --- The cache ------------------------------------------------------------------------------------


def data_fingerprint(plan: Plan) -> str:
    """A digest of everything the overview is computed from; any import, load or catalogue change alters it.

    Five small queries: aggregates over releases and current observations (a revision adds a new current
    row, so its id and the sum of values move), and the catalogue's rows, links and comparators.
    """
    releases = Release.objects.aggregate(count=Count("pk"), last=Max("pk"), imported=Max("imported_at"))
    observations = Observation.objects.filter(indicator__plan=plan, is_current=True).aggregate(
        count=Count("pk"), last=Max("pk"), total=Sum("value")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .order_by("pk")
        .values_list(
            "pk",
            "slug",
            "title",
            "unit",
            "polarity",
            "status",
            "target",
            "match",
            "position",
            "publisher",
            "data_needed",
        )
    )
    links = list(
        Indicator.measures.through.objects.filter(indicator__plan=plan)
        .order_by("pk")
        .values_list("indicator_id", "measure_id")
    )
    comparators = list(
        ComparatorGroup.areas.through.objects.filter(comparatorgroup__plan=plan)
        .order_by("pk")
        .values_list("comparatorgroup_id", "area_id")
    )
    parts = [
        CACHE_VERSION,
        plan.pk,
        plan.loaded_at.isoformat() if plan.loaded_at else "",
        plan.source_checksum,
        sorted(releases.items(), key=lambda item: item[0]),
        sorted(observations.items(), key=lambda item: item[0]),
        indicators,
        links,
        comparators,
    ]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def plan_overview(plan: Plan) -> Overview:
    """The overview for the plan's place, from the cache when the data has not changed since it was computed.

    While the page cache runs, it is also kept under the content version, which changes with every committed
    write to the tables the fingerprint reads: one cache read then replaces the fingerprint's five queries.
    """
    by_version = settings.ONESTOCKPORT_PAGE_CACHE
    version_key = f"onestockport:overview-now:{CACHE_VERSION}:{plan.pk}:{current_version().token}" if by_version else ""
    if by_version and (found := cache.get(version_key)) is not None:
        return found
    fingerprint = data_fingerprint(plan)
    key = f"onestockport:overview:{plan.pk}:{fingerprint}"
    found = cache.get(key)
    if found is None:
        found = compute_once(plan, key, fingerprint)
    if by_version:
        cache.set(version_key, found, CACHE_SECONDS)
    return found


def compute_once(plan: Plan, key: str, fingerprint: str) -> Overview:
    """Compute a missing overview in one place while other requests, on any instance, wait for it.

    After a change every page needs the new overview at once; without this, each busy worker thread would
    spend the same two seconds computing it. A waiter that sees no result within COMPUTE_WAIT_SECONDS (the
    computing process died, say) computes it itself.
    """
    marker = f"{key}:computing"
    if cache.add(marker, True, timeout=COMPUTE_WAIT_SECONDS):
        try:
            found = compute_overview(plan, fingerprint=fingerprint)
            cache.set(key, found, CACHE_SECONDS)
            return found
        finally:
            cache.delete(marker)
    deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if (found := cache.get(key)) is not None:
            return found
    return compute_overview(plan, fingerprint=fingerprint)


# --- Computing it ---------------------------------------------------------------------------------


def compute_overview(plan: Plan, *, fingerprint: str = "") -> Overview:
    """Every indicator's row and every measure's status (about 2 seconds for a full catalogue)."""
    area = place_area(plan)
    measures = list(Measure.objects.filter(priority__plan=plan).select_related("priority"))
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.select_related("priority")))
    )
    country_name = ""
    rows = []
    for indicator in indicators:
        verdict = None
        if area is not None and indicator.status == Indicator.Status.PUBLISHED:
            verdict = verdict_for(indicator, area)
            country_name = country_name or _country_name(verdict)
        rows.append(_row(indicator, verdict))
    return Overview(
        place_name=area.name if area is not None else plan.place,
        country_name=country_name or "Country",
        rows=tuple(rows),
        measures=tuple(_measure_rows(measures, indicators, {row.slug: row for row in rows})),
        fingerprint=fingerprint,
    )


def _country_name(verdict: Verdict) -> str:
    return next((c.area.name for c in verdict.comparators if c.area.level == Area.Level.COUNTRY), "")


def _served(indicator: Indicator) -> tuple[ServedMeasure, ...]:
    ordered = sorted(indicator.measures.all(), key=lambda m: (m.priority.position, m.position))
    return tuple(
        ServedMeasure(
            priority_slug=measure.priority.slug,
            priority_name=measure.priority.name,
            measure_slug=measure.slug,
            measure_text=measure.text,
            match=_match(indicator, measure),
        )
        for measure in ordered
    )


def _match(indicator: Indicator, measure: Measure) -> str:
    """How the indicator serves the measure, from the catalogue's `match` (direct where it does not say)."""
    return indicator.match.get(f"{measure.priority.slug}/{measure.slug}", DIRECT)


def _row(indicator: Indicator, verdict: Verdict | None) -> IndicatorRow:
    base = {
        "slug": indicator.slug,
        "title": indicator.title,
        "unit": indicator.unit,
        "publisher": indicator.publisher,
        "position": indicator.position,
        "published": indicator.status == Indicator.Status.PUBLISHED,
        "data_needed": indicator.data_needed,
        "serves": _served(indicator),
    }
    if indicator.status != Indicator.Status.PUBLISHED:
        return IndicatorRow(**base, status=LOCAL_DATA_NEEDED)
    if verdict is None:
        return IndicatorRow(**base)
    latest, unit, decimals = verdict.latest, indicator.unit, verdict.decimals
    country = next((c for c in verdict.comparators if c.area.level == Area.Level.COUNTRY), None)
    change = verdict.change
    figures: dict[str, object] = {}
    if latest is not None and latest.value is not None:
        figures = {
            "value_text": format_value(latest.value, unit, decimals),
            "period": latest.period_label,
            "period_end": latest.period_end,
        }
    if country is not None:
        other = country.observation
        result = country.comparison
        figures |= {
            "country_value_text": (
                format_value(other.value, unit, decimals, short=True)
                if other is not None and other.value is not None
                else ""
            ),
            "comparison": str(result.comparison),
            "comparison_basis": str(result.basis),
            "judgement": str(result.judgement),
            "difference_pct": result.difference_pct,
            "comparison_reason": result.reason,
        }
    headline = verdict.headline
    if headline is not None:
        figures["headline_basis"] = str(headline.comparison.basis)
    if change is not None:
        figures |= {
            "direction": str(change.direction),
            "direction_basis": str(change.basis),
            "change_text": change_words(change, unit=unit, decimals=decimals),
            "change_from": change.change_from,
            "change_to": change.change_to,
        }
    if verdict.status is not None:
        figures |= {"status": str(verdict.status.status), "status_basis": str(verdict.status.basis)}
    return IndicatorRow(**base, **figures, summary=verdict.summary)  # type: ignore[arg-type]


def _measure_rows(
    measures: list[Measure], indicators: list[Indicator], rows: dict[str, IndicatorRow]
) -> list[MeasureRow]:
    serving: dict[int, list[tuple[str, str]]] = {measure.pk: [] for measure in measures}
    for indicator in indicators:
        for measure in indicator.measures.all():
            serving.setdefault(measure.pk, []).append((indicator.slug, _match(indicator, measure)))
    result = []
    for measure in sorted(measures, key=lambda m: (m.priority.position, m.position)):
        linked = tuple(serving.get(measure.pk, []))
        direct = [rows[slug].status for slug, match in linked if match == DIRECT and rows[slug].published]
        result.append(
            MeasureRow(
                priority_slug=measure.priority.slug,
                priority_name=measure.priority.name,
                slug=measure.slug,
                text=measure.text,
                status=str(measure_status(direct)),
                indicators=linked,
                direct_with_status=sum(1 for status in direct if status not in NO_DATA_STATUSES),
            )
        )
    return result


# --- The overview table: sections by priority, filters and sorts ---------------------------------------

FILTERS: dict[str, Callable[[IndicatorRow], bool]] = {
    "worse-than-england": lambda row: row.judgement == "worse",  # the country comparator
    "getting-worse": lambda row: row.status == IndicatorStatus.WORSENING,
    "no-data": lambda row: row.no_data,
}
SORTS: dict[str, Callable[[IndicatorRow], object]] = {
    "indicator": lambda row: row.title.lower(),
    "status": lambda row: STATUS_RANKS.get(row.status),
    "comparison": lambda row: JUDGEMENT_RANKS.get(row.judgement),
    "period": lambda row: row.period_end,
}


@dataclass(frozen=True)
class TableSection:
    """One priority's part of the overview table."""

    priority_slug: str
    priority_name: str
    rows: list[IndicatorRow]
    measure_counts: list[tuple[str, int]]  # (measure status, how many of its measures), in MEASURE_STATUS_ORDER
    measures_total: int
    unmeasured: list[MeasureRow]  # measures no indicator serves, not even one needing local data


def sort_rows(rows: Iterable[IndicatorRow], sort: str) -> list[IndicatorRow]:
    """Rows by a SORTS key, '-key' for the reverse; rows without that value (no figure, no status) stay last,
    and ties keep the catalogue's order."""
    rows = list(rows)
    name = sort.removeprefix("-")
    if name not in SORTS:
        return rows
    key = SORTS[name]
    having = [row for row in rows if key(row) is not None]
    lacking = [row for row in rows if key(row) is None]
    return sorted(having, key=key, reverse=sort.startswith("-")) + lacking  # type: ignore[arg-type, return-value]


def table_sections(overview: Overview, *, priority: str = "", wanted: str = "", sort: str = "") -> list[TableSection]:
    """The overview table by priority: every priority (or the one asked for), its rows filtered and sorted."""
    keep = FILTERS.get(wanted, lambda row: True)
    priorities = dict.fromkeys((m.priority_slug, m.priority_name) for m in overview.measures)
    sections = []
    for slug, name in priorities:
        if priority and slug != priority:
            continue
        measures = overview.measures_of(slug)
        counts = {status: sum(1 for m in measures if m.status == status) for status in MEASURE_STATUS_ORDER}
        sections.append(
            TableSection(
                priority_slug=slug,
                priority_name=name,
                rows=sort_rows((row for row in overview.rows_for_priority(slug) if keep(row)), sort),
                measure_counts=[(str(status), count) for status, count in counts.items() if count],
                measures_total=len(measures),
                unmeasured=[m for m in measures if not m.indicators] if wanted in ("", "no-data") else [],
            )
        )
    return sections
