"""mySociety's wide emissions table: one observation per figure, council codes mapped to GSS codes."""

from __future__ import annotations

import re

import pytest

from onestockport.indicators.importers.emissions import COUNCIL_CODES_FILE, MySocietyEmissions, mysociety_codes

from .support import DATA, problems, read

FILE = "mysociety_local_authority_emissions_2005_2020.csv"


def test_one_row_per_figure_with_the_column_as_measure():
    rows = read(MySocietyEmissions, FILE)
    stockport = {row.measure: row for row in rows if row.area_code == "E08000007"}

    assert len(stockport) == 32
    per_person = stockport["Per Person Emissions:t"]
    assert per_person.value == pytest.approx(3.3371623261866477)
    assert per_person.unit == "t"
    assert per_person.period.label == "2020"
    assert per_person.area_name == "Stockport Metropolitan Borough Council"
    assert per_person.area_level == "local-authority"
    assert per_person.extra == {"council_code": "SKP"}
    assert stockport["Total Emissions:kt CO2"].value == pytest.approx(981.7831448771332)
    assert stockport["Total Emissions:kt CO2"].unit == "kt CO2"
    assert stockport["Population:000s"].value == 294.197
    assert stockport["Agriculture 'Other':kt CO2"].value == pytest.approx(1.6406445083291468)


def test_the_combined_authority_is_mapped_too():
    gmca = [row for row in read(MySocietyEmissions, FILE) if row.extra["council_code"] == "GMCA"]

    assert {row.area_code for row in gmca} == {"E47000001"}
    assert gmca[0].area_level == "combined-authority"


def test_every_council_in_the_code_file_has_its_own_gss_code():
    codes = mysociety_codes()

    assert len(codes) > 400  # every UK council, past and current
    assert len(set(codes.values())) == len(codes)
    assert all(re.fullmatch(r"[EWSN]\d{8}", gss) for gss in codes.values())
    assert COUNCIL_CODES_FILE.read_text(encoding="utf-8").startswith("# ")  # says where it comes from


def test_a_council_anywhere_in_england_is_mapped(tmp_path):
    text = (DATA / FILE).read_text(encoding="utf-8").replace("2020,GMCA,", "2020,CON,")
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")

    cornwall = [row for row in read(MySocietyEmissions, path) if row.extra["council_code"] == "CON"]

    assert {row.area_code for row in cornwall} == {"E06000052"}


def test_an_unmapped_council_is_a_problem_naming_its_row(tmp_path):
    text = (DATA / FILE).read_text(encoding="utf-8").replace("2020,GMCA,", "2020,XYZ,")
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")

    assert problems(MySocietyEmissions, path) == ["row 3, column 'local-authority-code'"]
