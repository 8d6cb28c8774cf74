"""Confidence intervals from counts, computed by PHStatsMethods (the DHSC/UKHSA package behind Fingertips).

Nothing here re-implements a formula: each function checks its inputs, then calls the package.

* Proportions: Wilson score interval (Wilson 1927; Newcombe & Altman 2000), via
  ``PHStatsMethods.wilson_lower`` / ``wilson_upper``, as ``ph_proportion`` uses.
* Counts and crude rates: Byar's approximation to the Poisson interval (Breslow & Day 1987), with the
  exact Poisson interval for counts under 10, via ``byars_lower`` / ``byars_upper``, as ``ph_rate``
  uses. A rate's limits are the count's limits divided by the denominator, times the multiplier.

Fingertips publishes 95% limits and 99.8% limits (roughly two and three standard errors):
`CONFIDENCE_95` and `CONFIDENCE_99_8`.

Two deliberate details, both from the package's own source (PHStatsMethods 0.1.16):

* ``PHStatsMethods.byars`` (the combined helper) passes ``1 - confidence`` where its callees expect
  ``confidence``, so we call ``byars_lower`` and ``byars_upper`` directly.
* ``byars_upper`` refuses a count of 0 and ``exact_lower(0)`` is undefined (a chi-squared quantile
  with 0 degrees of freedom), so for a zero count the lower limit is 0 by definition and the upper
  limit comes from ``exact_upper``, which is what ``byars_upper`` uses for any count under 10.

The column functions accept any sequence (list, numpy array, pandas or polars Series) and return
numpy arrays; missing inputs give NaN limits. The package works one number at a time, so these
compute each distinct input once (fine for thousands of areas; for millions of rows, carry the
published limits rather than recomputing them).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from PHStatsMethods import byars_lower, byars_upper, exact_upper, wilson_lower, wilson_upper

__all__ = [
    "CONFIDENCE_95",
    "CONFIDENCE_99_8",
    "Interval",
    "byars_count_interval",
    "byars_rate_interval",
    "byars_rate_intervals",
    "wilson_interval",
    "wilson_intervals",
]

CONFIDENCE_95 = 0.95
CONFIDENCE_99_8 = 0.998

FloatArray = npt.NDArray[np.float64]


class Interval(NamedTuple):
    """Lower and upper confidence limits, on the same scale as the value they bound."""

    lower: float
    upper: float


def _check_confidence(confidence: float) -> None:
    # PHStatsMethods accepts 0.9 <= c < 1 (its check_cis); we check here so the message names the value.
    if not 0.9 <= confidence < 1:
        raise ValueError(f"confidence must be at least 0.9 and below 1 (e.g. 0.95 or 0.998), not {confidence!r}")


def _check_count(count: float, name: str = "count") -> None:
    if isinstance(count, bool) or not isinstance(count, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a number, not {type(count).__name__}")
    if math.isnan(count) or math.isinf(count):
        raise ValueError(f"{name} must be a finite number, not {count!r}")
    if count < 0:
        raise ValueError(f"{name} must not be negative, got {count!r}")


def wilson_interval(
    count: float, denominator: float, *, confidence: float = CONFIDENCE_95, multiplier: float = 1
) -> Interval:
    """Wilson score interval for the proportion `count / denominator`, times `multiplier`.

    Example: 50 out of 100 at 95% gives (0.4038, 0.5962); with ``multiplier=100`` it is in percent.

    Source: PHStatsMethods ``wilson_lower``/``wilson_upper`` (Wilson EB, J Am Stat Assoc 1927;22:209-212;
    Newcombe RG, Altman DG, Statistics with Confidence, 2nd edn, 2000, pp 46-48).
    """
    _check_confidence(confidence)
    _check_count(count)
    _check_count(denominator, "denominator")
    if denominator == 0:
        raise ValueError("denominator must be greater than 0 for a proportion")
    if count > denominator:
        raise ValueError(f"count ({count}) must not exceed denominator ({denominator}) for a proportion")
    lower = float(wilson_lower(count, denominator, confidence))
    upper = float(wilson_upper(count, denominator, confidence))
    return Interval(lower * multiplier, upper * multiplier)


def byars_count_interval(count: float, *, confidence: float = CONFIDENCE_95) -> Interval:
    """Confidence interval for a Poisson count: Byar's method from 10 upwards, exact below 10.

    Source: PHStatsMethods ``byars_lower``/``byars_upper`` (Breslow NE, Day NE, Statistical Methods in
    Cancer Research vol II, IARC 1987) and ``exact_upper`` (Armitage P, Berry G, Statistical Methods in
    Medical Research, 4th edn, 2002).
    """
    _check_confidence(confidence)
    _check_count(count)
    if count == 0:
        return Interval(0.0, float(exact_upper(0, confidence)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the package warns whenever it falls back to the exact method
        return Interval(float(byars_lower(count, confidence)), float(byars_upper(count, confidence)))


def byars_rate_interval(
    count: float, denominator: float, *, confidence: float = CONFIDENCE_95, multiplier: float = 100_000
) -> Interval:
    """Confidence interval for the crude rate `count / denominator * multiplier` (default per 100,000).

    The limits are the count's Byar's (or exact) limits divided by the denominator, as ``ph_rate`` does.
    """
    _check_count(denominator, "denominator")
    if denominator == 0:
        raise ValueError("denominator must be greater than 0 for a rate")
    limits = byars_count_interval(count, confidence=confidence)
    return Interval(limits.lower / denominator * multiplier, limits.upper / denominator * multiplier)


def _as_float_array(values: Sequence[float] | npt.ArrayLike, name: str) -> FloatArray:
    if hasattr(values, "to_numpy"):  # pandas and polars Series
        values = values.to_numpy()  # type: ignore[union-attr]
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    return array


def _per_distinct_input(function: Callable[..., Interval], *columns: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Apply a scalar interval function to each distinct row of `columns`; NaN where any input is missing."""
    lower = np.full(columns[0].shape, np.nan)
    upper = np.full(columns[0].shape, np.nan)
    present = np.logical_and.reduce([~np.isnan(column) for column in columns])
    if not present.any():
        return lower, upper
    stacked = np.column_stack([column[present] for column in columns])
    distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
    limits = np.array([function(*row) for row in distinct.tolist()], dtype=np.float64).reshape(-1, 2)
    lower[present] = limits[inverse.reshape(-1), 0]
    upper[present] = limits[inverse.reshape(-1), 1]
    return lower, upper


def wilson_intervals(
    counts: Sequence[float] | npt.ArrayLike,
    denominators: Sequence[float] | npt.ArrayLike,
    *,
    confidence: float = CONFIDENCE_95,
    multiplier: float = 1,
) -> tuple[FloatArray, FloatArray]:
    """`wilson_interval` for whole columns: returns (lower, upper) arrays; NaN where an input is missing."""
    count_array = _as_float_array(counts, "counts")
    denominator_array = _as_float_array(denominators, "denominators")
    if count_array.shape != denominator_array.shape:
        raise ValueError("counts and denominators must have the same length")

    def one(count: float, denominator: float) -> Interval:
        return wilson_interval(count, denominator, confidence=confidence, multiplier=multiplier)

    return _per_distinct_input(one, count_array, denominator_array)


def byars_rate_intervals(
    counts: Sequence[float] | npt.ArrayLike,
    denominators: Sequence[float] | npt.ArrayLike,
    *,
    confidence: float = CONFIDENCE_95,
    multiplier: float = 100_000,
) -> tuple[FloatArray, FloatArray]:
    """`byars_rate_interval` for whole columns: returns (lower, upper) arrays; NaN where an input is missing."""
    count_array = _as_float_array(counts, "counts")
    denominator_array = _as_float_array(denominators, "denominators")
    if count_array.shape != denominator_array.shape:
        raise ValueError("counts and denominators must have the same length")

    def one(count: float, denominator: float) -> Interval:
        return byars_rate_interval(count, denominator, confidence=confidence, multiplier=multiplier)

    return _per_distinct_input(one, count_array, denominator_array)
