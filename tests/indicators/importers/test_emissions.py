"""mySociety's wide emissions table: one observation per figure, council codes mapped to GSS codes."""

from __future__ import annotations

import pytest

from onestockport.indicators.importers.emissions import MYSOCIETY_CODES, MySocietyEmissions

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


def test_every_greater_manchester_code_is_mapped_to_a_distinct_gss_code():
    assert len(set(MYSOCIETY_CODES.values())) == len(MYSOCIETY_CODES) == 11


def test_an_unmapped_council_is_a_problem_naming_its_row(tmp_path):
    text = (DATA / FILE).read_text(encoding="utf-8").replace("2020,GMCA,", "2020,ABD,")
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")

    assert problems(MySocietyEmissions, path) == ["row 3, column 'local-authority-code'"]
