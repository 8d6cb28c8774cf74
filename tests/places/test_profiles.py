"""A place's Census 2021 profile: values as the source gives them, ranks among siblings, Wilson comparisons."""

from __future__ import annotations

import pytest

from onestockport.places import census, profiles
from onestockport.places.models import CensusCount
from onestockport.places.profiles import comparison_words, percent, place_profile, rank_among

METHOD = "LSOAs assigned to wards by best fit"


def by_slug(profile, slug):
    return next(figure for figure in profile.figures if figure.slug == slug)


def test_percentages_have_one_decimal_place_as_ons_publishes():
    assert percent(278, 1466) == "19.0%"
    assert percent(1, 3) == "33.3%"
    assert percent(0, 10) == "0.0%"


def test_rank_one_is_the_highest_share_and_ties_share_a_rank():
    siblings = {"a": (10, 100), "b": (30, 100), "c": (30, 100), "d": (5, 100)}

    assert rank_among(0.30, siblings) == 1
    assert rank_among(0.10, siblings) == 3
    assert rank_among(0.05, siblings) == 4


@pytest.mark.parametrize(
    ("count", "total", "polarity", "expected"),
    [
        # 50 of 100 has the 95% Wilson interval 40.4% to 59.6%, so England's 50% is inside it.
        (50, 100, "high-is-bad", ("similar to England", "similar")),
        (50, 100, "none", ("similar to England", "")),
        # 60 of 100: interval 50.2% to 69.1%, above 50%.
        (60, 100, "high-is-bad", ("higher than England", "worse")),
        (60, 100, "high-is-good", ("higher than England", "better")),
        (60, 100, "none", ("higher than England", "")),
        # 40 of 100: interval 30.9% to 49.8%, below 50%.
        (40, 100, "high-is-bad", ("lower than England", "better")),
    ],
)
def test_comparison_with_england_uses_the_95_percent_wilson_interval(count, total, polarity, expected):
    assert comparison_words(count, total, (500, 1000), polarity) == expected


def test_no_england_value_means_no_comparison():
    assert comparison_words(5, 10, None, "high-is-bad") == ("", "")


@pytest.fixture
def small_place(db, monkeypatch):
    """Three wards of two LSOAs each, disability and age counts, the borough's own row and England."""
    monkeypatch.setattr(profiles, "_place_code", lambda: "E08000099")
    monkeypatch.setattr(census, "_place_code", lambda: "E08000099")
    disabled = {
        "E01000001": (10, 100),
        "E01000002": (30, 100),
        "E01000003": (5, 100),
        "E01000004": (5, 100),
        "E01000005": (20, 100),
        "E01000006": (20, 100),
        "E08000099": (91, 601),
        "E92000001": (173, 1000),
    }
    rows = []
    for code, (count, total) in disabled.items():
        rows += [
            (code, "TS038", "Total", total),
            (code, "TS038", "Disabled under the Equality Act", count),
            (code, "TS038", "Not disabled under the Equality Act", total - count),
        ]
    for code in ("E01000001", "E01000002", "E92000001"):
        rows += [
            (code, "TS007A", "Total", 100),
            (code, "TS007A", "Aged 4 years and under", 10),
            (code, "TS007A", "Aged 20 to 24 years", 60),
            (code, "TS007A", "Aged 85 years and over", 30),
        ]
        rows += [(code, "TS001", "Total", 100)]
    CensusCount.objects.bulk_create(
        CensusCount(area_code=a, table=t, category=c, count=n, universe="x", source="test") for a, t, c, n in rows
    )
    return {"W1": ["E01000001", "E01000002"], "W2": ["E01000003", "E01000004"], "W3": ["E01000005", "E01000006"]}


def test_a_profile_sums_its_lsoas_and_ranks_among_its_siblings(small_place):
    profile = place_profile(small_place["W1"], small_place, method=METHOD)
    disabled = by_slug(profile, "disabled")

    assert (disabled.count, disabled.total, disabled.value_display) == (40, 200, "20.0%")
    assert (disabled.rank, disabled.rank_of) == (1, 3)  # W1 20%, W3 20%, W2 5%
    assert disabled.borough_display == "15.1%"  # the borough's own row, 91 of 601
    assert disabled.england_display == "17.3%"
    assert disabled.comparison == "similar to England"  # 20.0% (14.9% to 26.3%) includes 17.3%
    assert disabled.status is None  # disability has no polarity
    assert (disabled.source, disabled.period, disabled.unit) == (
        "ONS Census 2021, table TS038 (Disability)",
        "Census 2021 (21 March 2021)",
        "% of usual residents",
    )
    assert disabled.method == profile.method == METHOD
    assert "95% Wilson score" in profile.comparison_method
    assert profile.population == 200

    low = by_slug(place_profile(small_place["W2"], small_place, method=METHOD), "disabled")
    assert (low.rank, low.rank_of, low.comparison) == (3, 3, "lower than England")


def test_a_place_not_among_its_siblings_is_ranked_out_of_one_more(small_place):
    figure = by_slug(place_profile(["E01000002"], small_place, method=METHOD), "disabled")

    assert (figure.value_display, figure.rank, figure.rank_of) == ("30.0%", 1, 4)


def test_age_bands_group_the_five_year_bands(small_place):
    bands = place_profile(small_place["W1"], small_place, method=METHOD).age_bands

    assert [band.label for band in bands] == ["0 to 14", "15 to 24", "25 to 44", "45 to 64", "65 to 84", "85 and over"]
    assert [(band.count, band.value_display) for band in bands][:2] == [(20, "10.0%"), (120, "60.0%")]
    assert bands[-1].england_display == "30.0%"


def test_a_place_with_no_census_rows_has_an_empty_profile(small_place):
    profile = place_profile(["E01999999"], small_place, method=METHOD)

    assert profile.figures == []
    assert profile.age_bands == []
    assert profile.population is None


@pytest.mark.django_db
def test_a_known_lsoa_matches_the_ons_source_file(loaded_areas):
    # SOURCES.md of the shared places folder: LSOA E01005886 (Stockport 001A) has 278 of its 1,466
    # residents disabled under the Equality Act (ONS TS038); Stockport 53,493 of 294,773; England
    # 9,774,510 of 56,490,048 (the LA and England rows of the ONS file).
    siblings = {lsoa: [lsoa] for lsoa in census.lsoa_counts("disabled")}
    profile = place_profile(["E01005886"], siblings, method=METHOD)
    disabled = by_slug(profile, "disabled")

    assert (disabled.count, disabled.total, disabled.value_display) == (278, 1466, "19.0%")
    assert disabled.borough_display == "18.1%"
    assert disabled.england_display == "17.3%"
    assert disabled.rank_of == 191
    assert len(profile.figures) == len(census.FIGURES)
    assert profile.population == 1466
