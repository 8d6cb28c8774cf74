"""Every importer refuses a bad file as a whole, naming the row and column of each problem.

The bad files are made from the good extracts in tests/data/importers/: a wrong header (a column
renamed, so one is unknown and one is missing), a word where a number belongs, a malformed area code,
and a last row cut short as a broken download leaves it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from onestockport.indicators.importers.base import Importer
from onestockport.indicators.importers.deprivation import (
    HumaniverseImdLsoa,
    HumaniverseImdWard,
    IoD2019File,
    IoDLocalAuthoritySummary,
)
from onestockport.indicators.importers.emissions import MySocietyEmissions
from onestockport.indicators.importers.fingertips import Fingertips, FingertipsTidy
from onestockport.indicators.importers.generic import Tidy
from onestockport.indicators.importers.oflog import OflogAdultSocialCare
from onestockport.indicators.importers.open_sdg import OpenSdg
from onestockport.indicators.importers.trafford_tidy import (
    CensusTidy,
    TraffordClaimantLegacy,
    TraffordTidy,
    TraffordTidyWide,
)

from .support import DATA, problems


@dataclass(frozen=True)
class Case:
    importer: type[Importer]
    file: str
    rename: str  # a required column, as written in the file
    missing: str  # how the importer names it when it is missing
    number: str  # a numeric column, as written
    area: str  # the area code column, as written
    options: dict = field(default_factory=dict)
    any_column: bool = False  # the format takes columns it does not know (census categories, SDG disaggregations)


CASES = [
    Case(Fingertips, "fingertips_synthetic_export.csv", "Time period", "time_period", "Value", "Area Code"),
    Case(FingertipsTidy, "tdl_obese_reception.csv", "indicator", "indicator", "value", "area_code"),
    Case(TraffordTidy, "tdl_admissions_care_homes_65p.csv", "period", "period", "value", "area_code"),
    Case(TraffordTidy, "tdl_claimant_count.csv", "area_code", "area_code", "value", "area_code"),
    Case(TraffordTidyWide, "tdl_licensed_vehicles.csv", "period", "period", "value_ulev", "area_code"),
    Case(
        CensusTidy,
        "tdl_2021_method_of_travel_to_work_la_gm.csv",
        "value",
        "value",
        "value",
        "area_code",
        any_column=True,
    ),
    Case(TraffordClaimantLegacy, "tdl_gm_claimant_count_wards_2015_2017.csv", "rate", "rate", "count", "wd15cd"),
    Case(
        MySocietyEmissions,
        "mysociety_local_authority_emissions_2005_2020.csv",
        "Year",
        "year",
        "Per Person Emissions:t",
        "local-authority-code",
    ),
    Case(
        IoD2019File,
        "File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv",
        "LSOA code (2011)",
        "lsoa_code",
        "Index of Multiple Deprivation (IMD) Rank",
        "LSOA code (2011)",
    ),
    Case(
        HumaniverseImdLsoa,
        "humaniverse_imd2025_england_lsoa21.csv",
        "lsoa21_code",
        "area_code",
        "IMD_score",
        "lsoa21_code",
    ),
    Case(HumaniverseImdWard, "humaniverse_imd2019_england_ward.csv", "ward_code", "area_code", "Score", "ward_code"),
    Case(IoDLocalAuthoritySummary, "tdl_IoD2019_lad.csv", "index_domain", "index_domain", "average_score", "lad19cd"),
    Case(IoDLocalAuthoritySummary, "tdl_IoD2025_lad.csv", "area_name", "area_name", "average_rank", "area_code"),
    Case(OpenSdg, "indicator_3-4-1.csv", "Year", "year", "Value", "GeoCode", {"default_area": "E08000007"}, True),
    Case(Tidy, "tidy_example.csv", "period", "period", "value", "area_code"),
    Case(OflogAdultSocialCare, "oflog_asc_data.csv", "Code", "code", "Value", "Local authority code"),
    Case(
        OpenSdg,
        "ons_sdg_indicator_3-9-1_air_pollution_mortality.csv",
        "Year",
        "year",
        "Value",
        "GeoCode",
        any_column=True,
    ),
]
IDS = [f"{case.importer.format}:{case.file}" for case in CASES]


def _table(case: Case) -> list[list[str]]:
    with (DATA / case.file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write(tmp_path: Path, case: Case, table: list[list[str]]) -> Path:
    # Keep the file name: some importers read the edition or the indicator from it.
    path = tmp_path / case.file
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return path


def _with_cell(tmp_path: Path, case: Case, column: str, text: str) -> Path:
    """The file with one cell of the first data row (line 2) replaced."""
    table = _table(case)
    table[1][table[0].index(column)] = text
    return _write(tmp_path, case, table)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_extract_reads_cleanly(case):
    assert case.importer(DATA / case.file, **case.options).read()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_wrong_header(tmp_path, case):
    table = _table(case)
    table[0][table[0].index(case.rename)] = "surprise"
    path = _write(tmp_path, case, table)

    found = problems(case.importer, path, **case.options)

    assert f"row 1, column {case.missing!r}" in found
    if not case.any_column:
        assert "row 1, column 'surprise'" in found


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_word_where_a_number_belongs(tmp_path, case):
    path = _with_cell(tmp_path, case, case.number, "twelve")

    assert problems(case.importer, path, **case.options) == [f"row 2, column {case.number!r}"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_malformed_area_code(tmp_path, case):
    path = _with_cell(tmp_path, case, case.area, "E0800007")

    assert problems(case.importer, path, **case.options) == [f"row 2, column {case.area!r}"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_last_row_cut_short(tmp_path, case):
    text = (DATA / case.file).read_bytes().decode("utf-8-sig").rstrip("\r\n")
    start = text.rfind("\n") + 1
    last_row = text[start:]
    commas = [index for index, character in enumerate(last_row) if character == ","]
    cut = text[: start + commas[len(commas) // 2] + 2]  # two characters into a cell half way along
    path = tmp_path / case.file
    path.write_bytes(cut.encode("utf-8"))
    last_line = cut.count("\n") + 1

    assert problems(case.importer, path, **case.options) == [f"row {last_line}, column '(row)'"]
