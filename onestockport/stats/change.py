"""Which way a measure is going, by the strongest method the data supports, in words that match its chart.

The span is the latest figure and every comparable figure that starts up to four years before it
(`SPAN_YEARS`): five yearly figures, 17 quarters or 49 months, always ending and starting in the same
month, so seasonal series compare like with like. The change over the span is last minus first.

1. **significance-test**: where every one of the latest five figures has counts and denominators (a
   proportion) or a confidence interval (the Fingertips domain), Fingertips' recent-trend test
   (`trends.recent_trend`) decides "rising" or "falling".
2. **size-of-change**: otherwise, or when that test finds no significant change, the change over the
   span is judged by the same rule as a difference between areas (`materiality`): big enough, and it
   is rising or falling; smaller, "little-change". A large change is never reported as "no change"
   because a five-point test on noisy data could not confirm it.
3. **The chart check.** A direction is reported only when it agrees in sign with both the change
   over the span (first to last) and the least-squares slope of the span's plotted figures against
   time. Otherwise the figures do not move steadily one way, and the verdict is "little-change".

"too-few-points" when the span has fewer than two figures; "not-assessed" when the size of the
change cannot be judged (a relative change from zero or below) and no test applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .benchmarking import Polarity
from .materiality import assess_difference
from .trends import FINGERTIPS_POINTS, TrendDirection, TrendMethod, TrendPoint, TrendResult, ValueType, recent_trend
from .units import UnitKind

__all__ = [
    "SPAN_YEARS",
    "ChangePoint",
    "ChangeResult",
    "Direction",
    "DirectionBasis",
    "assess_change",
    "fractional_year",
    "least_squares_slope",
    "size_of_change",
    "span_of",
]

SPAN_YEARS = 4


class Direction(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    LITTLE_CHANGE = "little-change"
    TOO_FEW_POINTS = "too-few-points"
    NOT_ASSESSED = "not-assessed"


class DirectionBasis(StrEnum):
    SIGNIFICANCE_TEST = "significance-test"
    SIZE_OF_CHANGE = "size-of-change"
    NONE = "none"


@dataclass(frozen=True)
class ChangePoint:
    """One period of a series: its label, start date, figure, and what the significance test can use."""

    label: str
    start: date
    value: float | None
    count: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class ChangeResult:
    """The direction, how it was reached, and the change over the span (first and last figures' labels)."""

    direction: Direction
    basis: DirectionBasis
    change_pct: float | None = None
    change: float | None = None
    change_from: str = ""
    change_to: str = ""
    from_value: float | None = None
    to_value: float | None = None
    slope: float | None = None  # least-squares change per year over the span
    n_points: int = 0
    test: TrendResult | None = None
    reason: str = ""


def _valued(points: list[ChangePoint]) -> list[ChangePoint]:
    return [p for p in points if p.value is not None and math.isfinite(p.value)]


def fractional_year(day: date) -> float:
    """A date as a year with a fraction: 1 July 2020 is about 2020.5."""
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def span_of(points: list[ChangePoint], years: int = SPAN_YEARS) -> list[ChangePoint]:
    """The valued figures from `years` before the latest one's start to the latest, in time order."""
    valued = sorted(_valued(points), key=lambda p: p.start)
    if not valued:
        return []
    earliest = _years_before(valued[-1].start, years)
    return [p for p in valued if p.start >= earliest]


def least_squares_slope(points: list[ChangePoint]) -> float | None:
    """The ordinary least-squares slope of figure on time (per year); None for fewer than two figures."""
    valued = _valued(points)
    if len(valued) < 2:
        return None
    xs = [fractional_year(p.start) for p in valued]
    ys = [float(p.value) for p in valued]  # type: ignore[arg-type]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sxx


def _sign(number: float | None) -> int:
    if number is None or number == 0 or math.isnan(number):
        return 0
    return 1 if number > 0 else -1


def size_of_change(points: list[ChangePoint], *, kind: UnitKind) -> ChangeResult:
    """The direction from the size of the change over the span, checked against the slope (module docstring)."""
    span = span_of(points)
    if len(span) < 2:
        return ChangeResult(
            direction=Direction.TOO_FEW_POINTS,
            basis=DirectionBasis.NONE,
            n_points=len(span),
            change_to=span[-1].label if span else "",
            reason="needs at least two figures to measure a change",
        )
    first, last = span[0], span[-1]
    # Totals are compared over time like any amount: the area's size hardly changes in four years.
    rule = UnitKind.QUANTITY if kind is UnitKind.TOTAL else kind
    assessed = assess_difference(float(last.value), float(first.value), rule)  # type: ignore[arg-type]
    slope = least_squares_slope(span)
    base = {
        "change_pct": assessed.difference_pct,
        "change": assessed.difference,
        "change_from": first.label,
        "change_to": last.label,
        "from_value": first.value,
        "to_value": last.value,
        "slope": slope,
        "n_points": len(span),
    }
    if assessed.material is None:
        return ChangeResult(direction=Direction.NOT_ASSESSED, basis=DirectionBasis.NONE, reason=assessed.reason, **base)
    if not assessed.material:
        return ChangeResult(direction=Direction.LITTLE_CHANGE, basis=DirectionBasis.SIZE_OF_CHANGE, **base)
    if _sign(assessed.difference) != _sign(slope):
        return ChangeResult(
            direction=Direction.LITTLE_CHANGE,
            basis=DirectionBasis.SIZE_OF_CHANGE,
            reason="the first and last figures differ, but the figures do not move steadily one way",
            **base,
        )
    direction = Direction.RISING if assessed.difference > 0 else Direction.FALLING
    return ChangeResult(direction=direction, basis=DirectionBasis.SIZE_OF_CHANGE, **base)


def _in_test_domain(points: list[ChangePoint], value_type: ValueType) -> bool:
    """Every one of the latest five figures has counts (for a proportion) or a confidence interval."""
    latest = points[-FINGERTIPS_POINTS:]
    if len(latest) < FINGERTIPS_POINTS:
        return False

    def supported(point: ChangePoint) -> bool:
        counts = (
            value_type is ValueType.PROPORTION
            and point.count is not None
            and point.denominator is not None
            and 0 < point.count < point.denominator
        )
        limits = point.lower is not None and point.upper is not None and point.upper > point.lower
        return counts or limits

    return all(supported(point) for point in latest)


def assess_change(
    points: list[ChangePoint],
    *,
    kind: UnitKind,
    value_type: ValueType = ValueType.OTHER,
    polarity: Polarity | str = Polarity.NO_JUDGEMENT,
) -> ChangeResult:
    """The direction of one comparable series (distinct periods of one length), by the module's rules."""
    by_size = size_of_change(points, kind=kind)
    span = span_of(points)
    if not _in_test_domain(span, value_type):
        return by_size
    test = recent_trend(
        [TrendPoint(p.start, p.value, p.count, p.denominator, p.lower, p.upper) for p in span],
        polarity=polarity,
        value_type=value_type,
    )
    if test.method not in (TrendMethod.CHI_SQUARE_FOR_TREND, TrendMethod.WEIGHTED_LEAST_SQUARES):
        return _with_test(by_size, test)
    if test.is_significant:
        sign = 1 if test.direction is TrendDirection.INCREASING else -1
        if sign == _sign(by_size.change) == _sign(by_size.slope):
            direction = Direction.RISING if sign > 0 else Direction.FALLING
            return _with_test(by_size, test, direction=direction, basis=DirectionBasis.SIGNIFICANCE_TEST, reason="")
        return _with_test(by_size, test)  # the test's slope disagrees with the chart: the size rule decides
    if by_size.direction in (Direction.RISING, Direction.FALLING):
        return _with_test(by_size, test)  # not significant, but too large to call "little change"
    return _with_test(
        by_size,
        test,
        direction=Direction.LITTLE_CHANGE,
        basis=DirectionBasis.SIGNIFICANCE_TEST,
        reason="no significant change by Fingertips' recent-trend test, and no large change over the span",
    )


def _with_test(result: ChangeResult, test: TrendResult, **changes: object) -> ChangeResult:
    return ChangeResult(**{**result.__dict__, "test": test, **changes})
