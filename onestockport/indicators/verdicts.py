"""Reads that analyse: each indicator's latest figure against comparators, its trend, target and gaps.

The statistics are the pure functions in `onestockport.stats`; this module only gathers the
observations they need from the database and puts the results into words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from onestockport.places.models import Area
from onestockport.stats.benchmarking import Comparison, compare
from onestockport.stats.inequality import InequalityResult, decile_inequality
from onestockport.stats.targets import TargetAssessment, assess_target
from onestockport.stats.trends import TrendAssessment, TrendPoint, TrendResult, ValueType, recent_trend

from .models import ComparatorGroup, Indicator, Observation

Breakdown = tuple[str, str, str, str]  # sex, age, category type, category
NO_BREAKDOWN: Breakdown = ("", "", "", "")
DEPRIVATION_BREAKDOWNS = ("deprivation quintile", "deprivation decile")


@dataclass(frozen=True)
class ComparatorResult:
    area: Area
    observation: Observation | None
    benchmark_95: Comparison
    benchmark_998: Comparison


@dataclass(frozen=True)
class Verdict:
    """What the indicator page and the priority pages say about one indicator for one place."""

    indicator: Indicator
    area: Area
    series: list[Observation]
    latest: Observation | None
    comparators: list[ComparatorResult] = field(default_factory=list)
    trend: TrendResult | None = None
    target: TargetAssessment | None = None
    inequality: InequalityResult | None = None
    inequality_period: str = ""
    sentence: str = ""


def current_observations(indicator: Indicator, areas: list[Area] | None = None):
    observations = Observation.objects.filter(indicator=indicator, is_current=True).select_related("area")
    if areas is not None:
        observations = observations.filter(area__in=areas)
    # Ties broken by area and breakdown: PostgreSQL returns ties in any order, and pages and CSVs must not change.
    return observations.order_by(
        "period_start", "period_end", "area__code", "period_label", "sex", "age", "category_type", "category", "pk"
    )


def comparator_areas(indicator: Indicator) -> list[Area]:
    """The plan's comparators that have figures for this indicator, in the plan's order."""
    areas: list[Area] = []
    for group in ComparatorGroup.objects.filter(plan=indicator.plan).prefetch_related("areas"):
        areas.extend(area for area in group.areas.all() if area not in areas)
    present = set(
        Observation.objects.filter(indicator=indicator, is_current=True, area__in=areas).values_list("area", flat=True)
    )
    return [area for area in areas if area.pk in present]


def verdict_for(indicator: Indicator, area: Area) -> Verdict:
    comparators = comparator_areas(indicator)
    by_area: dict[int, dict[Breakdown, list[Observation]]] = defaultdict(lambda: defaultdict(list))
    for observation in current_observations(indicator, [area, *comparators]):
        by_area[observation.area_id][_breakdown(observation)].append(observation)
    own = by_area[area.pk]
    series = own.get(NO_BREAKDOWN) or _main_series(own)
    latest = next((obs for obs in reversed(series) if obs.value is not None), None)
    results = []
    for comparator in comparators:
        match = None
        if latest is not None:
            match = next(
                (
                    obs
                    for obs in by_area[comparator.pk].get(_breakdown(latest), [])
                    if obs.period_label == latest.period_label
                ),
                None,
            )
        results.append(_compare(indicator, latest, comparator, match))
    trend = _trend(indicator, series) if series else None
    target = _target(indicator, series)
    inequality, inequality_period = _deprivation_gap(own)
    verdict = Verdict(
        indicator=indicator,
        area=area,
        series=series,
        latest=latest,
        comparators=results,
        trend=trend,
        target=target,
        inequality=inequality,
        inequality_period=inequality_period,
    )
    return _with_sentence(verdict)


def _breakdown(observation: Observation) -> Breakdown:
    return (observation.sex, observation.age, observation.category_type, observation.category)


def _main_series(series_by_breakdown: dict[Breakdown, list[Observation]]) -> list[Observation]:
    """Without an all-persons series, the 'Persons' one, else the longest."""
    for breakdown, series in series_by_breakdown.items():
        if breakdown[0].lower() in ("persons", "all") and not breakdown[2]:
            return series
    return max(series_by_breakdown.values(), key=len, default=[])


def _compare(
    indicator: Indicator, latest: Observation | None, area: Area, other: Observation | None
) -> ComparatorResult:
    if latest is None or other is None:
        return ComparatorResult(area, other, Comparison.NOT_COMPARED, Comparison.NOT_COMPARED)
    return ComparatorResult(
        area=area,
        observation=other,
        benchmark_95=compare(
            value=latest.value,
            lower=latest.lower_95,
            upper=latest.upper_95,
            comparator_value=other.value,
            polarity=indicator.polarity,
        ),
        benchmark_998=compare(
            value=latest.value,
            lower=latest.lower_998,
            upper=latest.upper_998,
            comparator_value=other.value,
            polarity=indicator.polarity,
        ),
    )


def value_type(indicator: Indicator) -> ValueType:
    unit = indicator.unit.lower()
    if "percent" in unit or unit in ("%", "proportion"):
        return ValueType.PROPORTION
    if "rate" in unit or "per " in unit:
        return ValueType.RATE
    return ValueType.OTHER


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


def _trend(indicator: Indicator, series: list[Observation]) -> TrendResult:
    points = [
        TrendPoint(
            period=obs.period_start,
            value=obs.value,
            count=obs.count,
            denominator=obs.denominator,
            lower=obs.lower_95,
            upper=obs.upper_95,
        )
        for obs in comparable_series(series)
    ]
    return recent_trend(points, polarity=indicator.polarity, value_type=value_type(indicator))


def _target(indicator: Indicator, series: list[Observation]) -> TargetAssessment | None:
    if not indicator.target:
        return None
    valued = [obs for obs in series if obs.value is not None]
    if len(valued) < 2:
        return None
    base, latest = valued[0], valued[-1]
    try:
        return assess_target(
            base=(period_midpoint(base), base.value),
            latest=(period_midpoint(latest), latest.value),
            target=(indicator.target["year"], indicator.target["value"]),
        )
    except ValueError:
        return None


def period_midpoint(observation: Observation) -> float:
    """A period's midpoint as a fractional year, so multi-year and financial periods place fairly."""
    middle = observation.period_start + (observation.period_end - observation.period_start) / 2
    return middle.year + (middle.timetuple().tm_yday - 1) / 365.25


def _deprivation_gap(own: dict[Breakdown, list[Observation]]) -> tuple[InequalityResult | None, str]:
    """Gap and SII across deprivation quintiles or deciles where the publisher gives them."""
    by_period: dict[str, dict[int, float | None]] = defaultdict(dict)
    size = 0
    for (_, _, category_type, category), series in own.items():
        kind = category_type.lower()
        if not kind.startswith(DEPRIVATION_BREAKDOWNS):
            continue
        size = 5 if "quintile" in kind else 10
        number = _quantile_number(category)
        if number is None:
            continue
        for obs in series:
            by_period[obs.period_label][number] = obs.value
    if not by_period:
        return None, ""
    period = max(by_period, key=lambda label: label)
    try:
        return decile_inequality(values=by_period[period], n_quantiles=size), period
    except ValueError:
        return None, ""


def _quantile_number(category: str) -> int | None:
    """'Most deprived quintile (IMD2019)' -> 1, 'Least deprived quintile' -> 5, '3' -> 3."""
    text = category.lower()
    if "most deprived" in text:
        return 1
    if "least deprived" in text:
        return 5 if "quintile" in text else 10
    digits = "".join(ch for ch in text if ch.isdigit())[:2]
    return int(digits) if digits and int(digits) <= 10 else None


COMPARISON_WORDS = {
    Comparison.BETTER: "significantly better than",
    Comparison.WORSE: "significantly worse than",
    Comparison.HIGHER: "significantly higher than",
    Comparison.LOWER: "significantly lower than",
    Comparison.SIMILAR: "similar to",
}
TREND_WORDS = {
    TrendAssessment.GETTING_BETTER: "getting better",
    TrendAssessment.GETTING_WORSE: "getting worse",
    TrendAssessment.INCREASING: "increasing",
    TrendAssessment.DECREASING: "decreasing",
    TrendAssessment.NO_SIGNIFICANT_CHANGE: "showing no significant change",
}


def _with_sentence(verdict: Verdict) -> Verdict:
    return replace(verdict, sentence=verdict_sentence(verdict))


def verdict_sentence(verdict: Verdict) -> str:
    """One plain-English sentence: 'Stockport is significantly better than England and getting better.'"""
    place = verdict.area.name
    if verdict.latest is None:
        return f"There is no published figure for {place} as a whole."
    england = next((c for c in verdict.comparators if c.area.level == Area.Level.COUNTRY), None)
    parts = []
    if england and england.benchmark_95 in COMPARISON_WORDS:
        parts.append(f"{place} is {COMPARISON_WORDS[england.benchmark_95]} {england.area.name}")
    elif england and england.observation is not None and england.observation.value is not None:
        relation = "above" if verdict.latest.value > england.observation.value else "below"
        if verdict.latest.value == england.observation.value:
            relation = "level with"
        parts.append(f"{place} is {relation} {england.area.name} (no confidence interval to test the difference)")
    else:
        parts.append(f"{place}'s latest figure is {verdict.latest.value:,g}")
    if verdict.trend is not None and verdict.trend.assessment in TREND_WORDS:
        parts.append(f"{TREND_WORDS[verdict.trend.assessment]}")
    sentence = " and ".join(parts) + f" ({verdict.latest.period_label})."
    return sentence[0].upper() + sentence[1:]


VERDICT_COLUMNS = [
    "indicator",
    "area_code",
    "period",
    "breakdown",
    "value",
    "lower_95",
    "upper_95",
    "comparator_code",
    "comparator_value",
    "benchmark_95",
    "benchmark_998",
    "trend",
]


def verdict_rows(*, indicators: list[Indicator], areas: list[Area]) -> Iterator[dict[str, object]]:
    """Every computed comparison: each area's figure in each period against each comparator."""
    for indicator in indicators:
        comparators = comparator_areas(indicator)
        observations = list(current_observations(indicator, [*areas, *comparators]))
        lookup = {(obs.area_id, obs.period_label, _breakdown(obs)): obs for obs in observations}
        by_series: dict[tuple[int, Breakdown], list[Observation]] = defaultdict(list)
        for obs in observations:
            by_series[(obs.area_id, _breakdown(obs))].append(obs)
        for area in areas:
            for (area_id, breakdown), series in by_series.items():
                if area_id != area.pk:
                    continue
                for index, obs in enumerate(series):
                    trend = _trend(indicator, series[: index + 1]) if obs.value is not None else None
                    for comparator in comparators:
                        if comparator.pk == area.pk:
                            continue
                        other = lookup.get((comparator.pk, obs.period_label, breakdown))
                        if other is None:
                            continue
                        result = _compare(indicator, obs, comparator, other)
                        yield {
                            "indicator": indicator.slug,
                            "area_code": area.code,
                            "period": obs.period_label,
                            "breakdown": "; ".join(part for part in breakdown if part),
                            "value": obs.value,
                            "lower_95": obs.lower_95,
                            "upper_95": obs.upper_95,
                            "comparator_code": comparator.code,
                            "comparator_value": other.value,
                            "benchmark_95": str(result.benchmark_95),
                            "benchmark_998": str(result.benchmark_998),
                            "trend": str(trend.assessment) if trend else "",
                        }
