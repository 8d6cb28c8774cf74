"""Trafford Data Lab tidy extracts: the 7-column layout and its variants, wide files, census, legacy claimants."""

from __future__ import annotations

from datetime import date

import pytest

from onestockport.indicators.importers.trafford_tidy import (
    CensusTidy,
    TraffordClaimantLegacy,
    TraffordTidy,
    TraffordTidyWide,
)
from onestockport.stats.periods import PeriodKind

from .support import problems, read


def test_standard_layout_with_na_values():
    england, stockport, _, not_available = read(TraffordTidy, "tdl_admissions_care_homes_65p.csv")

    assert stockport.area_code == "E08000007"
    assert stockport.area_name == "Stockport"
    assert stockport.area_level == "local-authority"
    assert stockport.source_indicator == "Permanent admissions to residential and nursing care homes aged 65+"
    assert stockport.period.kind == PeriodKind.FINANCIAL_YEAR
    assert stockport.period.label == "2014/15"
    assert stockport.value == 731.7
    assert (stockport.measure, stockport.unit) == ("Rate per 100,000 aged 65+", "Persons")
    assert england.value == 658.5
    assert not_available.line == 5
    assert not_available.value is None
    assert not_available.missing_reason == "not available"


@pytest.mark.parametrize(
    ("file", "line", "expected"),
    [
        # `units` for `unit`
        (
            "tdl_claimant_count.csv",
            4,
            ("Claimants as a proportion of residents aged 16-64", "Mar 2023", 3.2, "Percentage", "Persons"),
        ),
        # no unit column
        ("tdl_business_births_deaths.csv", 3, ("Business Births", "Q1 2022", 1.58, "Per 1000 population", "")),
        # no measure or unit, value before indicator, a pound sign
        (
            "tdl_gdp_per_head.csv",
            3,
            ("Gross domestic product (GDP) per head at current market prices (£)", "2023", 34446, "", ""),
        ),
        # indicator before period; rolling 12-month periods
        (
            "tdl_employment_rate.csv",
            3,
            ("Employment rate - aged 16-64", "Oct 2021-Sep 2022", 76.6, "Percentage", "Persons"),
        ),
        # DESNZ territorial emissions as Trafford Data Lab publishes them
        (
            "tdl_borough_wide_co2_emissions.csv",
            3,
            (
                "Local Authority territorial carbon dioxide (CO2) emissions estimates",
                "2023",
                986.1333663439584,
                "Frequency",
                "kilotonnes (kt CO2e)",
            ),
        ),
    ],
)
def test_header_variants_are_read_by_column_name(file, line, expected):
    row = next(row for row in read(TraffordTidy, file) if row.line == line)

    assert row.area_code == "E08000007"
    assert (row.source_indicator, row.period.label, row.value, row.measure, row.unit) == expected


def test_group_column_tells_rows_apart():
    photovoltaics, wind = read(TraffordTidy, "tdl_ce_renewable_electricity_generation.csv")

    assert photovoltaics.value == 17989.7476601546
    assert (photovoltaics.category_type, photovoltaics.category) == ("group", "Photovoltaics")
    assert photovoltaics.extra == {"group": "Photovoltaics"}
    assert wind.category == "Onshore Wind"
    assert wind.value is None


def test_wide_layout_gives_one_row_per_value_column():
    rows = read(TraffordTidyWide, "tdl_licensed_vehicles.csv")

    assert [(row.area_code, row.measure, row.value) for row in rows] == [
        ("E92000001", "value_ulev", 2371211),
        ("E92000001", "value_all_vehicles", 35000006),
        ("E08000007", "value_ulev", 149153),
        ("E08000007", "value_all_vehicles", 403387),
    ]
    assert rows[2].period.start == rows[2].period.end == date(2025, 9, 30)
    assert rows[2].extra == {"source_measure": "Frequency"}
    assert TraffordTidyWide.wide


def test_wide_layout_needs_a_value_column(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("area_code,area_name,period,indicator,measure,unit\nE08000007,Stockport,2025,x,Count,Cars\n")

    assert problems(TraffordTidyWide, path) == ["row 1, column 'value_*'"]


def test_census_category_column_becomes_the_category():
    home, metro, on_foot = read(CensusTidy, "tdl_2021_method_of_travel_to_work_la_gm.csv")

    assert home.area_code == "E08000007"
    assert home.period.start == date(2021, 3, 21)
    assert (home.category_type, home.category, home.value) == ("mode_of_travel", "Work mainly at or from home", 50157)
    assert (metro.category, metro.value) == ("Underground, metro, light rail, tram", 289)
    assert (on_foot.category, on_foot.value) == ("On foot", 8377)
    assert (home.measure, home.unit) == ("Count", "Persons")


def test_census_without_a_category_column():
    everyone, female = read(CensusTidy, "tdl_2021_population_by_sex_la_gm.csv")

    assert (everyone.source_indicator, everyone.value, everyone.category_type) == ("All persons", 294773, "")
    assert (female.source_indicator, female.value) == ("Female", 151373)


def test_census_sex_and_age_group():
    all_ages, youngest = read(CensusTidy, "tdl_1981-2021_population_by_sex_and_age_group_la_gm.csv")

    assert (all_ages.sex, all_ages.age, all_ages.value) == ("Females", "All ages", 151400)
    assert (youngest.age, youngest.category) == ("Aged 4 years and under", "")


def test_census_allows_one_category_column_only(tmp_path):
    path = tmp_path / "census.csv"
    path.write_text(
        "area_code,area_name,geography,period,indicator,tenure,ethnic_group,measure,unit,value\n"
        "E08000007,Stockport,Local authority,2021-03-21,x,Owned,White,Count,Persons,1\n"
    )

    assert problems(CensusTidy, path) == ["row 1, column 'ethnic_group'"]


def test_legacy_ward_claimants_are_monthly_rates_with_counts():
    north, _, latest = read(TraffordClaimantLegacy, "tdl_gm_claimant_count_wards_2015_2017.csv")

    assert (north.area_code, north.area_name, north.area_level) == ("E05000779", "Bramhall North", "ward")
    assert north.period.kind == PeriodKind.MONTH
    assert north.period.label == "Jan 2015"
    assert (north.value, north.count) == (1.1, 80)
    assert north.extra == {"la_code": "E08000007", "la_name": "Stockport"}
    assert (latest.period.label, latest.value) == ("Oct 2017", 1)


def test_legacy_la_claimants():
    january, february = read(TraffordClaimantLegacy, "tdl_gm_claimant_count_la_2015_2017.csv")

    assert (january.area_code, january.value, january.count) == ("E08000007", 1.9, 3380)
    assert january.extra == {"ca_code": "E47000001"}
    assert february.period.label == "Feb 2015"


def test_legacy_dates_must_be_the_first_of_a_month(tmp_path):
    path = tmp_path / "claimants.csv"
    path.write_text("date,count,rate,lad15cd,lad15nm\n2015-01-15,3380,1.9,E08000007,Stockport\n")

    assert problems(TraffordClaimantLegacy, path) == ["row 2, column 'date'"]
