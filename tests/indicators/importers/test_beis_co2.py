"""BEIS/DESNZ local authority CO2 emissions, long by sector (`beis-la-co2`).

Real files (layouts/beis-co2/README.md gives repository, commit and lines): Trafford Data Lab's tidy
re-publications of the 2005-2017 and 2005-2016 releases, and a later copy of the second with its
code and name columns swapped (refused). BEIS's own "dataset" CSV (~30 MB) is in no stored
repository, so its two layouts are tested with the SYNTHETIC files `synthetic_*.csv`, whose figures
are illustrative, not published statistics.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.indicators.importers.beis_co2 import CATEGORY_TYPE, TIDY_CATEGORY_TYPE, BeisLaCo2
from onestockport.indicators.importers.registry import get_importer

from .support import DATA, problems, read

FOLDER = "layouts/beis-co2"
RELEASE_2019 = f"{FOLDER}/synthetic_2005-19_layout.csv"
LATER = f"{FOLDER}/synthetic_later_co2_layout_r_export.csv"
LAYOUTS = [RELEASE_2019, LATER]
# Real: traffordDataLab/climate_emergency @ 6cfe76f (extract) and traffordDataLab/dashboard @ c1612b6 (whole file).
TIDY_2017 = f"{FOLDER}/tdl_climate_emergency_co2_2005-17_extract.csv"
TIDY_2016 = f"{FOLDER}/tdl_dashboard_co2_2005-16_trafford.csv"
# Real: traffordDataLab/dashboard @ 0f99e6a, whose script swapped the code and name columns.
SWAPPED = f"{FOLDER}/tdl_dashboard_co2_2020_code_name_swapped_extract.csv"


def _by(rows, code, category, measure="Territorial emissions"):
    return next(r for r in rows if r.area_code == code and r.category == category and r.measure == measure)


def test_registered():
    assert get_importer("beis-la-co2") is BeisLaCo2


def test_2005_19_layout_reads_each_sub_sector_and_both_figures():
    rows = read(BeisLaCo2, RELEASE_2019)

    gas = _by(rows, "E08000007", "Domestic / Domestic Gas")
    assert gas.value == 111.1
    assert gas.unit == "kt CO2"
    assert gas.category_type == CATEGORY_TYPE
    assert gas.period.label == "2019"
    assert gas.area_level == "local-authority"
    assert gas.extra == {
        "second_tier_authority": "Greater Manchester",
        "region": "North West",
        "population_thousands": "290.0",
        "area_km2": "126.0",
    }
    in_scope = _by(rows, "E08000007", "Domestic / Domestic Gas", "Emissions within the scope of influence of LAs")
    assert in_scope.value == 111.1
    assert _by(rows, "E08000007", "LULUCF / Net Emissions: Forestry").value == -3.3  # a net sink stays negative
    assert _by(rows, "E08000007", "Transport / Road Transport (Motorways)", in_scope.measure).value == 0.0


def test_unallocated_rows_are_skipped_and_counted_not_read_as_an_area():
    importer = BeisLaCo2(DATA / RELEASE_2019)
    rows = importer.read()

    # "Unallocated electricity NI" carries Northern Ireland's code but is not Northern Ireland's figure.
    assert not [r for r in rows if r.area_code == "N92000002"]
    assert importer.set_aside == {
        "Unallocated consumption": 1,
        "Large elec users (high voltage lines) unknown location": 1,
        "Unallocated electricity NI": 1,
    }
    assert {r.line for r in rows} == {2, 3, 4, 5}


def test_a_code_less_total_row_for_a_region_or_country_is_kept_against_that_area():
    region = _by(read(BeisLaCo2, RELEASE_2019), "E12000002", "Domestic / Domestic Gas")
    country = _by(read(BeisLaCo2, LATER), "E92000001", "Domestic / Domestic Electricity")

    assert (region.area_name, region.area_level, region.value) == ("North West", "region", 4444.4)
    assert (country.area_name, country.area_level, country.value) == ("England", "country", 9999.9)


def test_later_layout_with_na_codes_and_years_written_as_dates():
    importer = BeisLaCo2(DATA / LATER)
    rows = importer.read()

    electricity = _by(rows, "E08000007", "Domestic / Domestic Electricity")
    assert electricity.value == 88.8
    assert (electricity.period.label, electricity.period.start.isoformat()) == ("2020", "2020-01-01")
    assert electricity.period.end.isoformat() == "2020-12-31"
    missing = _by(
        rows, "E08000007", "Industry / Large Industrial Installations", "Emissions within the scope of influence of LAs"
    )
    assert (missing.value, missing.missing_reason) == (None, "not available")
    assert importer.set_aside == {"Unallocated consumption": 1}
    assert len(rows) == 6  # three kept rows x two figures


def _tidy(rows, code, year, group):
    return next(r for r in rows if r.area_code == code and r.period.label == year and r.category == group)


def test_tidy_2005_17_republication_reads_each_sector_with_the_files_own_labels():
    rows = read(BeisLaCo2, TIDY_2017)

    domestic = _tidy(rows, "E08000007", "2017", "Domestic")
    assert domestic.value == 466.93272562359687
    assert (domestic.period.start.isoformat(), domestic.period.end.isoformat()) == ("2017-01-01", "2017-12-31")
    assert (domestic.source_indicator, domestic.measure, domestic.unit) == ("CO₂ emissions", "CO₂", "kt CO2")
    assert (domestic.category_type, domestic.area_name, domestic.area_level) == (
        TIDY_CATEGORY_TYPE,
        "Stockport",
        "local-authority",
    )
    assert _tidy(rows, "E08000007", "2005", "Domestic").value == 757.2752337170948
    assert _tidy(rows, "E08000007", "2017", "Industry and commercial").value == 302.80228133845054
    assert _tidy(rows, "E08000007", "2017", "Transport").value == 295.5224320496312
    # A quoted name with a comma stays one cell.
    armagh = _tidy(rows, "N09000002", "2005", "Domestic")
    assert (armagh.area_name, armagh.value) == ("Armagh City, Banbridge and Craigavon", 515.2139377299336)


def test_the_na_coded_uk_total_is_skipped_and_counted_not_read_as_an_area():
    importer = BeisLaCo2(DATA / TIDY_2017)
    rows = importer.read()

    assert importer.set_aside == {"UK": 2}
    assert {r.line for r in rows} == {2, 3, 4, 6, 7}
    assert not [r for r in rows if r.area_name == "UK" or r.value > 100_000]


def test_tidy_2005_16_republication_reads_plain_years_and_the_total_group():
    importer = BeisLaCo2(DATA / TIDY_2016)
    rows = importer.read()

    assert len(rows) == 48
    assert importer.set_aside == {}
    assert {r.category for r in rows} == {"Industrial and commercial", "Domestic", "Transport", "Total"}
    assert {r.period.label for r in rows} == {str(year) for year in range(2005, 2017)}
    total = _tidy(rows, "E08000009", "2016", "Total")
    assert (total.value, total.unit, total.source_indicator, total.measure) == (
        1686.9362887507161,
        "kt CO2",
        "CO2 emissions",
        "CO2",
    )
    assert _tidy(rows, "E08000009", "2005", "Transport").value == 405.06051320126846


def test_the_real_file_with_names_in_the_code_column_is_refused():
    assert problems(BeisLaCo2, SWAPPED) == ["row 2, column 'area_code'", "row 3, column 'area_code'"]


def _broken(tmp_path: Path, source: str, old: str, new: str) -> Path:
    text = (DATA / source).read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / Path(source).name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


LA_CODE = "row {}, column 'Local Authority Code'"
CUT_SHORT = "row {}, column '(row)'"
YEAR = "row {}, column 'Calendar Year'"


@pytest.mark.parametrize(
    ("source", "old", "new", "expected"),
    [
        (RELEASE_2019, "Area (km2)", "Emissions per km2 (kt CO2)", "row 1, column 'Emissions per km2 (kt CO2)'"),
        (LATER, '"Area (km2)"', '"Per person (kg)"', "row 1, column 'Per person (kg)'"),
        (RELEASE_2019, "E08000007,2019,Domestic", "E8000007,2019,Domestic", LA_CODE.format(2)),
        (LATER, '"E08000007","2020-01-01","Industry"', '"Stockport","2020-01-01","Industry"', LA_CODE.format(3)),
        (RELEASE_2019, "-3.3,-3.3,290.0,126.0", "-3.3,-3.3", CUT_SHORT.format(4)),
        (LATER, "9.9,NA,291.5,126.0", "9.9", CUT_SHORT.format(3)),
        (RELEASE_2019, "E08000007,2019,Domestic", "E08000007,2019/20,Domestic", YEAR.format(2)),
        (LATER, '"2020-01-01","Industry"', '"2020-06-30","Industry"', YEAR.format(3)),
        (RELEASE_2019, "Domestic Gas,111.1", "Domestic Gas,lots", "row 2, column 'Territorial emissions (kt CO2)'"),
        (TIDY_2017, "NA,UK,CO₂ emissions,2005", "NA,Stockport,CO₂ emissions,2005", "row 5, column 'area_code'"),
        (TIDY_2017, "2017-01-01,CO₂,CO₂ (kt),466.9", "2017-06-30,CO₂,CO₂ (kt),466.9", "row 3, column 'period'"),
        (TIDY_2017, "CO₂ (kt),302.8", "CO₂ (t),302.8", "row 6, column 'unit'"),
        (TIDY_2017, ",295.5224320496312,Transport", ",295.5224320496312", "row 7, column '(row)'"),
        (
            TIDY_2017,
            "E08000007,Stockport,CO₂ emissions,2005",
            "E8000007,Stockport,CO₂ emissions,2005",
            "row 2, column 'area_code'",
        ),
        (TIDY_2016, "Trafford,CO2 emissions,2005,", "Trafford,CO2 emissions,2005/06,", "row 2, column 'period'"),
        (TIDY_2016, ",kt,1151.9931647826265,", ",kt,n/a,", "row 2, column 'value'"),
        (TIDY_2016, ",2006,CO2,kt,1170.8161080378547", ",2005,CO2,kt,1170.8161080378547", "row 3, column 'group'"),
        (TIDY_2016, "1151.9931647826265,Industrial and commercial", "1151.9931647826265,", "row 2, column 'group'"),
    ],
    ids=[
        "unknown-column-2019",
        "unknown-column-later",
        "bad-area-code-2019",
        "name-in-code-column-later",
        "truncated-row-2019",
        "truncated-row-later",
        "financial-year-2019",
        "mid-year-date-later",
        "non-numeric-value",
        "na-code-not-a-uk-total-2017-tidy",
        "mid-year-date-2017-tidy",
        "unit-not-kt-2017-tidy",
        "truncated-row-2017-tidy",
        "bad-area-code-2017-tidy",
        "financial-year-2016-tidy",
        "non-numeric-value-2016-tidy",
        "same-year-and-group-twice-2016-tidy",
        "empty-group-2016-tidy",
    ],
)
def test_broken_copies_are_refused_naming_row_and_column(tmp_path, source, old, new, expected):
    path = _broken(tmp_path, source, old, new)

    assert problems(BeisLaCo2, path) == [expected]


def test_a_code_less_row_that_is_neither_unallocated_nor_a_total_is_refused(tmp_path):
    path = _broken(tmp_path, RELEASE_2019, "Stockport,E08000007,2019,Transport", "Stockport,,2019,Transport")

    assert problems(BeisLaCo2, path) == ["row 3, column 'Local Authority Code'"]


def test_the_same_sub_sector_twice_is_refused(tmp_path):
    path = _broken(tmp_path, RELEASE_2019, "Transport,Road Transport (Motorways)", "Domestic,Domestic Gas")

    assert problems(BeisLaCo2, path) == ["row 3, column 'LA CO2 Sub-sector'"]


def test_the_greenhouse_gas_layout_is_not_mistaken_for_this_one(tmp_path):
    path = _broken(tmp_path, RELEASE_2019, "LA CO2 Sector,LA CO2 Sub-sector", "LA GHG Sector,LA GHG Sub-sector")

    assert problems(BeisLaCo2, path) == [
        "row 1, column 'LA GHG Sector'",
        "row 1, column 'LA GHG Sub-sector'",
        "row 1, column 'sector'",  # CsvTable names a missing column by its canonical name
        "row 1, column 'sub_sector'",
    ]


def test_a_tidy_file_without_its_group_column_is_refused(tmp_path):
    # e.g. the borough-wide CO2 totals the same team publishes: long, but not by sector.
    path = _broken(tmp_path, TIDY_2016, "unit,value,group", "unit,value,sector")

    assert problems(BeisLaCo2, path) == ["row 1, column 'sector'", "row 1, column 'group'"]
