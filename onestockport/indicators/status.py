"""How an indicator is doing: comparisons by the strongest basis, direction of travel, one status, one sentence.

The statistics are the pure functions in `onestockport.stats` (comparisons, change, status, units);
this module turns observations into their inputs and the results into a plain sentence. `verdicts`
uses it for each verdict and each row of `onestockport data verdicts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from onestockport.places.models import Area
from onestockport.stats.change import ChangePoint, ChangeResult, Direction, assess_change
from onestockport.stats.comparisons import ComparisonBasis, ComparisonResult, Figure, Relation, compare_figures
from onestockport.stats.targets import TargetAssessment, TargetStatus
from onestockport.stats.trends import ValueType
from onestockport.stats.units import (
    UnitKind,
    format_number,
    format_value,
    publisher_decimals,
    unit_kind,
    unit_multiplier,
    value_type_for_unit,
)

from .models import Indicator, Observation

# A population indicator: a published total whose title names a population (e.g. a census count of
# usual residents or mid-year estimates). Its figures turn other totals into rates per resident.
POPULATION_WORDS = ("population",)


def value_type(indicator: Indicator) -> ValueType:
    return value_type_for_unit(indicator.unit)


def comparable_series(series: list[Observation]) -> list[Observation]:
    """The figures that form one series with the latest: periods of the same length, one per period.

    Some files mix single years with rolling three-year periods; a trend joins like with like.
    """
    valued = [obs for obs in series if obs.value is not None]
    if not valued:
        return []
    span = _span(valued[-1])
    same = {obs.period_start: obs for obs in series if abs(_span(obs) - span) <= 31}
    return [same[start] for start in sorted(same)]


def _span(observation: Observation) -> int:
    return (observation.period_end - observation.period_start).days


def period_midpoint(observation: Observation) -> float:
    """A period's midpoint as a fractional year, so multi-year and financial periods place fairly."""
    middle = observation.period_start + (observation.period_end - observation.period_start) / 2
    return middle.year + (middle.timetuple().tm_yday - 1) / 365.25


def _period_year(observation: Observation) -> int:
    return (observation.period_start + (observation.period_end - observation.period_start) / 2).year


def is_population_indicator(indicator: Indicator) -> bool:
    title = indicator.title.lower()
    return unit_kind(indicator.unit) is UnitKind.TOTAL and any(word in title for word in POPULATION_WORDS)


class Populations:
    """Residents by area and year, from the plan's population indicators; loaded when first asked."""

    def __init__(self, indicator: Indicator) -> None:
        self._indicator = indicator
        self._by_area_year: dict[tuple[int, int], float] | None = None

    def _load(self) -> dict[tuple[int, int], float]:
        found: dict[tuple[int, int], float] = {}
        published = Indicator.objects.filter(plan_id=self._indicator.plan_id, status=Indicator.Status.PUBLISHED)
        sources = [
            candidate
            for candidate in published
            if candidate.pk != self._indicator.pk and is_population_indicator(candidate)
        ]
        observations = Observation.objects.filter(
            indicator__in=sources, is_current=True, value__isnull=False, sex="", age="", category_type="", category=""
        ).order_by("indicator__position", "period_start")
        for obs in observations:
            found.setdefault((obs.area_id, _period_year(obs)), obs.value)
        return found

    def of(self, observation: Observation) -> float | None:
        """The area's population in the year the observation's period is centred on, if one is given."""
        if is_population_indicator(self._indicator):
            return None  # a population is not made a rate by itself
        if self._by_area_year is None:
            self._by_area_year = self._load()
        return self._by_area_year.get((observation.area_id, _period_year(observation)))


def figure_of(observation: Observation, population: float | None = None) -> Figure:
    return Figure(
        value=observation.value,
        lower_95=observation.lower_95,
        upper_95=observation.upper_95,
        lower_998=observation.lower_998,
        upper_998=observation.upper_998,
        count=observation.count,
        denominator=observation.denominator,
        population=population,
    )


@dataclass(frozen=True)
class Profile:
    """What every figure of an indicator says about it: the kind of figure, and the publisher's precision."""

    kind: UnitKind
    decimals: int


def profile_of(indicator: Indicator) -> Profile:
    """The indicator's kind (`units.unit_kind` with its figures) and decimals (`units.publisher_decimals`)."""
    values = list(
        Observation.objects.filter(indicator=indicator, is_current=True, value__isnull=False).values_list(
            "value", flat=True
        )
    )
    return Profile(kind=unit_kind(indicator.unit, values), decimals=publisher_decimals(values))


def compare_observations(
    indicator: Indicator,
    own: Observation | None,
    other: Observation | None,
    *,
    kind: UnitKind,
    populations: Populations,
) -> ComparisonResult:
    """The comparison of `own` with a comparator's `other` (same period and breakdown) by the strongest basis."""
    if own is None:
        return compare_figures(Figure(None), Figure(None), polarity=indicator.polarity, kind=kind)
    if other is None:
        return compare_figures(figure_of(own), Figure(None), polarity=indicator.polarity, kind=kind)
    needs_population = kind is UnitKind.TOTAL
    return compare_figures(
        figure_of(own, populations.of(own) if needs_population else None),
        figure_of(other, populations.of(other) if needs_population else None),
        polarity=indicator.polarity,
        kind=kind,
        value_type=value_type(indicator),
        multiplier=unit_multiplier(indicator.unit),
    )


def change_of(indicator: Indicator, series: list[Observation], *, kind: UnitKind) -> ChangeResult:
    """The direction of travel of one area's series (its comparable periods), by `stats.change`."""
    points = [
        ChangePoint(
            label=obs.period_label,
            start=obs.period_start,
            value=obs.value,
            count=obs.count,
            denominator=obs.denominator,
            lower=obs.lower_95,
            upper=obs.upper_95,
        )
        for obs in comparable_series(series)
    ]
    return assess_change(points, kind=kind, value_type=value_type(indicator), polarity=indicator.polarity)


# --- the sentence -----------------------------------------------------------------------------------------

INTERVAL_WORDS = {
    Relation.HIGHER: "significantly higher than",
    Relation.LOWER: "significantly lower than",
    Relation.SIMILAR: "similar to",
}
DIFFERENCE_WORDS = {Relation.HIGHER: "higher than", Relation.LOWER: "lower than", Relation.SIMILAR: "close to"}


@dataclass(frozen=True)
class Headline:
    """The comparison a sentence quotes: the comparator's name, its figure and the result."""

    area: Area
    observation: Observation | None
    result: ComparisonResult


def choose_headline(headlines: Sequence[Headline]) -> Headline | None:
    """England (the country) if it could be compared, else the first comparator that could, else England."""
    countries = [h for h in headlines if h.area.level == Area.Level.COUNTRY]
    compared = [h for h in headlines if h.result.comparison is not Relation.NOT_COMPARABLE]
    for choice in (
        [h for h in countries if h in compared],
        compared,
        countries,
        list(headlines),
    ):
        if choice:
            return choice[0]
    return None


def _as_date(label: str) -> str | None:
    """'2021-03-21' -> '21 March 2021'; None for any other label ('2019/20', 'Q1 2022')."""
    try:
        day = date.fromisoformat(label)
    except ValueError:
        return None
    return f"{day.day} {day:%B %Y}"


def when_words(label: str) -> str:
    """'in 2023', 'in 2019/20', or 'on 21 March 2021' for a single-day label."""
    day = _as_date(label)
    return f"on {day}" if day else f"in {label}"


def since_words(label: str) -> str:
    return f"since {_as_date(label) or label}"


def _percent_text(pct: float) -> str:
    size = abs(pct)
    return f"{size:.1f}%" if round(size) < 1 else f"{size:.0f}%"


def change_words(change: ChangeResult | None, *, unit: str, decimals: int) -> str:
    """'down 19% since 2019', 'up 2.1 percentage points since 2021', 'little changed since 2019', or ''."""
    if change is None or not change.change_from:
        return ""
    if change.direction is Direction.LITTLE_CHANGE:
        return f"little changed {since_words(change.change_from)}"
    if change.direction not in (Direction.RISING, Direction.FALLING) or change.change is None:
        return ""
    way = "up" if change.direction is Direction.RISING else "down"
    since = since_words(change.change_from)
    kind = unit_kind(unit)
    if kind is UnitKind.PERCENTAGE:
        return f"{way} {format_number(abs(change.change), decimals)} percentage points {since}"
    if kind is UnitKind.YEARS:  # judged in years, so said in years
        return f"{way} {format_value(abs(change.change), unit, decimals)} {since}"
    if change.change_pct is not None:
        return f"{way} {_percent_text(change.change_pct)} {since}"
    return f"{way} {format_value(abs(change.change), unit, decimals)} {since}"


def comparison_words(headline: Headline | None, *, unit: str, decimals: int) -> str:
    """'lower than England (4.78)', 'significantly higher than England (62.1)', 'close to North West (3.1%)', or ''."""
    if headline is None or headline.result.comparison is Relation.NOT_COMPARABLE:
        return ""
    result = headline.result
    intervals = result.basis in (ComparisonBasis.PUBLISHED_INTERVALS, ComparisonBasis.COMPUTED_INTERVALS)
    words = (INTERVAL_WORDS if intervals else DIFFERENCE_WORDS)[result.comparison]
    if result.reason == "compared per resident":
        return f"{words} {headline.area.name} per resident"
    value = headline.observation.value if headline.observation is not None else None
    quoted = f" ({format_value(value, unit, decimals, short=True)})" if value is not None else ""
    return f"{words} {headline.area.name}{quoted}"


def target_words(indicator: Indicator, target: TargetAssessment | None) -> str:
    if target is None or target.status is TargetStatus.NOT_ASSESSED:
        return ""
    year = indicator.target.get("year", "")
    if target.status is TargetStatus.ACHIEVED:
        return f"the {year} target has been met"
    if target.status is TargetStatus.ON_TRACK:
        return f"on track for the {year} target"
    return f"not on track for the {year} target"


def summary_sentence(
    *,
    indicator: Indicator,
    area: Area,
    latest: Observation | None,
    headline: Headline | None,
    change: ChangeResult | None,
    target: TargetAssessment | None,
    decimals: int,
) -> str:
    """One plain sentence: '3.50 tonnes CO2e per person in 2023: lower than England (4.78) and down 19% since 2019.'"""
    if latest is None or latest.value is None:
        return f"There is no published figure for {area.name} as a whole."
    unit = indicator.unit
    opening = f"{format_value(latest.value, unit, decimals)} {when_words(latest.period_label)}"
    clauses = [
        text
        for text in (
            comparison_words(headline, unit=unit, decimals=decimals),
            change_words(change, unit=unit, decimals=decimals),
        )
        if text
    ]
    sentence = opening + (": " + " and ".join(clauses) if clauses else "")
    goal = target_words(indicator, target)
    return sentence + (f"; {goal}" if goal else "") + "."
