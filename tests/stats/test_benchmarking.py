"""Comparison with a benchmark, the Fingertips way."""

from __future__ import annotations

import math

import pytest

from onestockport.stats.benchmarking import Comparison, Polarity, compare


@pytest.mark.parametrize(
    ("comparator", "polarity", "expected"),
    [
        (12.0, Polarity.HIGHER_IS_BETTER, Comparison.WORSE),  # area below England, higher is better
        (8.0, Polarity.HIGHER_IS_BETTER, Comparison.BETTER),
        (12.0, Polarity.LOWER_IS_BETTER, Comparison.BETTER),
        (8.0, Polarity.LOWER_IS_BETTER, Comparison.WORSE),
        (12.0, Polarity.NO_JUDGEMENT, Comparison.LOWER),
        (8.0, Polarity.NO_JUDGEMENT, Comparison.HIGHER),
        (10.5, Polarity.HIGHER_IS_BETTER, Comparison.SIMILAR),
        (11.0, Polarity.HIGHER_IS_BETTER, Comparison.SIMILAR),  # on the limit counts as inside
        (9.0, Polarity.LOWER_IS_BETTER, Comparison.SIMILAR),
    ],
)
def test_comparator_outside_the_interval_is_significant(comparator: float, polarity: Polarity, expected) -> None:
    assert compare(value=10.0, lower=9.0, upper=11.0, comparator_value=comparator, polarity=polarity) is expected


def test_polarity_may_be_given_as_text() -> None:
    result = compare(value=10.0, lower=9.0, upper=11.0, comparator_value=12.0, polarity="lower-is-better")
    assert result is Comparison.BETTER


@pytest.mark.parametrize("missing", [None, math.nan])
@pytest.mark.parametrize("field", ["value", "lower", "upper", "comparator_value"])
def test_missing_numbers_are_not_compared(field: str, missing: float | None) -> None:
    numbers = {"value": 10.0, "lower": 9.0, "upper": 11.0, "comparator_value": 12.0}
    numbers[field] = missing
    assert compare(**numbers, polarity=Polarity.HIGHER_IS_BETTER) is Comparison.NOT_COMPARED


def test_reversed_limits_and_unknown_polarity_are_refused() -> None:
    with pytest.raises(ValueError, match="above the upper"):
        compare(value=10.0, lower=11.0, upper=9.0, comparator_value=12.0, polarity=Polarity.NO_JUDGEMENT)
    with pytest.raises(ValueError, match="good-is-up"):
        compare(value=10.0, lower=9.0, upper=11.0, comparator_value=12.0, polarity="good-is-up")
