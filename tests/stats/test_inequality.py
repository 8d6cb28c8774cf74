"""Gap and slope index of inequality by deprivation decile (PHE/OHID method)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from onestockport.stats.inequality import decile_inequality, lsoa_inequality, slope_index_of_inequality

# PHEindicatormethods' phe_sii example, Area1 (R/SII_function.R): deciles 1 (most deprived) to 10.
PHE_POPULATIONS = [7291, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534]
PHE_VALUES = [75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3]


def test_hand_worked_example_with_equal_populations() -> None:
    # Values rise by 2 per decile; decile ranks are 0.05, 0.15, ..., 0.95, so the slope per unit of
    # rank is 2 / 0.1 = 20; the fitted line is 9 at rank 0 and 29 at rank 1 (RII 29 / 9).
    result = decile_inequality(values={decile: 10.0 + 2 * (decile - 1) for decile in range(1, 11)})
    assert result.sii == pytest.approx(20.0)
    assert result.rii == pytest.approx(29 / 9)
    assert (result.most_deprived_value, result.least_deprived_value) == (10.0, 28.0)
    assert result.absolute_gap == pytest.approx(18.0)
    assert result.relative_gap == pytest.approx(2.8)
    assert result.missing_quantiles == ()


def test_matches_phe_regression_form() -> None:
    # PHE fits lm(sqrt(a) * y ~ sqrt(a) + b * sqrt(a) - 1); solve that independently here.
    share = np.array(PHE_POPULATIONS) / sum(PHE_POPULATIONS)
    rank = np.cumsum(share) - share / 2
    design = np.column_stack([np.sqrt(share), rank * np.sqrt(share)])
    (intercept, slope), *_ = np.linalg.lstsq(design, np.sqrt(share) * np.array(PHE_VALUES), rcond=None)
    fit = slope_index_of_inequality(values=PHE_VALUES, populations=PHE_POPULATIONS)
    assert fit.sii == pytest.approx(slope)
    assert fit.most_deprived_fitted == pytest.approx(intercept)
    assert fit.rii == pytest.approx((intercept + slope) / intercept)
    assert fit.sii == pytest.approx(7.0002, abs=1e-4)


def test_sign_convention_least_minus_most_deprived() -> None:
    falling = decile_inequality(values={decile: 30.0 - decile for decile in range(1, 11)})
    assert falling.sii < 0
    assert falling.absolute_gap < 0


def test_populations_change_the_sii_but_not_the_gap() -> None:
    values = dict(enumerate(PHE_VALUES, start=1))
    weighted = decile_inequality(values=values, populations=dict(enumerate(PHE_POPULATIONS, start=1)))
    equal = decile_inequality(values=values)
    assert weighted.absolute_gap == equal.absolute_gap == pytest.approx(86.3 - 75.9)
    assert weighted.sii != pytest.approx(equal.sii)


def test_missing_deciles() -> None:
    middle_missing = decile_inequality(values={decile: 1.0 * decile for decile in range(1, 11) if decile != 5})
    assert middle_missing.sii is None
    assert middle_missing.rii is None
    assert middle_missing.absolute_gap == pytest.approx(9.0)
    assert middle_missing.missing_quantiles == (5,)
    end_missing = decile_inequality(values=dict.fromkeys(range(1, 10), 1.0) | {10: math.nan})
    assert end_missing.absolute_gap is None
    assert end_missing.missing_quantiles == (10,)


def test_quintiles_and_a_zero_most_deprived_value() -> None:
    result = decile_inequality(values={1: 0.0, 2: 1.0, 3: 2.0, 4: 3.0, 5: 4.0}, n_quantiles=5)
    assert result.relative_gap is None
    assert result.sii == pytest.approx(5.0)


def test_lsoa_values_are_aggregated_to_deciles_first() -> None:
    # Two LSOAs per decile; weights are denominators, so a decile's value is total count / total denominator.
    values, deciles, weights = {}, {}, {}
    for decile in range(1, 11):
        for part, (count, denominator) in enumerate([(decile, 100), (3 * decile, 300)]):
            code = f"E0100{decile:02d}{part}"
            values[code], deciles[code], weights[code] = count / denominator * 100, decile, denominator
    values["E0199999"] = None  # no value: left out
    result = lsoa_inequality(values=values, deciles=deciles, weights=weights)
    expected = decile_inequality(
        values={decile: (decile + 3 * decile) / 400 * 100 for decile in range(1, 11)},
        populations=dict.fromkeys(range(1, 11), 400),
    )
    assert result.sii == pytest.approx(expected.sii)
    assert result.absolute_gap == pytest.approx(expected.absolute_gap)


def test_lsoas_without_weights_count_equally() -> None:
    result = lsoa_inequality(values={"a": 1.0, "b": 3.0, "c": 10.0}, deciles={"a": 1, "b": 1, "c": 2}, n_quantiles=2)
    assert result.most_deprived_value == pytest.approx(2.0)
    assert result.least_deprived_value == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: decile_inequality(values={0: 1.0, 1: 2.0}), "1 to 10"),
        (lambda: decile_inequality(values={1: 1.0, 2: 2.0}, n_quantiles=1), "at least 2"),
        (lambda: decile_inequality(values=dict.fromkeys(range(1, 11), 1.0), populations={1: 5}), "missing"),
        (lambda: slope_index_of_inequality(values=[1.0, 2.0], populations=[1.0, 0.0]), "above zero"),
        (lambda: slope_index_of_inequality(values=[1.0, 2.0], populations=[1.0]), "same length"),
        (lambda: slope_index_of_inequality(values=[1.0]), "at least two"),
        (lambda: slope_index_of_inequality(values=[1.0, math.nan]), "needs a value"),
        (lambda: lsoa_inequality(values={"a": 1.0}, deciles={}), "no deprivation decile"),
        (lambda: lsoa_inequality(values={"a": 1.0}, deciles={"a": 11}), "1 to 10"),
        (lambda: lsoa_inequality(values={"a": 1.0}, deciles={"a": 1}, weights={}), "no weight"),
        (lambda: lsoa_inequality(values={"a": 1.0}, deciles={"a": 1}, weights={"a": 0}), "above zero"),
    ],
)
def test_bad_input_is_refused(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
