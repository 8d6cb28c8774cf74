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
from onestockport.stats.change import ChangeResult
from onestockport.stats.comparisons import ComparisonResult, Figure, compare_figures
from onestockport.stats.inequality import InequalityResult, decile_inequality
from onestockport.stats.status import StatusResult, indicator_status
from onestockport.stats.targets import TargetAssessment, assess_target
from onestockport.stats.trends import TrendAssessment, TrendPoint, TrendResult, recent_trend
from onestockport.stats.units import UnitKind

from .models import ComparatorGroup, Indicator, Observation
from .status import (
    Headline,
    Populations,
    change_of,
    choose_headline,
    comparable_series,
    compare_observations,
    period_midpoint,
    profile_of,
    summary_sentence,
    value_type,
)

__all__ = [
    "VERDICT_COLUMNS",
    "ComparatorResult",
    "Verdict",
    "comparable_series",
    "comparator_areas",
    "current_observations",
    "period_midpoint",
    "value_type",
    "verdict_for",
    "verdict_rows",
    "verdict_sentence",
]

NOT_COMPARED = compare_figures(Figure(None), Figure(None), polarity="no-judgement", kind=UnitKind.QUANTITY)

Breakdown = tuple[str, str, str, str]  # sex, age, category type, category
NO_BREAKDOWN: Breakdown = ("", "", "", "")
DEPRIVATION_BREAKDOWNS = ("deprivation quintile", "deprivation decile")


@dataclass(frozen=True)
class ComparatorResult:
    """One comparator: the Fingertips benchmarks on published intervals (as before), and the comparison by
    the strongest basis the data supports (`comparison`, see `onestockport.stats.comparisons`)."""

    area: Area
    observation: Observation | None
    benchmark_95: Comparison
    benchmark_998: Comparison
    comparison: ComparisonResult = NOT_COMPARED


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
    change: ChangeResult | None = None  # direction of travel by the strongest method (stats.change)
    status: StatusResult | None = None  # one status: target first, else direction x polarity (stats.status)
    kind: UnitKind = UnitKind.QUANTITY  # the kind of figure, from the unit and the figures (stats.units)
    decimals: int = 0  # the publisher's precision, inferred from the figures (stats.units)
    summary: str = ""  # one plain sentence with rounded figures and units

    @property
    def headline(self) -> ComparatorResult | None:
        """The comparison the summary quotes: England where it could be compared (`status.choose_headline`)."""
        chosen = choose_headline([Headline(c.area, c.observation, c.comparison) for c in self.comparators])
        return next((c for c in self.comparators if chosen is not None and c.area == chosen.area), None)


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
    populations = Populations(indicator)
    profile = profile_of(indicator)
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
        results.append(_compare(indicator, latest, comparator, match, kind=profile.kind, populations=populations))
    trend = _trend(indicator, series) if series else None
    target = _target(indicator, series)
    change = change_of(indicator, series, kind=profile.kind)
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
        change=change,
        status=indicator_status(direction=change.direction, polarity=indicator.polarity, target=target),
        kind=profile.kind,
        decimals=profile.decimals,
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
    indicator: Indicator,
    latest: Observation | None,
    area: Area,
    other: Observation | None,
    *,
    kind: UnitKind,
    populations: Populations,
) -> ComparatorResult:
    comparison = compare_observations(indicator, latest, other, kind=kind, populations=populations)
    if latest is None or other is None:
        return ComparatorResult(area, other, Comparison.NOT_COMPARED, Comparison.NOT_COMPARED, comparison)
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
        comparison=comparison,
    )


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
            period_labels=(base.period_label, latest.period_label),
        )
    except ValueError:
        return None


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
    headline = verdict.headline
    summary = summary_sentence(
        indicator=verdict.indicator,
        area=verdict.area,
        latest=verdict.latest,
        headline=Headline(headline.area, headline.observation, headline.comparison) if headline else None,
        change=verdict.change,
        target=verdict.target,
        decimals=verdict.decimals,
    )
    return replace(verdict, sentence=verdict_sentence(verdict), summary=summary)


def verdict_sentence(verdict: Verdict) -> str:
    """One plain-English sentence: 'Our Town is significantly better than England and getting better.'"""
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
    # The comparison by the strongest basis the data supports, and why when there is none (stats.comparisons).
    "comparison",
    "comparison_basis",
    "difference_pct",
    "judgement",
    "comparison_reason",
    # The direction of travel over the span ending in this period (stats.change), and the status (stats.status).
    "direction",
    "direction_basis",
    "change_pct",
    "change_from",
    "change_to",
    "status",
]


def _rounded(number: float | None) -> float | None:
    return None if number is None else round(number, 2)


def verdict_rows(*, indicators: list[Indicator], areas: list[Area]) -> Iterator[dict[str, object]]:
    """Every computed comparison: each area's figure in each period against each comparator."""
    for indicator in indicators:
        comparators = comparator_areas(indicator)
        observations = list(current_observations(indicator, [*areas, *comparators]))
        lookup = {(obs.area_id, obs.period_label, _breakdown(obs)): obs for obs in observations}
        populations = Populations(indicator)
        kind = profile_of(indicator).kind
        by_series: dict[tuple[int, Breakdown], list[Observation]] = defaultdict(list)
        for obs in observations:
            by_series[(obs.area_id, _breakdown(obs))].append(obs)
        for area in areas:
            for (area_id, breakdown), series in by_series.items():
                if area_id != area.pk:
                    continue
                for index, obs in enumerate(series):
                    so_far = series[: index + 1]
                    trend = _trend(indicator, so_far) if obs.value is not None else None
                    change = change_of(indicator, so_far, kind=kind) if obs.value is not None else None
                    status = (
                        indicator_status(
                            direction=change.direction, polarity=indicator.polarity, target=_target(indicator, so_far)
                        )
                        if change is not None
                        else None
                    )
                    for comparator in comparators:
                        if comparator.pk == area.pk:
                            continue
                        other = lookup.get((comparator.pk, obs.period_label, breakdown))
                        if other is None:
                            continue
                        result = _compare(indicator, obs, comparator, other, kind=kind, populations=populations)
                        comparison = result.comparison
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
                            "comparison": str(comparison.comparison),
                            "comparison_basis": str(comparison.basis),
                            "difference_pct": _rounded(comparison.difference_pct),
                            "judgement": str(comparison.judgement),
                            "comparison_reason": comparison.reason,
                            "direction": str(change.direction) if change else "",
                            "direction_basis": str(change.basis) if change else "",
                            "change_pct": _rounded(change.change_pct) if change else None,
                            "change_from": change.change_from if change else "",
                            "change_to": change.change_to if change else "",
                            "status": str(status.status) if status else "",
                        }
