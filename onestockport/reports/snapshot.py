"""A dated snapshot of everything the annual report shows, taken from the database in one go.

The report is rendered from the snapshot only, never from the live database, so a report can be
rebuilt later exactly as it was (same HTML, same PDF) and checked against the figures it was built
from. The snapshot is plain JSON validated by the pydantic models below (``extra="forbid"``), so a
hand-edited or damaged file is named with what is wrong in it rather than half-rendered.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from django.utils import timezone
from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from onestockport.casestudies import selectors as case_study_selectors
from onestockport.delivery.selectors import STATUS_ORDER, approved_statuses, status_label
from onestockport.indicators.selectors import measures_with_evidence, place_area
from onestockport.indicators.verdicts import Verdict, comparable_series, current_observations, period_midpoint
from onestockport.places.models import Area
from onestockport.plans.models import Action, Plan
from onestockport.plans.place import current_place
from onestockport.plans.selectors import themes_with_priorities
from onestockport.voice import selectors as voice

from .errors import SnapshotError

SNAPSHOT_FORMAT = "onestockport-annual-report-snapshot"
SNAPSHOT_VERSION = 1
CHART_PERIODS = 12  # the latest periods a figure's chart and table show; the trend uses the whole series


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Point(_Record):
    period: str  # the publisher's period label, e.g. "2021/22"
    position: float  # the period's midpoint in fractional years, for honest spacing on a chart
    value: float | None
    lower: float | None = None  # 95% confidence limits where the publisher gives them
    upper: float | None = None


class Figure(_Record):
    """One official indicator's latest figure for the place, with what it is compared with."""

    indicator: str  # slug, as on /indicators/<slug>/
    title: str
    unit: str
    polarity: str
    source: str  # publisher and dataset
    licence: str
    period: str  # the latest figure's period
    value: float
    lower: float | None
    upper: float | None
    comparator: str  # the country the figure is compared with ("" when there is none)
    comparator_value: float | None
    comparison: str  # a stats.benchmarking.Comparison value, or "" when not compared
    trend: str  # a stats.trends.TrendAssessment value, or "" when there is too little data
    target: str  # a stats.targets.TargetStatus value, or "" when the indicator has no target
    target_text: str
    sentence: str  # the verdict in one plain sentence, as the site says it
    series: list[Point]  # the place's latest figures of the same period length as the latest one
    comparator_series: list[Point]


class NeededData(_Record):
    title: str
    data_needed: str


class Measure(_Record):
    slug: str
    text: str
    figures: list[Figure]
    local_data_needed: list[NeededData]


class ActionStatus(_Record):
    number: int
    title: str
    status: str  # a delivery Status value or "no-update"
    status_label: str
    period: str  # the reporting period of the update the status comes from ("" without one)


class StatusCount(_Record):
    status: str
    label: str
    count: int


class HeardItem(_Record):
    text: str
    source: str
    sub_items: list[str]


class Quote(_Record):
    text: str  # redacted as the voice selectors read it
    engagement: str


class Heard(_Record):
    plan_evidence: list[HeardItem]  # the plan's own "what we heard"
    has_responses: bool  # any published engagement responses since
    comments_display: str  # disclosure-controlled count, e.g. "fewer than 5"
    quotes: list[Quote]


class CaseStudy(_Record):
    title: str
    partner: str
    summary: str
    plan_title: str  # the plan's listed case study it fulfils, or ""
    approved_on: dt.date


class PrioritySnapshot(_Record):
    slug: str
    name: str
    ambition: str
    actions: list[ActionStatus]
    status_counts: list[StatusCount]
    measures: list[Measure]
    heard: Heard
    # Approved by the snapshot's time; defaults keep snapshots taken before case studies readable.
    case_studies: list[CaseStudy] = []
    case_studies_to_come: list[str] = []


class ThemeSnapshot(_Record):
    slug: str
    name: str
    tagline: str
    priorities: list[PrioritySnapshot]


class Value(_Record):
    name: str
    statement: str


class PlanSnapshot(_Record):
    slug: str
    title: str
    subtitle: str
    place: str
    status: str  # e.g. "Discussion draft"
    period_end: int
    source: str
    strapline: str
    vision: str
    values: list[Value]


class Engagement(_Record):
    name: str
    respondents_display: str
    comments_display: str


class Snapshot(_Record):
    format: Literal["onestockport-annual-report-snapshot"]
    version: int
    year: int
    as_at: AwareDatetime  # when the data were read, in UTC
    site_name: str
    place: str  # the area the figures are for, as its statistics name it
    plan: PlanSnapshot
    themes: list[ThemeSnapshot]
    engagements: list[Engagement]
    tagged_total_display: str
    disclosure_threshold: int

    @property
    def priorities(self) -> list[PrioritySnapshot]:
        return [priority for theme in self.themes for priority in theme.priorities]

    @property
    def as_at_utc(self) -> dt.datetime:
        return self.as_at.astimezone(dt.UTC)

    @property
    def date(self) -> dt.date:
        return self.as_at_utc.date()


# ---------------------------------------------------------------------------------------------- taking one


def take_snapshot(plan: Plan, *, year: int, as_at: dt.datetime | None = None) -> Snapshot:
    """Everything the annual report for `year` shows, read from the database now (or `as_at`)."""
    as_at = (as_at or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    if year > as_at.year:
        raise SnapshotError(f"the report year {year} has not started yet (as at {as_at:%d %B %Y})")
    if year < 2000:
        raise SnapshotError(f"the report year {year} is not a plausible year")
    # The plan's geography names its area; a plan with only a `place:` section names it by its code.
    code = (plan.place_settings or {}).get("code")
    place = place_area(plan) or (Area.objects.filter(code=code).first() if code else None)
    if place is None:
        raise SnapshotError(
            f"plan {plan.slug!r} names no area that is loaded (its `place: code`); "
            "run `onestockport setup` to load its areas"
        )
    overview = voice.voice_overview(plan)
    year_end = dt.date(year, 12, 31)
    themes = []
    for theme in themes_with_priorities(plan):
        priorities = []
        for priority in theme.priorities.all():
            actions = list(Action.objects.filter(priority=priority).order_by("number"))
            statuses = approved_statuses(actions, periods_starting_by=year_end)
            priorities.append(
                PrioritySnapshot(
                    slug=priority.slug,
                    name=priority.name,
                    ambition=priority.ambition,
                    actions=[
                        ActionStatus(
                            number=action.number,
                            title=action.title,
                            status=statuses[action.pk].status,
                            status_label=statuses[action.pk].label,
                            period=statuses[action.pk].period or "",
                        )
                        for action in actions
                    ],
                    status_counts=_counts([approved.status for approved in statuses.values()]),
                    measures=[
                        Measure(
                            slug=item.measure.slug,
                            text=item.measure.text,
                            figures=[_figure(verdict) for verdict in item.verdicts],
                            local_data_needed=[
                                NeededData(title=indicator.title, data_needed=indicator.data_needed)
                                for indicator in item.needs_local_data
                            ],
                        )
                        for item in measures_with_evidence(priority, place)
                    ],
                    heard=_heard(priority, overview),
                    **_case_studies(priority, as_at),
                )
            )
        themes.append(ThemeSnapshot(slug=theme.slug, name=theme.name, tagline=theme.tagline, priorities=priorities))
    vision = plan.vision or {}
    return Snapshot(
        format=SNAPSHOT_FORMAT,
        version=SNAPSHOT_VERSION,
        year=year,
        as_at=as_at,
        site_name=current_place().site_name,
        place=place.name,
        plan=PlanSnapshot(
            slug=plan.slug,
            title=plan.title,
            subtitle=plan.subtitle,
            place=plan.place,
            status=plan.status,
            period_end=plan.period_end,
            source=plan.source,
            strapline=vision.get("strapline", ""),
            vision=vision.get("statement", ""),
            values=[Value(name=value.name, statement=value.statement) for value in plan.values.all()],
        ),
        themes=themes,
        engagements=[
            Engagement(
                name=summary.engagement.name,
                respondents_display=summary.respondents_display,
                comments_display=summary.comments_display,
            )
            for summary in overview.engagements
        ],
        tagged_total_display=overview.tag_counts.total_display,
        disclosure_threshold=overview.threshold,
    )


def _counts(statuses: list[str]) -> list[StatusCount]:
    return [
        StatusCount(status=status, label=status_label(status), count=statuses.count(status)) for status in STATUS_ORDER
    ]


def _figure(verdict: Verdict) -> Figure:
    indicator, latest = verdict.indicator, verdict.latest
    assert latest is not None  # measures_with_evidence keeps only verdicts with a figure
    country = next((c for c in verdict.comparators if c.area.level == Area.Level.COUNTRY), None)
    series = comparable_series(verdict.series)[-CHART_PERIODS:]
    comparator_series: list[Point] = []
    if country is not None:
        breakdown = (latest.sex, latest.age, latest.category_type, latest.category)
        wanted = {obs.period_label for obs in series}
        comparator_series = [
            _point(obs)
            for obs in current_observations(indicator, [country.area])
            if (obs.sex, obs.age, obs.category_type, obs.category) == breakdown and obs.period_label in wanted
        ]
    compared = country is not None and country.observation is not None
    return Figure(
        indicator=indicator.slug,
        title=indicator.title,
        unit=indicator.unit,
        polarity=indicator.polarity,
        source=", ".join(part for part in (indicator.publisher, indicator.dataset) if part),
        licence=indicator.licence,
        period=latest.period_label,
        value=latest.value,
        lower=latest.lower_95,
        upper=latest.upper_95,
        comparator=country.area.name if country is not None else "",
        comparator_value=country.observation.value if compared else None,
        comparison=str(country.benchmark_95) if compared else "",
        trend=str(verdict.trend.assessment) if verdict.trend is not None else "",
        target=str(verdict.target.status) if verdict.target is not None else "",
        target_text=(indicator.target or {}).get("text", ""),
        sentence=verdict.sentence,
        series=[_point(obs) for obs in series],
        comparator_series=comparator_series,
    )


def _point(observation) -> Point:
    return Point(
        period=observation.period_label,
        position=round(period_midpoint(observation), 4),
        value=observation.value,
        lower=observation.lower_95,
        upper=observation.upper_95,
    )


def _heard(priority, overview: voice.VoiceOverview) -> Heard:
    found = voice.priority_voice(priority, overview)
    return Heard(
        plan_evidence=[
            HeardItem(
                text=item.get("text") or "", source=item.get("source") or "", sub_items=item.get("sub_items") or []
            )
            for item in found.evidence
        ],
        has_responses=found.has_responses,
        comments_display=found.count_display,
        quotes=[Quote(text=quote.text, engagement=quote.engagement) for quote in found.quotes],
    )


def _case_studies(priority, as_at: dt.datetime) -> dict:
    # as_at is to the second: an approval earlier in that same second is in.
    found_all = case_study_selectors.approved_for_priority(priority)
    approved = [found for found in found_all if found.reviewed_at.replace(microsecond=0) <= as_at]
    return {
        "case_studies": [
            CaseStudy(
                title=found.title,
                partner=found.partner.name,
                summary=found.summary,
                plan_title=found.plan_title,
                approved_on=found.reviewed_at.astimezone(dt.UTC).date(),
            )
            for found in sorted(approved, key=lambda found: (found.reviewed_at, found.pk))
        ],
        "case_studies_to_come": case_study_selectors.titles_to_come(priority, approved),
    }


# ---------------------------------------------------------------------------------------------- files


def snapshot_filename(snapshot: Snapshot) -> str:
    """Named with the report year and the snapshot's own UTC date and time, so snapshots never overwrite."""
    return f"annual-report-{snapshot.year}-snapshot-{snapshot.as_at_utc:%Y-%m-%dT%H%M%SZ}.json"


def write_snapshot(snapshot: Snapshot, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / snapshot_filename(snapshot)
    path.write_text(snapshot.model_dump_json(indent=1) + "\n", encoding="utf-8")
    return path


def read_snapshot(path: Path) -> Snapshot:
    """A snapshot file, validated; anything wrong with it is a SnapshotError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SnapshotError(f"{path}: no such snapshot file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path}: cannot read the snapshot file ({exc})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(raw, dict) or raw.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError(f'{path}: not an annual report snapshot (expected "format": "{SNAPSHOT_FORMAT}")')
    if raw.get("version") != SNAPSHOT_VERSION:
        raise SnapshotError(
            f"{path}: snapshot version {raw.get('version')!r} is not supported; this version of the software "
            f"reads version {SNAPSHOT_VERSION}. Take a new snapshot (run the command without --snapshot)."
        )
    try:
        return Snapshot.model_validate(raw)
    except ValidationError as exc:
        problems = "\n".join(
            f"  - {'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()[:20]
        )
        raise SnapshotError(f"{path}: the snapshot does not match version {SNAPSHOT_VERSION}:\n{problems}") from None
