"""Compare an area's figure with a comparator's by the strongest method the data supports, and say which.

1. **published-intervals**: the area's figure has a published 95% (else 99.8%) confidence interval.
   Fingertips' method (`benchmarking.compare`): the comparator's figure inside the interval, limits
   included, is "similar"; outside, the area is higher or lower.
2. **computed-intervals**: no interval, but the count and denominator behind a percentage or a rate.
   The interval is computed as Fingertips does (`intervals`: Wilson for proportions, Byar's for rates,
   both by PHStatsMethods), then the same method. The figure must be `count / denominator x the unit's
   multiplier` (to 2%), or the count is not the one behind the figure and no interval is computed.
3. **difference**: no uncertainty is stated (a full count, a model, a survey published without
   intervals). The difference is judged by size against `materiality` (e.g. 5% for rates): "higher",
   "lower" or "similar". Never called significant.
4. A **total** (tonnes, businesses, vehicle miles) grows with the size of the area: it is compared per
   resident when both areas' populations for the period are given, by the difference method;
   otherwise it is not comparable.
5. **none**: a figure is missing, or the difference rule cannot apply; the result is `not-comparable`
   with the reason.

The judgement turns higher/lower into better/worse by the indicator's polarity (higher/lower when it
has none); "not-compared" when there is no comparison.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from enum import StrEnum

from .benchmarking import Comparison, Polarity, compare, direction_to_comparison
from .intervals import CONFIDENCE_95, Interval, byars_rate_interval, wilson_interval
from .materiality import assess_difference
from .trends import ValueType
from .units import UnitKind

__all__ = [
    "MULTIPLIER_TOLERANCE",
    "ComparisonBasis",
    "ComparisonResult",
    "Figure",
    "Relation",
    "compare_figures",
    "computed_interval",
    "judge",
]

# How far a figure may be from count / denominator x multiplier (publisher's rounding) and still be it.
MULTIPLIER_TOLERANCE = 0.02


class ComparisonBasis(StrEnum):
    PUBLISHED_INTERVALS = "published-intervals"
    COMPUTED_INTERVALS = "computed-intervals"
    DIFFERENCE = "difference"
    NONE = "none"


class Relation(StrEnum):
    """How the area's figure stands against the comparator's, without judgement."""

    HIGHER = "higher"
    LOWER = "lower"
    SIMILAR = "similar"
    NOT_COMPARABLE = "not-comparable"


@dataclass(frozen=True)
class Figure:
    """One area's figure for one period, with whatever the publisher gave to judge it by.

    `population` is the area's residents in the same period, for comparing a total per resident.
    """

    value: float | None
    lower_95: float | None = None
    upper_95: float | None = None
    lower_998: float | None = None
    upper_998: float | None = None
    count: float | None = None
    denominator: float | None = None
    population: float | None = None


@dataclass(frozen=True)
class ComparisonResult:
    """The comparison, its basis, the difference in percent, the judgement, and why (when not compared).

    `difference` is value - comparator in the indicator's unit (per resident for a total);
    `lower`/`upper`/`confidence` are the interval used, for the interval bases.
    """

    comparison: Relation
    basis: ComparisonBasis
    judgement: Comparison
    difference_pct: float | None = None
    difference: float | None = None
    reason: str = ""
    lower: float | None = None
    upper: float | None = None
    confidence: float | None = None


def _present(number: float | None) -> bool:
    return number is not None and math.isfinite(number)


def judge(relation: Relation, polarity: Polarity | str) -> Comparison:
    """better/worse by polarity (higher/lower without one), similar, or not-compared."""
    if relation is Relation.SIMILAR:
        return Comparison.SIMILAR
    if relation is Relation.NOT_COMPARABLE:
        return Comparison.NOT_COMPARED
    return direction_to_comparison(higher=relation is Relation.HIGHER, polarity=Polarity(polarity))


def _not_comparable(reason: str, *, difference_pct: float | None = None) -> ComparisonResult:
    return ComparisonResult(
        comparison=Relation.NOT_COMPARABLE,
        basis=ComparisonBasis.NONE,
        judgement=Comparison.NOT_COMPARED,
        difference_pct=difference_pct,
        reason=reason,
    )


def _published_interval(figure: Figure) -> tuple[Interval, float] | None:
    for lower, upper, confidence in (
        (figure.lower_95, figure.upper_95, 0.95),
        (figure.lower_998, figure.upper_998, 0.998),
    ):
        if _present(lower) and _present(upper) and lower <= upper:  # type: ignore[operator]
            return Interval(lower, upper), confidence  # type: ignore[arg-type]
    return None


def computed_interval(
    figure: Figure, *, value_type: ValueType, multiplier: float | None, confidence: float = CONFIDENCE_95
) -> Interval | None:
    """The 95% interval from the figure's count and denominator (Wilson or Byar's), or None if it cannot be.

    None when a number is missing, the indicator is neither a proportion nor a rate, the unit's multiplier
    is unknown, the count does not fit its denominator, or the figure is not count / denominator x multiplier.
    """
    value, count, denominator = figure.value, figure.count, figure.denominator
    if not (_present(value) and _present(count) and _present(denominator)) or multiplier is None:
        return None
    if denominator <= 0 or count < 0 or value_type not in (ValueType.PROPORTION, ValueType.RATE):  # type: ignore[operator]
        return None
    expected = count / denominator * multiplier  # type: ignore[operator]
    if not math.isclose(value, expected, rel_tol=MULTIPLIER_TOLERANCE, abs_tol=0.5 * 10**-2):  # type: ignore[arg-type]
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if value_type is ValueType.PROPORTION:
            if count > denominator:  # type: ignore[operator]
                return None
            return wilson_interval(count, denominator, confidence=confidence, multiplier=multiplier)  # type: ignore[arg-type]
        return byars_rate_interval(count, denominator, confidence=confidence, multiplier=multiplier)  # type: ignore[arg-type]


def _by_interval(
    value: float,
    interval: Interval,
    confidence: float,
    comparator: float,
    basis: ComparisonBasis,
    polarity: Polarity | str,
    difference_pct: float | None,
) -> ComparisonResult:
    outcome = compare(
        value=value,
        lower=interval.lower,
        upper=interval.upper,
        comparator_value=comparator,
        polarity=Polarity.NO_JUDGEMENT,
    )
    relation = {Comparison.HIGHER: Relation.HIGHER, Comparison.LOWER: Relation.LOWER}.get(outcome, Relation.SIMILAR)
    return ComparisonResult(
        comparison=relation,
        basis=basis,
        judgement=judge(relation, polarity),
        difference_pct=difference_pct,
        difference=value - comparator,
        lower=interval.lower,
        upper=interval.upper,
        confidence=confidence,
    )


def compare_figures(
    area: Figure,
    comparator: Figure,
    *,
    polarity: Polarity | str,
    kind: UnitKind,
    value_type: ValueType = ValueType.OTHER,
    multiplier: float | None = None,
) -> ComparisonResult:
    """Compare `area` with `comparator` by the strongest basis their numbers support (module docstring).

    Args:
        area, comparator: the two figures for the same period and breakdown.
        polarity: "higher-is-better", "lower-is-better" or "no-judgement".
        kind: the unit's kind (`units.unit_kind`): sets the difference rule, and marks totals.
        value_type: proportion (Wilson) or rate (Byar's) for intervals computed from counts.
        multiplier: figure = count / denominator x multiplier (100 for percentages; `units.unit_multiplier`).
    """
    if not _present(area.value):
        return _not_comparable("no figure for the area in this period")
    if not _present(comparator.value):
        return _not_comparable("no figure for the comparator in this period")
    value, other = float(area.value), float(comparator.value)  # type: ignore[arg-type]

    if kind is UnitKind.TOTAL:
        if not (_present(area.population) and _present(comparator.population)):
            return _not_comparable(
                "a total that grows with the size of the area, and no population figure for both areas in this "
                "period to make it a rate"
            )
        if area.population <= 0 or comparator.population <= 0:  # type: ignore[operator]
            return _not_comparable("a population figure is zero or negative")
        per_person = _by_difference(
            value / area.population,  # type: ignore[operator]
            other / comparator.population,  # type: ignore[operator]
            polarity=polarity,
            kind=UnitKind.QUANTITY,
        )
        if per_person.basis is ComparisonBasis.DIFFERENCE:
            return _with_reason(per_person, "compared per resident")
        return per_person

    difference_pct = assess_difference(value, other, kind).difference_pct
    published = _published_interval(area)
    if published is not None:
        interval, confidence = published
        return _by_interval(
            value, interval, confidence, other, ComparisonBasis.PUBLISHED_INTERVALS, polarity, difference_pct
        )
    computed = computed_interval(area, value_type=value_type, multiplier=multiplier)
    if computed is not None:
        return _by_interval(
            value, computed, CONFIDENCE_95, other, ComparisonBasis.COMPUTED_INTERVALS, polarity, difference_pct
        )
    return _by_difference(value, other, polarity=polarity, kind=kind)


def _with_reason(result: ComparisonResult, reason: str) -> ComparisonResult:
    return ComparisonResult(**{**result.__dict__, "reason": reason})


def _by_difference(value: float, other: float, *, polarity: Polarity | str, kind: UnitKind) -> ComparisonResult:
    assessed = assess_difference(value, other, kind)
    if assessed.material is None:
        return _not_comparable(f"no interval, and {assessed.reason}", difference_pct=assessed.difference_pct)
    relation = Relation.SIMILAR
    if assessed.material:
        relation = Relation.HIGHER if value > other else Relation.LOWER
    return ComparisonResult(
        comparison=relation,
        basis=ComparisonBasis.DIFFERENCE,
        judgement=judge(relation, polarity),
        difference_pct=assessed.difference_pct,
        difference=assessed.difference,
    )
