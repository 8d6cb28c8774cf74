"""Fifths of a borough's LSOAs by deprivation: each fifth's value, the gap and the slope index, hand-computed."""

from __future__ import annotations

import pytest

from onestockport.places.inequality import FIFTH_LABELS, fifths_inequality, split_into_fifths


def _ranks(n: int) -> dict[str, int]:
    return {f"L{i:02d}": i for i in range(1, n + 1)}


# Ten LSOAs, two per fifth, 100 people each: 20%, 15%, 10%, 5% and 0% by fifth, most deprived first.
LINEAR_COUNTS = {
    "L01": (30, 100),
    "L02": (10, 100),
    "L03": (20, 100),
    "L04": (10, 100),
    "L05": (12, 100),
    "L06": (8, 100),
    "L07": (6, 100),
    "L08": (4, 100),
    "L09": (0, 100),
    "L10": (0, 100),
}


def test_fifths_are_as_equal_as_possible_and_follow_the_rank_not_the_code():
    ranks = {"Z": 1, "A": 7, "M": 2, "B": 3, "Y": 6, "C": 4, "X": 5}
    # 7 LSOAs: fifth of position i is floor(5i/7) + 1, so sizes 2, 1, 2, 1, 1.
    assert split_into_fifths(ranks) == [("Z", "M"), ("B",), ("C", "X"), ("Y",), ("A",)]
    sizes = [len(fifth) for fifth in split_into_fifths({f"E{i:03d}": i for i in range(1, 192)})]
    assert sizes == [39, 38, 38, 38, 38]


def test_each_fifth_of_a_share_is_its_total_count_over_its_total_base():
    result = fifths_inequality(LINEAR_COUNTS, _ranks(10), scale=100)
    assert result is not None
    assert [fifth.label for fifth in result.fifths] == list(FIFTH_LABELS)
    assert [fifth.value for fifth in result.fifths] == pytest.approx([20, 15, 10, 5, 0])
    assert next(fifth.lsoas for fifth in result.fifths) == ("L01", "L02")
    assert [fifth.population for fifth in result.fifths] == [200] * 5


def test_gap_and_slope_index_follow_the_stats_convention_least_minus_most():
    result = fifths_inequality(LINEAR_COUNTS, _ranks(10), scale=100)
    # Gap: least (0) minus most (20). SII: fifths at population ranks .1, .3, .5, .7, .9 on a straight
    # line falling 5 per 0.2 of rank, so the slope over the whole range (0 to 1) is -25.
    assert result.gap == pytest.approx(-20)
    assert result.sii == pytest.approx(-25)


def test_the_sign_is_said_in_words_from_the_most_deprived_side():
    words = fifths_inequality(LINEAR_COUNTS, _ranks(10), scale=100).describe(decimals=1, noun="rate")
    assert words.gap == "The most deprived fifth's rate is 20.0 points higher than the least deprived fifth's."
    assert "the most deprived end 25.0 points higher than the least deprived end" in words.sii
    reversed_counts = {code: LINEAR_COUNTS[f"L{11 - int(code[1:]):02d}"] for code in LINEAR_COUNTS}
    words = fifths_inequality(reversed_counts, _ranks(10), scale=100).describe(decimals=1, noun="rate")
    assert words.gap == "The most deprived fifth's rate is 20.0 points lower than the least deprived fifth's."


def test_no_difference_is_said_as_such():
    flat = dict.fromkeys(LINEAR_COUNTS, (10, 100))
    words = fifths_inequality(flat, _ranks(10), scale=100).describe(decimals=1)
    assert (
        words.gap == "The most deprived fifth's figure is the same as the least deprived fifth's (to 1 decimal place)."
    )


def test_the_slope_index_weights_fifths_by_their_population():
    # One LSOA per fifth; the most deprived holds 400 people, the others 100: population shares .5 and
    # .125, ranks .25, .5625, .6875, .8125, .9375 (weighted mean .5); values 20, 0, 0, 0, 0 (mean 10).
    # Sxy = .5(-.25)(10) + .125(-10)(.0625 + .1875 + .3125 + .4375) = -2.5;
    # Sxx = .5(.0625) + .125(.0625^2 + .1875^2 + .3125^2 + .4375^2) = .072265625; SII = -2.5/Sxx = -1280/37.
    counts = {"L01": (80, 400), "L02": (0, 100), "L03": (0, 100), "L04": (0, 100), "L05": (0, 100)}
    result = fifths_inequality(counts, _ranks(5), scale=100)
    assert result.sii == pytest.approx(-1280 / 37)
    assert result.gap == pytest.approx(-20)


def test_a_rate_or_score_is_a_population_weighted_mean_of_its_lsoas():
    values = {
        "L01": (0.5, 1000),
        "L02": (0.1, 3000),  # fifth 1: (500 + 300) / 4000 = 0.2
        "L03": (0.1, 1000),
        "L04": (0.1, 1000),
        "L05": (0.1, 1),
        "L06": (0.1, 1),
        "L07": (0.1, 1),
        "L08": (0.1, 1),
        "L09": (0.0, 5),
        "L10": (0.2, 15),  # fifth 5: 3 / 20 = 0.15
    }
    result = fifths_inequality(values, _ranks(10), kind="mean")
    assert result.fifths[0].value == pytest.approx(0.2)
    assert result.fifths[4].value == pytest.approx(0.15)
    assert result.fifths[0].population == 4000
    assert "population-weighted mean" in result.method
    assert "total count divided by its total" in fifths_inequality(LINEAR_COUNTS, _ranks(10)).method


def test_method_names_the_phe_slope_index_and_the_boroughs_own_fifths():
    method = fifths_inequality(LINEAR_COUNTS, _ranks(10), scale=100, edition="IMD 2025").method
    assert "slope index of inequality" in method
    assert "PHE/OHID" in method
    assert "fifths of the 10 small areas (LSOAs)" in method
    assert "IMD 2025" in method


def test_a_non_linear_gradient_with_equal_weights():
    # Equal weights, ranks .1 .. .9: values 10, 10, 10, 10, 20 give Sxy = 4.0, Sxx = 0.4, slope 10.
    counts = {"L01": (10, 100), "L02": (10, 100), "L03": (10, 100), "L04": (10, 100), "L05": (20, 100)}
    assert fifths_inequality(counts, _ranks(5), scale=100).sii == pytest.approx(10)


def test_too_few_lsoas_or_an_empty_fifth_gives_none():
    assert fifths_inequality({"L01": (1, 10)}, _ranks(4)) is None
    counts = dict(LINEAR_COUNTS)
    del counts["L09"], counts["L10"]  # the least deprived fifth has no figure
    assert fifths_inequality(counts, _ranks(10)) is None


def test_an_lsoa_with_a_figure_but_no_rank_is_an_error():
    with pytest.raises(ValueError, match="no deprivation rank"):
        fifths_inequality({**LINEAR_COUNTS, "L99": (1, 10)}, _ranks(10))
