"""Recent trends, the Fingertips way: published worked examples, fallbacks and edge cases."""

from __future__ import annotations

import math

import pytest

from onestockport.stats.periods import parse_period
from onestockport.stats.trends import (
    TrendAssessment,
    TrendDirection,
    TrendMethod,
    TrendPoint,
    ValueType,
    chi_square_for_trend,
    recent_trend,
)

# Fingertips' own test data (fingertips-open, AnalysisTest/TrendMarkerCalculatorTest.cs): year, count,
# denominator, value, lower and upper 95% limits. Its tests expect chi-squared 46.77 by the
# confidence-interval method and 47.9 by the proportions method, both significant.
FINGERTIPS_SET_1 = [
    (2018, 1367, 44701, 30.6, 28.98, 32.25),
    (2017, 1332, 44064, 30.2, 28.63, 31.9),
    (2016, 1199, 42811, 28, 26.44, 29.64),
    (2015, 1023, 41527, 24.6, 23.15, 26.19),
    (2014, 994, 40299, 24.67, 23.16, 26.25),
]
# ...and a set its tests expect not to be significant.
FINGERTIPS_SET_2 = [
    (2014, 209, 1017, 20.5506, 18.1803, 23.1427),
    (2015, 213, 1087, 19.5952, 17.3444, 22.0602),
    (2016, 213, 1119, 19.0349, 16.8421, 21.4394),
    (2017, 239, 1117, 21.3966, 19.0918, 23.8975),
    (2018, 210, 1139, 18.4372, 16.2925, 20.7941),
]


def points(rows) -> list[TrendPoint]:
    return [
        TrendPoint(period=year, value=value, count=count, denominator=denominator, lower=lower, upper=upper)
        for year, count, denominator, value, lower, upper in rows
    ]


def test_chi_square_for_trend_matches_r_prop_trend_test() -> None:
    # R: prop.trend.test(c(83, 90, 129, 70), c(86, 93, 136, 82)) gives X-squared = 8.2249, p = 0.004132.
    statistic, p_value = chi_square_for_trend([83, 90, 129, 70], [86, 93, 136, 82])
    assert statistic == pytest.approx(8.2249, abs=1e-4)
    assert p_value == pytest.approx(0.004132, abs=1e-6)


def test_fingertips_proportions_method_worked_example() -> None:
    result = recent_trend(points(FINGERTIPS_SET_1), value_type=ValueType.PROPORTION)
    assert result.method is TrendMethod.CHI_SQUARE_FOR_TREND
    assert round(result.statistic, 2) == 47.9
    assert result.direction is TrendDirection.INCREASING
    assert result.n_points == 5


def test_fingertips_confidence_interval_method_worked_example() -> None:
    result = recent_trend(points(FINGERTIPS_SET_1), value_type=ValueType.RATE)
    assert result.method is TrendMethod.WEIGHTED_LEAST_SQUARES
    assert round(result.statistic, 2) == 46.77
    assert result.direction is TrendDirection.INCREASING
    assert result.p_value < 0.002


def test_fingertips_example_without_a_significant_trend() -> None:
    result = recent_trend(points(FINGERTIPS_SET_2), value_type=ValueType.RATE)
    assert result.direction is TrendDirection.NO_SIGNIFICANT_CHANGE
    assert result.assessment is TrendAssessment.NO_SIGNIFICANT_CHANGE
    assert result.p_value > 0.002
    assert result.is_significant is False


def test_diabetes_prevalence_rising_is_getting_worse() -> None:
    # England's QOF diabetes prevalence 2020-2024 (FingertipsNext TrendMarkerCalculatorTests.cs).
    rows = [(2024, 3938080, 51441896), (2023, 3774801, 50649129), (2022, 3625401, 49956777),
            (2021, 3491868, 49122259), (2020, 3455176, 48783947)]  # fmt: skip
    series = [TrendPoint(year, count / total * 100, count, total) for year, count, total in rows]
    result = recent_trend(series, polarity="lower-is-better")
    assert result.direction is TrendDirection.INCREASING
    assert result.assessment is TrendAssessment.GETTING_WORSE


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("higher-is-better", TrendAssessment.GETTING_BETTER),
        ("lower-is-better", TrendAssessment.GETTING_WORSE),
        ("no-judgement", TrendAssessment.INCREASING),
    ],
)
def test_polarity_judges_the_direction(polarity: str, expected: TrendAssessment) -> None:
    assert recent_trend(points(FINGERTIPS_SET_1), polarity=polarity).assessment is expected


def test_only_the_latest_five_points_count_and_order_does_not_matter() -> None:
    falling_then_flat = [TrendPoint(2000 + year, 100.0 - 10 * year) for year in range(5)]
    rising = [TrendPoint(2010 + year, 10.0 + 2 * year) for year in range(5)]
    result = recent_trend(list(reversed(falling_then_flat + rising)))
    assert result.direction is TrendDirection.INCREASING
    assert result.method is TrendMethod.ORDINARY_LEAST_SQUARES


def test_a_single_outlier_cannot_make_a_trend() -> None:
    # Flat but for one very precise high point: significant overall, but the slope changes sign
    # when that point is left out, so Fingertips' outlier check says no significant change.
    series = [TrendPoint(year, 10.0, lower=9.0, upper=11.0) for year in range(2015, 2020)]
    series[4] = TrendPoint(2019, 14.0, lower=13.99, upper=14.01)
    series[0] = TrendPoint(2015, 10.5, lower=10.49, upper=10.51)
    result = recent_trend(series, value_type=ValueType.RATE)
    assert result.p_value < 0.002
    assert result.direction is TrendDirection.NO_SIGNIFICANT_CHANGE


def test_ordinary_least_squares_fallback_for_values_alone() -> None:
    straight = recent_trend([TrendPoint(year, 2.0 * year) for year in range(2010, 2015)])
    assert (straight.method, straight.direction, straight.p_value) == (
        TrendMethod.ORDINARY_LEAST_SQUARES, TrendDirection.INCREASING, 0.0)  # fmt: skip
    flat = recent_trend([TrendPoint(year, 5.0) for year in range(2010, 2015)])
    assert flat.direction is TrendDirection.NO_SIGNIFICANT_CHANGE
    noisy = recent_trend([TrendPoint(year, value) for year, value in enumerate([5.0, 6.0, 4.0, 7.0, 5.5])])
    assert noisy.direction is TrendDirection.NO_SIGNIFICANT_CHANGE
    assert 0 < noisy.p_value < 1


def test_zero_counts_fall_back_to_the_confidence_interval_method() -> None:
    rows = [(year, 0 if year == 2016 else 10, 100, 5.0, 4.0, 6.0) for year in range(2014, 2019)]
    assert recent_trend(points(rows)).method is TrendMethod.WEIGHTED_LEAST_SQUARES
    rows = [(year, 0, 100, 0.0, None, None) for year in range(2014, 2019)]
    assert recent_trend(points(rows)).method is TrendMethod.ORDINARY_LEAST_SQUARES


def test_rates_use_their_limits_even_with_counts() -> None:
    assert recent_trend(points(FINGERTIPS_SET_2), value_type="rate").method is TrendMethod.WEIGHTED_LEAST_SQUARES


def test_too_few_points_or_a_missing_latest_value_cannot_be_calculated() -> None:
    short = recent_trend([TrendPoint(year, 1.0) for year in range(2016, 2020)])
    assert short.direction is TrendDirection.CANNOT_BE_CALCULATED
    assert short.assessment is TrendAssessment.CANNOT_BE_CALCULATED
    assert (short.n_points, short.p_value) == (4, None)
    assert "needs 5" in short.message
    gap = [TrendPoint(year, None if year == 2017 else 1.0) for year in range(2012, 2020)]
    assert recent_trend(gap).direction is TrendDirection.CANNOT_BE_CALCULATED
    assert recent_trend([TrendPoint(2020, math.nan)] * 1).direction is TrendDirection.CANNOT_BE_CALCULATED
    assert recent_trend([]).n_points == 0


def test_periods_may_be_period_objects() -> None:
    labels = ["2014/15", "2015/16", "2016/17", "2017/18", "2018/19"]
    series = [TrendPoint(parse_period(label), 10.0 + index) for index, label in enumerate(labels)]
    assert recent_trend(series).direction is TrendDirection.INCREASING


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="only once"):
        recent_trend([TrendPoint(2020, 1.0), TrendPoint(2020, 2.0)])
    with pytest.raises(ValueError, match="n_points"):
        recent_trend([], n_points=2)
    with pytest.raises(ValueError, match="confidence"):
        recent_trend([], confidence=99.8)
    with pytest.raises(ValueError, match="sideways"):
        recent_trend([], polarity="sideways")
    with pytest.raises(ValueError, match="between 0 and its denominator"):
        chi_square_for_trend([5, 11], [10, 10])
