"""Comparing with a comparator by the strongest basis the data supports."""

from __future__ import annotations

import pytest

from onestockport.stats.benchmarking import Comparison, compare
from onestockport.stats.comparisons import (
    ComparisonBasis,
    Figure,
    Relation,
    compare_figures,
    computed_interval,
    judge,
)
from onestockport.stats.intervals import byars_rate_interval, wilson_interval
from onestockport.stats.trends import ValueType
from onestockport.stats.units import UnitKind


def test_greenhouse_gas_per_person_is_lower_than_england_by_difference() -> None:
    """The issue: 3.50 t against England's 4.78 t was "Not compared"; it is 27% lower, which is better."""
    result = compare_figures(Figure(3.50), Figure(4.78), polarity="lower-is-better", kind=UnitKind.QUANTITY)

    assert result.comparison is Relation.LOWER
    assert result.basis is ComparisonBasis.DIFFERENCE
    assert result.difference_pct == pytest.approx(-26.78, abs=0.01)
    assert round(result.difference_pct) == -27
    assert result.judgement is Comparison.BETTER
    assert result.reason == ""


def test_a_small_difference_is_similar_and_never_called_significant() -> None:
    result = compare_figures(Figure(102.0), Figure(100.0), polarity="higher-is-better", kind=UnitKind.QUANTITY)

    assert result.comparison is Relation.SIMILAR
    assert result.basis is ComparisonBasis.DIFFERENCE
    assert result.judgement is Comparison.SIMILAR
    assert "significant" not in result.reason


def test_published_intervals_use_the_fingertips_method() -> None:
    area = Figure(10.0, lower_95=9.0, upper_95=11.0)
    for england, relation in [(12.0, Relation.LOWER), (8.0, Relation.HIGHER), (11.0, Relation.SIMILAR)]:
        result = compare_figures(area, Figure(england), polarity="higher-is-better", kind=UnitKind.QUANTITY)
        fingertips = compare(value=10.0, lower=9.0, upper=11.0, comparator_value=england, polarity="higher-is-better")

        assert result.basis is ComparisonBasis.PUBLISHED_INTERVALS
        assert result.comparison is relation
        assert result.judgement is fingertips  # the same verdict as before, for every published interval
        assert result.confidence == 0.95


def test_intervals_win_over_the_size_of_the_difference() -> None:
    """A 20% difference inside a wide published interval is similar: chance could explain it."""
    result = compare_figures(
        Figure(12.0, lower_95=8.0, upper_95=16.0), Figure(10.0), polarity="lower-is-better", kind=UnitKind.QUANTITY
    )
    assert (result.comparison, result.basis) == (Relation.SIMILAR, ComparisonBasis.PUBLISHED_INTERVALS)
    assert result.difference_pct == pytest.approx(20.0)


def test_only_99_8_limits_are_used_when_95_are_missing() -> None:
    result = compare_figures(
        Figure(10.0, lower_998=8.5, upper_998=11.5), Figure(12.0), polarity="no-judgement", kind=UnitKind.QUANTITY
    )
    assert (result.comparison, result.basis, result.confidence) == (
        Relation.LOWER,
        ComparisonBasis.PUBLISHED_INTERVALS,
        0.998,
    )
    assert result.judgement is Comparison.LOWER  # no polarity: higher or lower, not better or worse


def test_counts_and_denominators_give_wilson_intervals_for_a_percentage() -> None:
    area = Figure(37.03, count=160436, denominator=433300)
    result = compare_figures(
        area,
        Figure(5.95),
        polarity="higher-is-better",
        kind=UnitKind.PERCENTAGE,
        value_type=ValueType.PROPORTION,
        multiplier=100,
    )
    expected = wilson_interval(160436, 433300, multiplier=100)

    assert result.basis is ComparisonBasis.COMPUTED_INTERVALS
    assert (result.lower, result.upper) == (expected.lower, expected.upper)
    assert (result.comparison, result.judgement) == (Relation.HIGHER, Comparison.BETTER)


def test_a_small_count_gives_a_wide_interval_and_similar() -> None:
    """5 of 40 (12.5%) against 10%: Wilson 5.5%-26.1% holds England, so similar, not "higher"."""
    result = compare_figures(
        Figure(12.5, count=5, denominator=40),
        Figure(10.0),
        polarity="lower-is-better",
        kind=UnitKind.PERCENTAGE,
        value_type=ValueType.PROPORTION,
        multiplier=100,
    )
    assert (result.comparison, result.basis) == (Relation.SIMILAR, ComparisonBasis.COMPUTED_INTERVALS)


def test_counts_behind_a_rate_give_byars_intervals() -> None:
    area = Figure(60.0, count=30, denominator=50_000)
    result = compare_figures(
        area,
        Figure(40.0),
        polarity="lower-is-better",
        kind=UnitKind.QUANTITY,
        value_type=ValueType.RATE,
        multiplier=100_000,
    )
    expected = byars_rate_interval(30, 50_000)
    assert result.basis is ComparisonBasis.COMPUTED_INTERVALS
    assert (result.lower, result.upper) == (expected.lower, expected.upper)
    assert (result.comparison, result.judgement) == (Relation.HIGHER, Comparison.WORSE)


def test_a_count_that_is_not_behind_the_figure_gives_no_interval() -> None:
    """An age-standardised rate is not count / population x 100,000: its count cannot give its interval."""
    figure = Figure(153.0, count=400, denominator=300_000)  # crude rate 133, not 153
    assert computed_interval(figure, value_type=ValueType.RATE, multiplier=100_000) is None
    result = compare_figures(
        figure, Figure(146.0), polarity="lower-is-better", kind=UnitKind.QUANTITY, value_type=ValueType.RATE,
        multiplier=100_000,
    )  # fmt: skip
    assert result.basis is ComparisonBasis.DIFFERENCE


def test_no_interval_is_computed_without_a_multiplier_or_for_other_values() -> None:
    figure = Figure(50.0, count=50, denominator=100)
    assert computed_interval(figure, value_type=ValueType.PROPORTION, multiplier=None) is None
    assert computed_interval(figure, value_type=ValueType.OTHER, multiplier=100) is None
    assert (
        computed_interval(Figure(150.0, count=150, denominator=100), value_type=ValueType.PROPORTION, multiplier=100)
        is None
    )


def test_a_total_is_compared_per_resident_when_populations_are_given() -> None:
    area = Figure(986.0, population=294_773)
    other = Figure(700.0, population=193_846)
    result = compare_figures(area, other, polarity="lower-is-better", kind=UnitKind.TOTAL)

    assert result.basis is ComparisonBasis.DIFFERENCE
    assert result.reason == "compared per resident"
    assert result.comparison is Relation.LOWER  # 3.34 per thousand against 3.61
    assert result.difference_pct == pytest.approx((986 / 294_773 - 700 / 193_846) / (700 / 193_846) * 100)


def test_a_total_without_populations_is_not_comparable_with_the_reason() -> None:
    """Businesses or kilotonnes against England's total say nothing about the area."""
    result = compare_figures(Figure(13_360.0), Figure(2_521_340.0), polarity="higher-is-better", kind=UnitKind.TOTAL)

    assert result.comparison is Relation.NOT_COMPARABLE
    assert result.basis is ComparisonBasis.NONE
    assert result.judgement is Comparison.NOT_COMPARED
    assert "grows with the size of the area" in result.reason


@pytest.mark.parametrize(
    ("area", "comparator", "reason"),
    [
        (Figure(None), Figure(1.0), "no figure for the area"),
        (Figure(1.0), Figure(None), "no figure for the comparator"),
        (Figure(float("nan")), Figure(1.0), "no figure for the area"),
    ],
)
def test_missing_figures_are_not_comparable(area: Figure, comparator: Figure, reason: str) -> None:
    result = compare_figures(area, comparator, polarity="no-judgement", kind=UnitKind.QUANTITY)
    assert (result.comparison, result.basis) == (Relation.NOT_COMPARABLE, ComparisonBasis.NONE)
    assert reason in result.reason


def test_a_centred_score_without_interval_is_not_comparable() -> None:
    result = compare_figures(Figure(0.09), Figure(-0.03), polarity="higher-is-better", kind=UnitKind.CENTRED_SCORE)
    assert result.comparison is Relation.NOT_COMPARABLE
    assert "centred on zero" in result.reason


def test_percentages_use_points_years_use_years() -> None:
    claimant = compare_figures(Figure(2.9), Figure(4.0), polarity="lower-is-better", kind=UnitKind.PERCENTAGE)
    life = compare_figures(Figure(79.8), Figure(79.7), polarity="higher-is-better", kind=UnitKind.YEARS)
    assert (claimant.comparison, claimant.judgement) == (Relation.LOWER, Comparison.BETTER)
    assert (life.comparison, life.judgement) == (Relation.SIMILAR, Comparison.SIMILAR)


def test_judge_uses_polarity_where_there_is_one() -> None:
    assert judge(Relation.HIGHER, "higher-is-better") is Comparison.BETTER
    assert judge(Relation.HIGHER, "lower-is-better") is Comparison.WORSE
    assert judge(Relation.LOWER, "no-judgement") is Comparison.LOWER
    assert judge(Relation.SIMILAR, "lower-is-better") is Comparison.SIMILAR
    assert judge(Relation.NOT_COMPARABLE, "higher-is-better") is Comparison.NOT_COMPARED
