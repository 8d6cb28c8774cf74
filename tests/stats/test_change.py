"""Which way a measure is going: the significance test where it applies, else the size of the change."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestockport.stats.change import (
    ChangePoint,
    Direction,
    DirectionBasis,
    assess_change,
    least_squares_slope,
    size_of_change,
    span_of,
)
from onestockport.stats.trends import TrendDirection, ValueType
from onestockport.stats.units import UnitKind


def _yearly(first_year: int, values: list[float | None], **extra: list) -> list[ChangePoint]:
    return [
        ChangePoint(
            label=str(first_year + i),
            start=date(first_year + i, 1, 1),
            value=value,
            **{name: column[i] for name, column in extra.items()},
        )
        for i, value in enumerate(values)
    ]


# The three real series, from the shipped data.
TERRITORIAL_CO2_KT = [
    1631.45,
    1580.59,
    1386.13,
    1342.61,
    1263.27,
    1238.38,
    1225.06,
    1194.91,
    1084.29,
    1106.19,
    1026.64,
    986.13,
]
CLAIMANT_RATE = [2.4, 1.9, 1.9, 1.9, 1.9, 2.4, 5.1, 5.0, 3.5, 3.1, 3.2, 2.9]  # 2014-2025
GHG_PER_PERSON = [6.06, 5.89, 5.22, 5.05, 4.65, 4.52, 4.47, 4.34, 3.95, 4.02, 3.67, 3.50]  # 2012-2023


def test_territorial_co2_falling_steadily_is_falling_not_no_change() -> None:
    """The chart falls from about 1,650 to 986 kt; the site said "no significant change"."""
    result = assess_change(_yearly(2012, TERRITORIAL_CO2_KT), kind=UnitKind.TOTAL, polarity="lower-is-better")

    assert result.direction is Direction.FALLING
    assert result.basis is DirectionBasis.SIZE_OF_CHANGE
    assert (result.change_from, result.change_to) == ("2019", "2023")
    assert result.change_pct == pytest.approx((986.13 - 1194.91) / 1194.91 * 100)
    assert result.slope < 0


def test_the_claimant_count_falling_from_five_to_2_9_percent_is_falling() -> None:
    result = assess_change(
        _yearly(2014, CLAIMANT_RATE),
        kind=UnitKind.PERCENTAGE,
        value_type=ValueType.PROPORTION,
        polarity="lower-is-better",
    )
    assert result.direction is Direction.FALLING
    assert result.basis is DirectionBasis.SIZE_OF_CHANGE
    assert (result.change_from, result.from_value, result.change_to, result.to_value) == ("2021", 5.0, "2025", 2.9)
    assert result.change == pytest.approx(-2.1)
    assert result.change_pct == pytest.approx(-42.0)


def test_greenhouse_gas_per_person_is_down_19_percent_since_2019() -> None:
    result = assess_change(_yearly(2012, GHG_PER_PERSON), kind=UnitKind.QUANTITY)
    assert result.direction is Direction.FALLING
    assert result.change_from == "2019"
    assert round(result.change_pct) == -19


def test_a_change_under_the_threshold_is_little_change() -> None:
    result = size_of_change(_yearly(2019, [100.0, 101.0, 99.0, 102.0, 104.0]), kind=UnitKind.QUANTITY)
    assert result.direction is Direction.LITTLE_CHANGE
    assert result.basis is DirectionBasis.SIZE_OF_CHANGE
    assert result.change_pct == pytest.approx(4.0)


def test_a_large_change_against_the_slope_is_not_a_direction() -> None:
    """First to last rises 10%, but the fitted line is flat: the chart shows no steady direction."""
    result = size_of_change(_yearly(2019, [10.0, 5.0, 4.0, 3.0, 11.0]), kind=UnitKind.QUANTITY)
    assert result.direction is Direction.LITTLE_CHANGE
    assert "do not move steadily" in result.reason


def test_too_few_points() -> None:
    assert size_of_change(_yearly(2023, [3.5]), kind=UnitKind.QUANTITY).direction is Direction.TOO_FEW_POINTS
    assert size_of_change(_yearly(2023, [None, 3.5]), kind=UnitKind.QUANTITY).direction is Direction.TOO_FEW_POINTS
    two = size_of_change(_yearly(2023, [20.4, 19.6]), kind=UnitKind.PERCENTAGE)
    assert two.direction is Direction.LITTLE_CHANGE  # two figures are enough to measure a change


def test_a_centred_score_cannot_be_sized() -> None:
    result = size_of_change(_yearly(2021, [0.02, -0.04, 0.09]), kind=UnitKind.CENTRED_SCORE)
    assert result.direction is Direction.NOT_ASSESSED
    assert result.basis is DirectionBasis.NONE


def test_the_span_is_four_years_back_so_months_compare_like_with_like() -> None:
    months = [
        ChangePoint(f"{year}-{month:02d}", date(year, month, 1), float(index))
        for index, (year, month) in enumerate((y, m) for y in range(2021, 2027) for m in range(1, 13))
        if (year, month) <= (2026, 3)
    ]
    span = span_of(months)
    assert (span[0].label, span[-1].label, len(span)) == ("2022-03", "2026-03", 49)
    assert [p.label for p in span_of(_yearly(2012, GHG_PER_PERSON))] == ["2019", "2020", "2021", "2022", "2023"]


def _proportions(counts: list[int], denominator: int = 10_000) -> list[ChangePoint]:
    return _yearly(
        2019,
        [count / denominator * 100 for count in counts],
        count=counts,
        denominator=[denominator] * len(counts),
    )


def test_counts_and_denominators_use_the_significance_test() -> None:
    result = assess_change(
        _proportions([1000, 1100, 1200, 1300, 1400]), kind=UnitKind.PERCENTAGE, value_type=ValueType.PROPORTION
    )
    assert result.direction is Direction.RISING
    assert result.basis is DirectionBasis.SIGNIFICANCE_TEST
    assert result.test is not None
    assert result.test.direction is TrendDirection.INCREASING


def test_no_significant_change_and_a_small_change_is_little_change_by_the_test() -> None:
    result = assess_change(
        _proportions([1000, 990, 1010, 1000, 1005]), kind=UnitKind.PERCENTAGE, value_type=ValueType.PROPORTION
    )
    assert result.direction is Direction.LITTLE_CHANGE
    assert result.basis is DirectionBasis.SIGNIFICANCE_TEST


def test_no_significant_change_but_a_large_change_reports_the_size_of_change() -> None:
    """Wide intervals: the five-point test cannot confirm a 30% fall, but the chart plainly falls."""
    values = [10.0, 9.0, 8.5, 7.5, 7.0]
    points = _yearly(2019, values, lower=[v - 5 for v in values], upper=[v + 5 for v in values])
    result = assess_change(points, kind=UnitKind.QUANTITY, value_type=ValueType.RATE)

    assert result.test is not None
    assert not result.test.is_significant
    assert result.direction is Direction.FALLING
    assert result.basis is DirectionBasis.SIZE_OF_CHANGE


def test_values_alone_never_use_the_significance_test() -> None:
    """Ordinary least squares on five bare figures is not the Fingertips test; the size of change decides."""
    result = assess_change(_yearly(2019, [5.0, 4.0, 3.0, 2.0, 1.0]), kind=UnitKind.QUANTITY)
    assert result.basis is DirectionBasis.SIZE_OF_CHANGE
    assert result.test is None


def test_least_squares_slope_per_year() -> None:
    assert least_squares_slope(_yearly(2019, [1.0, 2.0, 3.0])) == pytest.approx(1.0, rel=1e-2)
    assert least_squares_slope(_yearly(2019, [1.0])) is None


values_strategy = st.lists(
    st.one_of(st.none(), st.floats(min_value=0.1, max_value=1000, allow_nan=False)), min_size=0, max_size=9
)


@settings(max_examples=300, deadline=None)
@given(values=values_strategy, kind=st.sampled_from([UnitKind.QUANTITY, UnitKind.PERCENTAGE, UnitKind.TOTAL]))
def test_trend_words_never_contradict_the_plotted_slope(values: list[float | None], kind: UnitKind) -> None:
    """Rising only where the span's least-squares slope and first-to-last change both rise; falling likewise."""
    points = _yearly(2015, values)
    result = assess_change(points, kind=kind)
    plotted = span_of(points)
    slope = least_squares_slope(plotted)
    if result.direction is Direction.RISING:
        assert slope > 0
        assert plotted[-1].value > plotted[0].value
    if result.direction is Direction.FALLING:
        assert slope < 0
        assert plotted[-1].value < plotted[0].value


@settings(max_examples=200, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=1, max_value=9_999), min_size=5, max_size=7),
)
def test_the_significance_test_never_contradicts_the_plotted_slope_either(counts: list[int]) -> None:
    points = _proportions(counts)
    result = assess_change(points, kind=UnitKind.PERCENTAGE, value_type=ValueType.PROPORTION)
    slope = least_squares_slope(span_of(points))
    if result.direction is Direction.RISING:
        assert slope > 0
    if result.direction is Direction.FALLING:
        assert slope < 0
