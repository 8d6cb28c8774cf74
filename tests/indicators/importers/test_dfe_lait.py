"""DfE Local Authority Interactive Tool (Parquet): DfE numbers to GSS codes, DfE's symbols, its years."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from onestockport.errors import InvalidInputError
from onestockport.indicators.importers.dfe_lait import DfeLait, dfe_la_codes
from onestockport.indicators.importers.registry import get_importer

from .support import DATA, problems, read

FOLDER = DATA / "layouts" / "dfe-lait"
FILE = FOLDER / "bds_long_0.parquet"


def _rows(path: Path = FILE) -> dict[tuple[str, str, str], object]:
    return {(row.source_indicator, row.area_code, row.period.label): row for row in read(DfeLait, path)}


def test_the_format_is_registered():
    assert get_importer("dfe-lait") is DfeLait


def test_early_years_figures_for_the_place_england_and_the_region():
    rows = _rows()

    stockport = rows[("2yr_Ofsted_rating", "E08000007", "2024")]
    assert (stockport.value, stockport.area_name, stockport.area_level) == (98.4, "Stockport", "local-authority")
    assert (stockport.period.kind, str(stockport.period.start)) == ("year", "2024-01-01")
    assert rows[("2yr_Ofsted_rating", "E92000001", "2024")].area_level == "country"
    # "96.800000000000011" in the file: spreadsheet noise, not a published digit.
    assert rows[("2yr_Ofsted_rating", "E12000002", "2024")].value == 96.8
    assert rows[("3&4yr_Ofsted_rating", "E08000007", "2024")].value == 93.7
    assert rows[("3&4yr_Ofsted_rating", "E92000001", "2024")].value == 94.8
    assert rows[("2yr_Ofsted_rating", "E13000001", "2024")].value == 95.0  # Inner London, 987


def test_the_series_title_is_carried_down_from_its_first_year():
    rows = _rows()

    first, later = rows[("2yr_Ofsted_rating", "E08000007", "2016")], rows[("2yr_Ofsted_rating", "E08000007", "2017")]
    assert first.extra["data_item"].startswith("Percentage of 2-year-old children")
    assert later.extra["data_item"] == first.extra["data_item"]
    assert later.extra["la_number"] == "356"
    assert later.extra["region"] == "North West"
    assert rows[("2yr_Ofsted_rating", "E92000001", "2024")].extra["region"] == ""


def test_the_dictionary_beside_the_file_gives_title_polarity_and_year_type():
    rows = _rows()

    eyfs = rows[("2yr_Ofsted_rating", "E08000007", "2024")]
    assert eyfs.extra["polarity"] == "higher-is-better"
    assert eyfs.extra["title"].startswith("2 year old children benefitting from funded early education")
    exclusions = rows[("TotPermEx", "E08000007", "2015/16")]
    assert (exclusions.period.kind, str(exclusions.period.start)) == ("academic_year", "2015-09-01")
    assert exclusions.value == 0.09763  # "9.7629999999999995E-2"
    assert exclusions.extra["polarity"] == "lower-is-better"


def test_without_the_dictionary_a_slash_year_reads_as_a_financial_year(tmp_path):
    shutil.copy(FILE, tmp_path / FILE.name)

    exclusions = _rows(tmp_path / FILE.name)[("TotPermEx", "E08000007", "2015/16")]

    assert exclusions.period.kind == "financial_year"
    assert "polarity" not in exclusions.extra


def test_a_bracketed_year_note_is_kept_apart_from_the_year():
    revised = _rows()[("A3A", "E08000007", "2018")]

    assert (revised.value, revised.extra["year_note"]) == (8.9, "Rev")


def test_dfes_dash_is_a_missing_figure_and_the_year_zero_placeholder_is_dropped():
    rows = _rows()

    dash = rows[("2yr_Ofsted_rating", "E06000058", "2016")]  # Bournemouth, Christchurch and Poole, 839
    assert (dash.value, dash.missing_reason) == (None, "not available")
    assert not any(key[0] == "CINPermExclusion" for key in rows)
    assert len(rows) == 12


def test_the_lookup_maps_every_number_with_a_gss_code():
    codes = dfe_la_codes()

    assert (codes["970"], codes["981"], codes["356"]) == ("E92000001", "E12000002", "E08000007")
    assert codes["815"] == "E06000065"  # North Yorkshire: the live code of a number that had two
    assert all(len(code) == 9 for code in codes.values())


# --- Broken copies ----------------------------------------------------------------------------


def _write(tmp_path: Path, table: pa.Table) -> Path:
    path = tmp_path / FILE.name
    pq.write_table(table, path)
    return path


def _with_cell(tmp_path: Path, column: str, row: int, value: object) -> Path:
    """The extract with one cell (row 1 = the first data row) changed."""
    table = pq.read_table(FILE)
    cells = table.column(column).to_pylist()
    cells[row - 1] = value
    index = table.column_names.index(column)
    return _write(tmp_path, table.set_column(index, table.field(index), pa.array(cells, table.field(index).type)))


def test_a_file_that_is_not_parquet_is_refused_naming_the_file(tmp_path):
    path = tmp_path / FILE.name
    path.write_text("Short Desc,Values\n2yr_Ofsted_rating,90\n", encoding="utf-8")

    with pytest.raises(InvalidInputError, match="not readable as a Parquet file") as caught:
        read(DfeLait, path)

    assert caught.value.source == str(path)
    assert [problem.path for problem in caught.value.problems] == ["(file)"]


def test_a_missing_column_is_named(tmp_path):
    path = _write(tmp_path, pq.read_table(FILE).drop_columns(["LA Number"]))

    assert problems(DfeLait, path) == ["column 'LA Number'"]


def test_an_unknown_la_number_is_refused_naming_row_and_column(tmp_path):
    path = _with_cell(tmp_path, "LA Number", 5, 999.0)

    assert problems(DfeLait, path) == ["row 5, column 'LA Number'"]


def test_text_that_is_neither_a_number_nor_a_dfe_symbol_is_refused(tmp_path):
    path = _with_cell(tmp_path, "Values", 7, "n/a")

    assert problems(DfeLait, path) == ["row 7, column 'Values'"]


@pytest.mark.parametrize(
    ("symbol", "reason"), [("x", "not available"), ("c", "suppressed (confidential)"), ("z", "not applicable")]
)
def test_dfe_suppression_symbols_are_missing_with_a_reason(tmp_path, symbol, reason):
    path = _with_cell(tmp_path, "Values", 7, symbol)

    row = _rows(path)[("2yr_Ofsted_rating", "E08000007", "2024")]

    assert (row.value, row.missing_reason) == (None, reason)


def test_a_year_that_is_not_a_period_is_refused(tmp_path):
    path = _with_cell(tmp_path, "Years", 5, "sometime")

    assert problems(DfeLait, path) == ["row 5, column 'Years'"]
