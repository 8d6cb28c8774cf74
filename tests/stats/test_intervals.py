"""Confidence intervals from PHStatsMethods: known answers, edge cases, columns and bad input."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from onestockport.stats.intervals import (
    CONFIDENCE_99_8,
    byars_count_interval,
    byars_rate_interval,
    byars_rate_intervals,
    wilson_interval,
    wilson_intervals,
)


def test_wilson_interval_for_50_out_of_100() -> None:
    # By hand, z = 1.96: centre (0.5 + z^2/200) / (1 + z^2/100) = 0.5;
    # half-width z / (1 + z^2/100) * sqrt(0.25/100 + z^2/40000) = 0.09617.
    lower, upper = wilson_interval(50, 100)
    assert (round(lower, 4), round(upper, 4)) == (0.4038, 0.5962)


def test_wilson_interval_in_percent_and_at_99_8() -> None:
    narrow = wilson_interval(50, 100, multiplier=100)
    wide = wilson_interval(50, 100, confidence=CONFIDENCE_99_8, multiplier=100)
    assert narrow.lower == pytest.approx(40.38, abs=0.01)
    assert wide.lower < narrow.lower < 50 < narrow.upper < wide.upper
    assert wide.lower == pytest.approx(35.24, abs=0.01)


def test_wilson_interval_at_the_extremes() -> None:
    assert wilson_interval(0, 100).lower == 0
    assert wilson_interval(0, 100).upper == pytest.approx(0.0370, abs=1e-4)
    assert wilson_interval(100, 100).upper == pytest.approx(1.0)
    assert wilson_interval(100, 100).lower == pytest.approx(0.9630, abs=1e-4)


def test_byars_interval_for_a_count_of_100() -> None:
    # Byar's approximation: close to the exact Poisson limits of 81.37 to 121.63.
    lower, upper = byars_count_interval(100)
    assert (round(lower, 2), round(upper, 2)) == (81.36, 121.63)


def test_small_and_zero_counts_use_the_exact_method() -> None:
    assert byars_count_interval(5) == pytest.approx((1.6235, 11.6683), abs=1e-4)
    assert byars_count_interval(0) == pytest.approx((0.0, 3.6889), abs=1e-4)


def test_rate_interval_scales_the_count_interval() -> None:
    lower, upper = byars_rate_interval(100, 50_000)
    assert lower == pytest.approx(81.3621 / 50_000 * 100_000, rel=1e-5)
    assert upper == pytest.approx(121.6279 / 50_000 * 100_000, rel=1e-5)
    assert byars_rate_interval(100, 50_000, multiplier=1_000).upper == pytest.approx(upper / 100)


def test_column_functions_match_the_scalar_ones_and_leave_missing_as_nan() -> None:
    lower, upper = wilson_intervals([50, None, 0, 50], np.array([100, 100, 10, 100]), multiplier=100)
    assert lower[0] == lower[3] == pytest.approx(wilson_interval(50, 100, multiplier=100).lower)
    assert math.isnan(lower[1])
    assert math.isnan(upper[1])
    assert upper[2] == pytest.approx(wilson_interval(0, 10, multiplier=100).upper)
    rate_lower, rate_upper = byars_rate_intervals(pl.Series([100, 3]), [50_000, 1_000])
    assert (rate_lower[0], rate_upper[0]) == pytest.approx(byars_rate_interval(100, 50_000))
    assert (rate_lower[1], rate_upper[1]) == pytest.approx(byars_rate_interval(3, 1_000))


def test_all_missing_column_gives_all_nan() -> None:
    lower, upper = wilson_intervals([None, None], [None, 10])
    assert np.isnan(lower).all()
    assert np.isnan(upper).all()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: wilson_interval(101, 100), "exceed"),
        (lambda: wilson_interval(1, 0), "greater than 0"),
        (lambda: wilson_interval(-1, 10), "negative"),
        (lambda: wilson_interval(float("nan"), 10), "finite"),
        (lambda: wilson_interval(5, 10, confidence=95), "confidence"),
        (lambda: byars_count_interval(-3), "negative"),
        (lambda: byars_rate_interval(3, 0), "greater than 0"),
        (lambda: wilson_intervals([1, 2], [10]), "same length"),
        (lambda: wilson_intervals([[1, 2]], [[10, 10]]), "one-dimensional"),
    ],
)
def test_bad_input_is_refused(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_non_numbers_are_refused() -> None:
    with pytest.raises(TypeError):
        wilson_interval("5", 10)  # type: ignore[arg-type]
