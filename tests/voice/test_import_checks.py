"""`onestockport voice import` on files that must be refused: a column read twice, control characters,
and files over the size, row and cell limits - CSV and XLSX. All data SYNTHETIC (tests/voice/data/README.md)."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import override_settings

from onestockport.errors import InvalidInputError
from onestockport.voice.commands import voice
from onestockport.voice.importers.mapping import read_mapping, resolve_mapping
from onestockport.voice.models import Engagement, Respondent, Response
from onestockport.voice.services import import_file

from .test_importers import as_xlsx, rows_of, write_rows

CITIZEN_SPACE = read_mapping(resolve_mapping("citizen-space"))
LOVE = "What do you love about Stockport?"
NAME = "What is your name?"


def refusal(plan, path: Path) -> str:
    with pytest.raises(InvalidInputError) as caught:
        import_file(plan=plan, engagement_slug="e", path=path, mapping=CITIZEN_SPACE)
    return str(caught.value)


def database() -> list[tuple]:
    return list(Response.objects.order_by("pk").values_list("pk", "respondent__row", "question__key", "text", "choice"))


def voice_import(path: Path):
    return CliRunner().invoke(voice, ["import", str(path), "--engagement", "e"])


@pytest.mark.django_db
def test_two_columns_read_as_the_same_answer_are_refused(loaded_plan, synthetic_export, tmp_path):
    """'Age' and 'What is your age?' both match the mapping's age column: one would overwrite the other."""
    rows = rows_of(synthetic_export)
    age = rows[0].index("What is your age?")
    rows = [[*row, "18-24" if number else "Age"] for number, row in enumerate(rows)]
    path = write_rows(tmp_path / "two-ages.csv", rows)

    message = refusal(loaded_plan, path)

    assert "row 1, column 'Age'" in message
    assert f"{rows[0][age]!r}" in message
    assert not Respondent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("column", [LOVE, NAME])
def test_a_nul_byte_is_refused_by_row_and_column(loaded_plan, synthetic_export, tmp_path, column):
    assert voice_import(synthetic_export).exit_code == 0
    before = database()
    rows = rows_of(synthetic_export)
    rows[3][rows[0].index(column)] += "\x00 and more"
    path = write_rows(tmp_path / "nul.csv", rows)

    result = voice_import(path)

    assert result.exit_code == 1, result.output
    assert f"row 4, column {column!r}" in result.output
    assert "U+0000" in result.output
    assert "migrate" not in result.output
    assert database() == before


@pytest.mark.django_db
@pytest.mark.parametrize("character", [b"\x07", b"&#0;"])
def test_a_control_character_in_an_xlsx_cell_is_refused(loaded_plan, synthetic_export, tmp_path, character):
    """XML cannot carry C0 characters, so a sheet holding one is not well formed: refused by row, no traceback."""
    rows = rows_of(synthetic_export)
    rows[2][rows[0].index(LOVE)] = "BELLS"
    path = as_xlsx(write_rows(tmp_path / "bell.csv", rows), tmp_path / "bell.xlsx")
    rewrite_sheet(path, lambda xml: xml.replace(b"BELLS", b"bells" + character))

    message = refusal(loaded_plan, path)

    assert "row 3" in message
    assert "not well-formed" in message or "invalid character" in message
    assert not Engagement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_file_over_the_size_limit_is_refused(loaded_plan, synthetic_export, tmp_path, kind):
    path = synthetic_export if kind == "csv" else as_xlsx(synthetic_export, tmp_path / "export.xlsx")
    size = path.stat().st_size
    with override_settings(ONESTOCKPORT_SURVEY_MAX_BYTES=size - 1):
        message = refusal(loaded_plan, path)
    assert str(path) in message
    assert f"{size:,} bytes" in message
    assert f"{size - 1:,} bytes" in message
    assert not Engagement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_responses_than_the_limit_are_refused(loaded_plan, synthetic_export, tmp_path, kind):
    path = synthetic_export if kind == "csv" else as_xlsx(synthetic_export, tmp_path / "export.xlsx")
    with override_settings(ONESTOCKPORT_SURVEY_MAX_ROWS=11):  # the export has 12
        message = refusal(loaded_plan, path)
    if kind == "csv":
        assert "row 13, column '(row)': more than 11 data rows" in message
    else:  # the workbook's <dimension> says so before a row is read
        assert "sheet 'Sheet' declares 13 rows, more than 11 rows and a header row" in message
    with override_settings(ONESTOCKPORT_SURVEY_MAX_ROWS=12):
        assert import_file(plan=loaded_plan, engagement_slug="e", path=path, mapping=CITIZEN_SPACE)


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 200_000])
def test_a_csv_cell_over_the_limit_is_named_by_row_and_column(loaded_plan, synthetic_export, tmp_path, length):
    rows = rows_of(synthetic_export)
    rows[4][rows[0].index(LOVE)] = "x" * length
    path = write_rows(tmp_path / "long.csv", rows)
    with override_settings(ONESTOCKPORT_IMPORT_MAX_CELL_CHARS=150):
        message = refusal(loaded_plan, path)
    assert f"row 5, column {LOVE!r}" in message
    assert "150 characters" in message


def rewrite_sheet(path: Path, edit) -> Path:
    """The workbook with `edit` applied to its first sheet's XML (what openpyxl will not write)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    path.write_bytes(buffer.getvalue())
    return path


def huge_sheet(synthetic_export: Path, target: Path, *, dimension: bool) -> Path:
    """The export as a workbook with one empty, styled cell at row 20,000,000, declared (or not) in
    its <dimension>: a few kilobytes on disk that a reader may walk row by row."""
    import openpyxl
    from openpyxl.styles import Font

    as_xlsx(synthetic_export, target)
    book = openpyxl.load_workbook(target)
    book.active.cell(row=1_048_576, column=1).font = Font(bold=True)  # the last row openpyxl writes
    book.save(target)

    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b"1048576", b"20000000")
        if not dimension:
            start = xml.index(b"<dimension")
            xml = xml[:start] + xml[xml.index(b"/>", start) + 2 :]
        return xml

    return rewrite_sheet(target, edit)


@pytest.mark.django_db
def test_a_sheet_declaring_millions_of_rows_is_refused_before_reading(loaded_plan, synthetic_export, tmp_path):
    path = huge_sheet(synthetic_export, tmp_path / "huge.xlsx", dimension=True)

    started = time.perf_counter()
    message = refusal(loaded_plan, path)
    elapsed = time.perf_counter() - started
    print(f"refused a sheet declaring 20,000,000 rows in {elapsed:.3f} s ({path.stat().st_size:,} bytes)")

    assert str(path) in message
    assert "sheet 'Sheet'" in message
    assert "20,000,000 rows" in message
    assert not Engagement.objects.exists()


@pytest.mark.django_db
def test_empty_rows_below_an_undeclared_sheet_end_the_reading(loaded_plan, synthetic_export, tmp_path):
    """Without a <dimension>, the reader meets the empty rows one by one: it reads no more than the
    limit, and a long run of empty rows at the end is trailing formatting, not a refusal."""
    path = huge_sheet(synthetic_export, tmp_path / "undeclared.xlsx", dimension=False)

    started = time.perf_counter()
    report = import_file(plan=loaded_plan, engagement_slug="e", path=path, mapping=CITIZEN_SPACE)
    elapsed = time.perf_counter() - started
    print(f"read an undeclared sheet ending at row 20,000,000 in {elapsed:.3f} s")

    assert report.respondents_created == 12


@pytest.mark.django_db
@override_settings(ONESTOCKPORT_SURVEY_MAX_ROWS=2000)
def test_responses_after_a_run_of_empty_rows_are_read_not_dropped(loaded_plan, synthetic_export, tmp_path):
    rows = rows_of(synthetic_export)
    path = as_xlsx(write_rows(tmp_path / "gap.csv", rows[:-1]), tmp_path / "gap.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(path)
    for column, text in enumerate(rows[-1], start=1):
        book.active.cell(row=1500, column=column, value=text or None)
    book.save(path)

    report = import_file(plan=loaded_plan, engagement_slug="e", path=path, mapping=CITIZEN_SPACE)

    assert report.respondents_created == 12
    assert Respondent.objects.filter(row=1500).exists()
