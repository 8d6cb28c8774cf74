"""What each endpoint returns: the response shapes the OpenAPI schema publishes."""

import datetime as dt
from typing import Literal

from ninja import Schema

StatusCode = Literal["not-started", "on-track", "at-risk", "off-track", "complete", "no-update"]
# The statistics' words (onestockport.stats: comparisons, change, status); docs/methods.md defines each.
ComparisonCode = Literal["higher", "lower", "similar", "not-comparable"]
ComparisonBasisCode = Literal["published-intervals", "computed-intervals", "difference", "none"]
JudgementCode = Literal["better", "worse", "similar", "higher", "lower", "not-compared"]
DirectionCode = Literal["rising", "falling", "little-change", "too-few-points", "not-assessed"]
DirectionBasisCode = Literal["significance-test", "size-of-change", "none"]
IndicatorStatusCode = Literal[
    "improving", "worsening", "mixed", "little-change", "not-enough-data", "rising", "falling"
]


class Error(Schema):
    detail: str


class ValidationProblem(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    detail: list[ValidationProblem]


class Counts(Schema):
    themes: int
    priorities: int
    actions: int
    measures: int
    commitments: int
    partners: int
    delivery_bodies: int
    indicators: int
    observations: int


class PlanOut(Schema):
    slug: str
    title: str
    subtitle: str
    place: str
    status: str
    period_end: int
    source: str
    vision: str
    counts: Counts
    url: str


class PrioritySummary(Schema):
    slug: str
    name: str
    theme: str
    position: int
    ambition: str
    action_count: int
    measure_count: int
    url: str


class ThemeOut(Schema):
    slug: str
    name: str
    position: int
    tagline: str
    why: str
    priorities: list[PrioritySummary]
    url: str


class StatusOut(Schema):
    status: StatusCode
    label: str
    period: str | None
    approved_on: dt.date | None


class ActionSummary(Schema):
    id: str
    priority: str
    number: int
    title: str
    status: StatusOut
    url: str


class Commitment(Schema):
    what: str
    quantity: float | None
    unit: str
    by: str
    due: dt.date
    wording: str


class ActionOut(ActionSummary):
    theme: str
    text: str
    sub_items: list[str]
    lead_partner: str | None
    contributing_partners: list[str]
    delivery_body: str | None
    start_date: dt.date | None
    due_date: dt.date | None
    commitments: list[Commitment]


class StatusCount(Schema):
    status: StatusCode
    label: str
    count: int


class Figure(Schema):
    period: str
    period_start: dt.date
    period_end: dt.date
    breakdown: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    source_file: str
    publisher: str


class ComparatorOut(Schema):
    area_code: str
    area_name: str
    period: str | None
    value: float | None
    benchmark_95: str
    benchmark_998: str
    comparison: ComparisonCode
    comparison_basis: ComparisonBasisCode
    difference_pct: float | None
    judgement: JudgementCode
    comparison_reason: str


class TrendOut(Schema):
    assessment: str
    direction: str
    method: str
    n_points: int
    p_value: float | None
    message: str


class TargetOut(Schema):
    text: str
    value: float | None
    year: int | None
    status: str
    category: str
    explanation: str


class InequalityOut(Schema):
    period: str
    quantiles: int
    most_deprived_value: float | None
    least_deprived_value: float | None
    absolute_gap: float | None
    relative_gap: float | None
    sii: float | None
    rii: float | None


class VerdictOut(Schema):
    area_code: str
    area_name: str
    sentence: str
    summary: str
    status: IndicatorStatusCode
    comparator_code: str | None
    comparison: ComparisonCode
    comparison_basis: ComparisonBasisCode
    difference_pct: float | None
    judgement: JudgementCode
    direction: DirectionCode
    direction_basis: DirectionBasisCode
    change_pct: float | None
    change_from: str | None
    change_to: str | None
    decimals: int
    latest: Figure | None
    comparators: list[ComparatorOut]
    trend: TrendOut | None
    target: TargetOut | None
    inequality: InequalityOut | None


class MeasureIndicator(Schema):
    id: str
    title: str
    status: str
    match: str
    url: str
    verdict: VerdictOut | None


class MeasureOut(Schema):
    id: str
    priority: str
    slug: str
    position: int
    text: str
    indicators: list[MeasureIndicator]


class PriorityOut(PrioritySummary):
    introduction: list[str]
    delivered_through: str
    delivery_bodies: list[str]
    status_counts: list[StatusCount]
    actions: list[ActionSummary]
    measures: list[MeasureOut]


class Source(Schema):
    publisher: str
    dataset: str
    licence: str
    frequency: str
    file: str | None
    format: str | None


class IndicatorSummary(Schema):
    id: str
    title: str
    status: str
    unit: str
    polarity: str
    publisher: str
    licence: str
    measures: list[str]
    url: str


class IndicatorOut(IndicatorSummary):
    definition: str
    caveats: str
    data_needed: str
    geographies: list[str]
    source: Source
    first_period: str | None
    latest_period: str | None
    observations: int
    verdict: VerdictOut | None


class ObservationOut(Schema):
    id: int
    indicator: str
    area_code: str
    area_name: str
    period: str
    period_start: dt.date
    period_end: dt.date
    period_kind: str
    sex: str
    age: str
    category_type: str
    category: str
    value: float | None
    lower_95: float | None
    upper_95: float | None
    lower_998: float | None
    upper_998: float | None
    count: float | None
    denominator: float | None
    missing_reason: str
    note: str
    source_file: str
    publisher: str


class Endpoint(Schema):
    path: str
    description: str


class IndexOut(Schema):
    title: str
    version: str
    openapi: str
    documentation: str
    endpoints: list[Endpoint]
