"""The checks every importer shares: a column named twice, control characters, and the size limits.

The files are the real extracts in tests/data/importers/ (the cases of test_bad_files.py), each with
one thing changed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.test import override_settings

from onestockport.errors import InvalidInputError
from onestockport.indicators.importers.base import Importer
from onestockport.indicators.importers.ons_els import OnsExploreLocalStatistics
from onestockport.indicators.importers.trafford_tidy import TraffordTidy

from .support import DATA
from .test_bad_files import CASES, IDS, Case, _table, _write

CARE_HOMES = "tdl_admissions_care_homes_65p.csv"


def refusal(importer: type[Importer], path: Path, **options: object) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as caught:
        importer(path, **options).read()
    return caught.value


def places(error: InvalidInputError) -> list[str]:
    return [problem.path for problem in error.problems]


def with_extra_column(tmp_path: Path, case: Case, heading: str, copy_of: str, text: str) -> Path:
    """The extract with one more column, `heading`, holding `text` where the file has `copy_of`."""
    table = _table(case)
    table[0].append(heading)
    for row in table[1:]:
        if row:
            row.append(text)
    assert copy_of in table[0]
    return _write(tmp_path, case, table)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_column_named_twice_is_refused_not_overwritten(tmp_path, case):
    # The same name in other clothes: another case and a trailing space normalise to the same column.
    heading = f"{case.number.upper()} "
    path = with_extra_column(tmp_path, case, heading, case.number, "99999")

    error = refusal(case.importer, path, **case.options)

    assert places(error) == [f"row 1, column {heading.strip()!r}"]
    assert case.number in str(error)
    assert str(path) in str(error)


@pytest.mark.parametrize(
    ("importer", "file", "heading", "canonical"),
    [
        (TraffordTidy, CARE_HOMES, "units", "unit"),  # `units` is what some releases call `unit`
    ],
)
def test_an_alias_beside_its_canonical_column_is_refused(tmp_path, importer, file, heading, canonical):
    case = Case(importer, file, "", "", "", "")
    path = with_extra_column(tmp_path, case, heading, canonical, "Persons")

    error = refusal(importer, path)

    assert places(error) == [f"row 1, column {heading!r}"]
    assert f"'{canonical}'" in str(error)


def test_an_ons_value_column_beside_observation_is_refused(tmp_path, hle_extract):
    lines = hle_extract.read_text(encoding="utf-8").splitlines()
    lines = [f"{lines[0]},Value", *(f"{line},99999" for line in lines[1:])]
    path = tmp_path / hle_extract.name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    error = refusal(OnsExploreLocalStatistics, path)

    assert places(error) == ["row 1, column 'Value'"]
    assert "'observation'" in str(error)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_control_character_in_a_cell_is_refused_by_row_and_column(tmp_path, case, character):
    table = _table(case)
    column = table[0].index(case.number)
    table[1][column] = f"1{character}2"
    path = _write(tmp_path, case, table)

    error = refusal(case.importer, path, **case.options)

    assert places(error) == [f"row 2, column {case.number!r}"]
    assert f"U+{ord(character):04X}" in str(error)


def test_a_control_character_in_a_heading_is_refused(tmp_path):
    case = Case(TraffordTidy, CARE_HOMES, "", "", "", "")
    table = _table(case)
    table[0][table[0].index("area_name")] = "area\x00name"
    path = _write(tmp_path, case, table)

    error = refusal(TraffordTidy, path)

    assert "row 1, column 'area\\x00name'" in places(error)
    assert "U+0000" in str(error)


def test_tabs_and_line_breaks_inside_a_cell_are_text(tmp_path):
    case = Case(TraffordTidy, CARE_HOMES, "", "", "", "")
    table = _table(case)
    table[1][table[0].index("area_name")] = "Stock\tport\r\nand beyond"
    path = _write(tmp_path, case, table)

    assert TraffordTidy(path).read()[0].area_name == "Stock\tport\r\nand beyond"


def care_homes_with_cell(tmp_path: Path, column: str, text: str, *, row: int = 2) -> Path:
    case = Case(TraffordTidy, CARE_HOMES, "", "", "", "")
    table = _table(case)
    table[row - 1][table[0].index(column)] = text
    return _write(tmp_path, case, table)


@override_settings(ONESTOCKPORT_IMPORT_MAX_CELL_CHARS=100)
@pytest.mark.parametrize("length", [101, 1000])  # just over (the importer's own check) and far over (csv's)
def test_a_cell_over_the_limit_is_named_by_row_and_column(tmp_path, length):
    path = care_homes_with_cell(tmp_path, "indicator", "x" * length, row=3)

    error = refusal(TraffordTidy, path)

    assert places(error) == ["row 3, column 'indicator'"]
    assert "100 characters" in str(error)


@override_settings(ONESTOCKPORT_IMPORT_MAX_CELL_CHARS=100)
def test_a_long_cell_over_several_lines_is_named_by_its_row(tmp_path):
    # A quoted cell with line breaks: the row starts on line 3 and the cell overflows on a later line.
    path = care_homes_with_cell(tmp_path, "measure", "a\nb\nc\n" + "y" * 1000, row=3)

    error = refusal(TraffordTidy, path)

    assert places(error) == ["row 3, column 'measure'"]


@override_settings(ONESTOCKPORT_IMPORT_MAX_CELL_CHARS=100)
def test_a_cell_exactly_at_the_limit_is_read(tmp_path):
    path = care_homes_with_cell(tmp_path, "indicator", "x" * 100)

    assert TraffordTidy(path).read()[0].source_indicator == "x" * 100


def test_a_cell_over_128_kb_is_named_by_row_and_column(tmp_path):
    """The default limit, and Python's own csv limit (131,072) beneath it: named, not a bare csv error."""
    path = care_homes_with_cell(tmp_path, "unit", "z" * 200_000)

    error = refusal(TraffordTidy, path)

    assert places(error) == ["row 2, column 'unit'"]
    assert "131,072 characters" in str(error)


@override_settings(ONESTOCKPORT_IMPORT_MAX_ROWS=3)
def test_more_rows_than_the_limit_are_refused():
    error = refusal(TraffordTidy, DATA / CARE_HOMES)  # four data rows

    assert places(error) == ["row 5, column '(row)'"]
    assert "more than 3 data rows" in str(error)


@override_settings(ONESTOCKPORT_IMPORT_MAX_ROWS=4)
def test_rows_up_to_the_limit_are_read():
    assert len(TraffordTidy(DATA / CARE_HOMES).read()) == 4


def test_a_file_over_the_byte_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / CARE_HOMES
    path.write_bytes((DATA / CARE_HOMES).read_bytes() + b"\xff\xfe not even text")
    size = path.stat().st_size

    with override_settings(ONESTOCKPORT_IMPORT_MAX_BYTES=size - 1):
        error = refusal(TraffordTidy, path)

    assert places(error) == ["(file)"]
    assert f"{size:,} bytes" in str(error)
    assert f"{size - 1:,} bytes" in str(error)
    assert "UTF-8" not in str(error)  # refused on its size alone, unread


def test_the_csv_field_limit_is_left_as_it_was(tmp_path):
    before = csv.field_size_limit()
    with override_settings(ONESTOCKPORT_IMPORT_MAX_CELL_CHARS=100):
        TraffordTidy(DATA / CARE_HOMES).read()
    assert csv.field_size_limit() == before
