"""Open SDG tidy CSV: disaggregations, GeoCode or a default area, the indicator from the file name or Series."""

from __future__ import annotations

import pytest

from onestockport.errors import OneStockportError
from onestockport.indicators.importers.open_sdg import OpenSdg

from .support import DATA, problems, read

FILE = "indicator_3-4-1.csv"


def test_rows_with_disaggregations():
    headline, female, female_under_75, default_area, blank = read(OpenSdg, FILE, default_area="E08000007")

    assert headline.source_indicator == "3-4-1"
    assert (headline.area_code, headline.period.label, headline.value) == ("E08000007", "2021", 280.1)
    assert headline.unit == "Rate per 100000"
    assert (headline.category_type, headline.category) == ("", "")
    assert (female.category_type, female.category) == ("Sex", "Female")
    assert (female_under_75.category_type, female_under_75.category) == ("Sex; Age", "Sex=Female; Age=Under 75")
    assert female_under_75.extra == {"Sex": "Female", "Age": "Under 75"}
    assert (default_area.area_code, default_area.value) == ("E08000007", 291)
    assert (blank.area_code, blank.area_level, blank.value, blank.missing_reason) == (
        "E92000001",
        "country",
        None,
        "not available",
    )


def test_rows_without_geocode_need_a_default_area():
    assert problems(OpenSdg, FILE) == ["row 5, column 'GeoCode'"]


def test_a_default_area_must_be_a_gss_code():
    with pytest.raises(OneStockportError, match="not a 9-character GSS code"):
        OpenSdg(DATA / FILE, default_area="Stockport")


def test_series_names_the_indicator_and_comment_obs_is_a_note(tmp_path):
    path = tmp_path / "indicator_11-6-1.csv"
    path.write_text(
        "Year,Series,Units,Waste type,COMMENT_OBS,Value\n"
        "2023,EN_MWT_RCYR,Percent,,Household waste only,43.2\n"
        "2023,EN_MWT_RCYR,Percent,Food,,\n"
    )

    everything, food = read(OpenSdg, path, default_area="E08000007")

    assert everything.source_indicator == "EN_MWT_RCYR"
    assert everything.note == "Household waste only"
    assert (food.category_type, food.category, food.value) == ("Waste type", "Food", None)


def test_a_uk_sdg_file_names_the_area_beside_its_geocode_and_that_is_no_breakdown():
    """ONS sdg-data: `Region` and `Local authority` name the GeoCode's area; `Deprivation decile` is a breakdown."""
    decile, council, region, england = read(OpenSdg, "ons_sdg_indicator_3-9-1_air_pollution_mortality.csv")

    series = "Fraction of mortality attributable to particulate air pollution (new method)"
    assert {row.source_indicator for row in (decile, council, region, england)} == {series}
    assert (council.area_code, council.area_name, council.period.label, council.value) == (
        "E08000007",
        "Stockport",
        "2021",
        5.65,
    )
    assert (council.category_type, council.category, council.note) == ("", "", "")
    assert (region.area_code, region.area_name, region.category) == ("E12000002", "North West", "")
    assert (england.area_code, england.category, england.value) == ("E92000001", "", 5.5)
    assert (decile.category_type, decile.category) == ("Deprivation decile", "Decile 1 (least deprived)")
    assert council.extra["Deprivation decile"] == ""
