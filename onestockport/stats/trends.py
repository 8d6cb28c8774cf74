"""Recent trend over the latest five periods, the Fingertips way.

Fingertips (OHID/UKHSA) marks each area's "recent trend" from its five most recent data points
(``PointsToUse = 5``), significant at the 99.8% level: its threshold ``ChiSquareConfidence =
9.54953570608324`` is the 99.8th percentile of chi-squared with one degree of freedom, i.e. p < 0.002.
Source: ``TrendMarkerCalculator`` and ``TrendRequest`` in Fingertips' code
(github.com/ukhsa-collaboration/fingertips-open, PholioVisualisationWS/Analysis/TrendMarkers/, and
its port in github.com/dhsc-govuk/FingertipsNext, trend-analysis/.../Legacy/TrendMarkerCalculator.cs).

We use the first of these methods that the data supports:

1. **Chi-squared test for linear trend in proportions** (Armitage 1955; the test R's
   ``prop.trend.test`` performs), when the five points have counts and denominators with
   0 < count < denominator and the indicator is a proportion. Fingertips' formula, with t = 1..5:
   chi2 = N (N Σrt - R Σnt)^2 / (R (N - R) (N Σnt^2 - (Σnt)^2)), r = counts, n = denominators,
   R = Σr, N = Σn. The direction is the sign of the least-squares slope of log-odds on t.
2. **Weighted least squares using the confidence intervals**, when the five points have 95% limits:
   each value is weighted by 1/SE^2 with SE = (upper - lower) / (2 x 1.96); chi2 = (slope / SE of
   slope)^2. This is Fingertips' method for indicators compared by confidence intervals.
3. **Ordinary least squares** (our fallback, not Fingertips'), when only values exist: the slope of
   value on t, tested with Student's t on n - 2 degrees of freedom. With five points this is a weak
   test; at the 99.8% level it flags only very steady, steep changes.

Like Fingertips, every method also needs the direction to survive a leave-one-out check: the slope
must keep its sign when each of the five points is dropped in turn, so one outlier cannot make a
trend. Fingertips calculates recent trends only for proportions and crude rates over single-year
(non-overlapping) periods; pass such series here.

The row-wise kernels (`chi_square_trend_rows`, `weighted_trend_rows`, `ordinary_trend_rows`) work on
many series at once (one per row of a 2-D array); `recent_trend` and the columnar code both use them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import reduce
from operator import add
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import special as scipy_special
from scipy import stats as scipy_stats

from .benchmarking import Polarity
from .periods import Period

__all__ = [
    "FINGERTIPS_POINTS",
    "FINGERTIPS_TREND_CONFIDENCE",
    "TrendAssessment",
    "TrendDirection",
    "TrendMethod",
    "TrendPoint",
    "TrendResult",
    "TrendStatistics",
    "ValueType",
    "assess_direction",
    "chi_square_for_trend",
    "chi_square_trend_rows",
    "choose_method",
    "direction_from_statistics",
    "limits_z",
    "ordinary_trend_rows",
    "recent_trend",
    "weighted_trend_rows",
]

FINGERTIPS_POINTS = 5
FINGERTIPS_TREND_CONFIDENCE = 0.998

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


class ValueType(StrEnum):
    """What an indicator's values are; only proportions use the chi-squared test on counts."""

    PROPORTION = "proportion"
    RATE = "rate"
    OTHER = "other"


class TrendMethod(StrEnum):
    """Which test produced a trend."""

    CHI_SQUARE_FOR_TREND = "chi-square-for-trend"
    WEIGHTED_LEAST_SQUARES = "weighted-least-squares"
    ORDINARY_LEAST_SQUARES = "ordinary-least-squares"
    NOT_CALCULATED = "not-calculated"


class TrendDirection(StrEnum):
    """The direction of a recent trend, without judgement."""

    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_SIGNIFICANT_CHANGE = "no-significant-change"
    CANNOT_BE_CALCULATED = "cannot-be-calculated"


class TrendAssessment(StrEnum):
    """A recent trend judged by the indicator's polarity (increasing/decreasing when there is none)."""

    GETTING_BETTER = "getting-better"
    GETTING_WORSE = "getting-worse"
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_SIGNIFICANT_CHANGE = "no-significant-change"
    CANNOT_BE_CALCULATED = "cannot-be-calculated"


@dataclass(frozen=True)
class TrendPoint:
    """One period of one area's series. `lower`/`upper` are its 95% confidence limits."""

    period: Period | date | int | float
    value: float | None
    count: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class TrendResult:
    """A recent trend: its direction, its judgement, and how it was reached."""

    direction: TrendDirection
    assessment: TrendAssessment
    method: TrendMethod
    p_value: float | None
    statistic: float | None
    slope: float | None
    n_points: int
    message: str = ""

    @property
    def is_significant(self) -> bool:
        return self.direction in (TrendDirection.INCREASING, TrendDirection.DECREASING)


class TrendStatistics(NamedTuple):
    """Per-row results of a trend kernel: test statistic, p-value, slope, and the leave-one-out check."""

    statistic: FloatArray
    p_value: FloatArray
    slope: FloatArray
    robust: BoolArray


# --- row-wise kernels -----------------------------------------------------------------------------------
# Each takes (series, points) arrays, t = 1..points along each row. Sums run column by column in a fixed
# order so one series gives bit-identical results whether it is computed alone or among millions.


def _row_sum(array: FloatArray) -> FloatArray:
    return reduce(add, (array[:, column] for column in range(array.shape[1])))


def _times(points: int) -> FloatArray:
    return np.arange(1, points + 1, dtype=np.float64)


def _slope_signs_agree(full: FloatArray, left_out: FloatArray) -> BoolArray:
    """Fingertips' outlier check: the slope's sign (negative or not) with all points, and with each one left out."""
    full_negative = full < 0
    return np.logical_and.reduce([(left_out[:, k] < 0) == full_negative for k in range(left_out.shape[1])])


def _least_squares_slopes(y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Unweighted slope of y on t = 1..n, with all points and leaving each out: ((rows,), (rows, n))."""
    points = y.shape[1]
    t = _times(points)
    sum_t, sum_tt = float(t.sum()), float((t * t).sum())
    sum_y, sum_ty = _row_sum(y), _row_sum(y * t)
    full = (points * sum_ty - sum_t * sum_y) / (points * sum_tt - sum_t**2)
    m = points - 1
    loo_sum_t = sum_t - t
    loo_sum_tt = sum_tt - t * t
    loo_sum_y = sum_y[:, None] - y
    loo_sum_ty = sum_ty[:, None] - y * t
    left_out = (m * loo_sum_ty - loo_sum_t * loo_sum_y) / (m * loo_sum_tt - loo_sum_t**2)
    return full, left_out


def _chi_square_1df_p(statistic: FloatArray) -> FloatArray:
    """Upper tail of chi-squared with 1 degree of freedom (the ufunc behind scipy.stats.chi2.sf, faster)."""
    return scipy_special.chdtrc(1, statistic)


def chi_square_trend_rows(counts: FloatArray, denominators: FloatArray) -> TrendStatistics:
    """Chi-squared test for linear trend in proportions, one series per row (Fingertips' proportions method).

    Requires 0 < count < denominator everywhere. The slope is of log-odds on t.
    """
    t = _times(counts.shape[1])
    big_n, big_r = _row_sum(denominators), _row_sum(counts)
    sum_rt, sum_nt, sum_ntt = _row_sum(counts * t), _row_sum(denominators * t), _row_sum(denominators * t * t)
    numerator = big_n * (big_n * sum_rt - big_r * sum_nt) ** 2
    denominator = big_r * (big_n - big_r) * (big_n * sum_ntt - sum_nt**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = numerator / denominator
        log_odds = np.log(counts / (denominators - counts))
    slope, left_out = _least_squares_slopes(log_odds)
    p_value = _chi_square_1df_p(statistic)
    return TrendStatistics(statistic, p_value, slope, _slope_signs_agree(slope, left_out))


def weighted_trend_rows(values: FloatArray, lower: FloatArray, upper: FloatArray, *, z: float) -> TrendStatistics:
    """Weighted least-squares slope of value on t, weights 1/SE^2 from the limits (Fingertips' CI method).

    `z` is the normal quantile of the limits' confidence level (1.96 for 95%). Requires upper > lower.
    """
    t = _times(values.shape[1])
    weights = ((2 * z) / (upper - lower)) ** 2
    s1, s2, s3 = _row_sum(weights), _row_sum(weights * values * t), _row_sum(weights * t)
    s4, s5 = _row_sum(weights * values), _row_sum(weights * t * t)
    determinant = s1 * s5 - s3**2
    slope = (s1 * s2 - s3 * s4) / determinant
    slope_error = np.sqrt(s1 / determinant)
    statistic = (slope / slope_error) ** 2
    p_value = _chi_square_1df_p(statistic)
    # Leave one out: remove each point's contribution from the weighted sums.
    c1, c2, c3 = weights, weights * values * t, weights * t
    c4, c5 = weights * values, weights * t * t
    l1, l2, l3 = s1[:, None] - c1, s2[:, None] - c2, s3[:, None] - c3
    l4, l5 = s4[:, None] - c4, s5[:, None] - c5
    left_out = (l1 * l2 - l3 * l4) / (l1 * l5 - l3**2)
    return TrendStatistics(statistic, p_value, slope, _slope_signs_agree(slope, left_out))


def ordinary_trend_rows(values: FloatArray) -> TrendStatistics:
    """Ordinary least-squares slope of value on t with a two-sided t-test (n - 2 df): our fallback."""
    points = values.shape[1]
    t = _times(points)
    slope, left_out = _least_squares_slopes(values)
    mean_t = float(t.mean())
    intercept = _row_sum(values) / points - slope * mean_t
    residuals = values - (intercept[:, None] + slope[:, None] * t)
    sxx = float(((t - mean_t) ** 2).sum())
    degrees = points - 2
    slope_error = np.sqrt(_row_sum(residuals**2) / degrees / sxx)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = slope / slope_error
    p_value = 2 * scipy_special.stdtr(degrees, -np.abs(statistic))  # two-sided Student's t
    # A perfect straight line has no residual error: a non-zero slope is certain, a flat one is no change.
    exact = slope_error == 0
    p_value = np.where(exact, np.where(slope != 0, 0.0, 1.0), p_value)
    statistic = np.where(exact, np.where(slope != 0, np.copysign(np.inf, slope), 0.0), statistic)
    return TrendStatistics(statistic, p_value, slope, _slope_signs_agree(slope, left_out))


def limits_z(ci_confidence: float) -> float:
    """The normal quantile that turns a confidence interval's width into standard errors.

    1.96 for 95% limits, exactly as Fingertips divides the width by 3.92; otherwise the exact quantile.
    """
    if ci_confidence == 0.95:
        return 1.96
    return float(scipy_stats.norm.ppf(1 - (1 - ci_confidence) / 2))


def chi_square_for_trend(counts: Iterable[float], denominators: Iterable[float]) -> tuple[float, float]:
    """The chi-squared test for linear trend in proportions over equally spaced points: (statistic, p-value).

    The same statistic as R's ``prop.trend.test(x, n)`` with its default scores 1..k (Armitage 1955).
    """
    count_row = np.asarray(list(counts), dtype=np.float64)[None, :]
    denominator_row = np.asarray(list(denominators), dtype=np.float64)[None, :]
    if count_row.shape != denominator_row.shape or count_row.shape[1] < 2:
        raise ValueError("counts and denominators must be the same length, with at least two points")
    if (count_row < 0).any() or (count_row > denominator_row).any() or (denominator_row <= 0).any():
        raise ValueError("each count must be between 0 and its denominator, and each denominator above 0")
    result = chi_square_trend_rows(count_row, denominator_row)
    return float(result.statistic[0]), float(result.p_value[0])


# --- one series -------------------------------------------------------------------------------------------


def assess_direction(direction: TrendDirection, polarity: Polarity | str) -> TrendAssessment:
    """Judge a direction by polarity: increasing is getting better when higher is better, and so on."""
    polarity = Polarity(polarity)
    if direction is TrendDirection.CANNOT_BE_CALCULATED:
        return TrendAssessment.CANNOT_BE_CALCULATED
    if direction is TrendDirection.NO_SIGNIFICANT_CHANGE:
        return TrendAssessment.NO_SIGNIFICANT_CHANGE
    increasing = direction is TrendDirection.INCREASING
    if polarity is Polarity.NO_JUDGEMENT:
        return TrendAssessment.INCREASING if increasing else TrendAssessment.DECREASING
    better = increasing == (polarity is Polarity.HIGHER_IS_BETTER)
    return TrendAssessment.GETTING_BETTER if better else TrendAssessment.GETTING_WORSE


def _present(number: float | None) -> bool:
    return number is not None and math.isfinite(number)


def choose_method(
    *,
    value_type: ValueType,
    has_counts: bool,
    has_limits: bool,
) -> TrendMethod:
    """The first method the data supports (see the module docstring)."""
    if value_type is ValueType.PROPORTION and has_counts:
        return TrendMethod.CHI_SQUARE_FOR_TREND
    if has_limits:
        return TrendMethod.WEIGHTED_LEAST_SQUARES
    return TrendMethod.ORDINARY_LEAST_SQUARES


def _cannot(message: str, n_points: int) -> TrendResult:
    return TrendResult(
        direction=TrendDirection.CANNOT_BE_CALCULATED,
        assessment=TrendAssessment.CANNOT_BE_CALCULATED,
        method=TrendMethod.NOT_CALCULATED,
        p_value=None,
        statistic=None,
        slope=None,
        n_points=n_points,
        message=message,
    )


def direction_from_statistics(*, p_value: float, slope: float, robust: bool, confidence: float) -> TrendDirection:
    """Significant (p below 1 - confidence) and robust to leaving out any point, then by the slope's sign."""
    if not (p_value < 1 - confidence and robust) or slope == 0 or math.isnan(slope):
        return TrendDirection.NO_SIGNIFICANT_CHANGE
    return TrendDirection.INCREASING if slope > 0 else TrendDirection.DECREASING


def recent_trend(
    points: Iterable[TrendPoint],
    *,
    polarity: Polarity | str = Polarity.NO_JUDGEMENT,
    value_type: ValueType | str = ValueType.PROPORTION,
    n_points: int = FINGERTIPS_POINTS,
    confidence: float = FINGERTIPS_TREND_CONFIDENCE,
    ci_confidence: float = 0.95,
) -> TrendResult:
    """The recent trend of one series over its latest `n_points` periods (Fingertips: 5 points, 99.8%).

    Args:
        points: the series, in any order; periods must be distinct and mutually comparable.
        polarity: how to judge the direction ("higher-is-better", "lower-is-better", "no-judgement").
        value_type: "proportion" lets counts and denominators use the chi-squared test; rates and
            other values use their confidence limits (or, without them, ordinary least squares).
        n_points: how many of the latest periods to use; all of them must have a value.
        confidence: significance level of the test (0.998: p must be below 0.002).
        ci_confidence: confidence level of the points' `lower`/`upper` limits.

    Returns:
        A `TrendResult`; "cannot-be-calculated" (with a message) when there are too few points or
        one of the latest has no value.
    """
    polarity = Polarity(polarity)
    value_type = ValueType(value_type)
    if n_points < 3:
        raise ValueError(f"n_points must be at least 3 for a trend test, not {n_points}")
    if not 0.5 < confidence < 1 or not 0.5 < ci_confidence < 1:
        raise ValueError("confidence and ci_confidence must be between 0.5 and 1 (e.g. 0.998 and 0.95)")
    ordered = sorted(points, key=lambda point: point.period)
    periods = [point.period for point in ordered]
    if len(set(periods)) != len(periods):
        raise ValueError("each period may appear only once in a trend series")
    if len(ordered) < n_points:
        return _cannot(f"needs {n_points} periods; the series has {len(ordered)}", len(ordered))
    latest = ordered[-n_points:]
    if not all(_present(point.value) for point in latest):
        return _cannot(f"one of the latest {n_points} periods has no value", n_points)

    has_counts = all(
        _present(point.count) and _present(point.denominator) and 0 < point.count < point.denominator  # type: ignore[operator]
        for point in latest
    )
    has_limits = all(
        _present(point.lower) and _present(point.upper) and point.upper > point.lower  # type: ignore[operator]
        for point in latest
    )
    method = choose_method(value_type=value_type, has_counts=has_counts, has_limits=has_limits)
    values = np.array([[point.value for point in latest]], dtype=np.float64)
    if method is TrendMethod.CHI_SQUARE_FOR_TREND:
        counts = np.array([[point.count for point in latest]], dtype=np.float64)
        denominators = np.array([[point.denominator for point in latest]], dtype=np.float64)
        result = chi_square_trend_rows(counts, denominators)
    elif method is TrendMethod.WEIGHTED_LEAST_SQUARES:
        lower = np.array([[point.lower for point in latest]], dtype=np.float64)
        upper = np.array([[point.upper for point in latest]], dtype=np.float64)
        result = weighted_trend_rows(values, lower, upper, z=limits_z(ci_confidence))
    else:
        result = ordinary_trend_rows(values)

    p_value, slope = float(result.p_value[0]), float(result.slope[0])
    direction = direction_from_statistics(
        p_value=p_value, slope=slope, robust=bool(result.robust[0]), confidence=confidence
    )
    return TrendResult(
        direction=direction,
        assessment=assess_direction(direction, polarity),
        method=method,
        p_value=p_value,
        statistic=float(result.statistic[0]),
        slope=slope,
        n_points=n_points,
    )
