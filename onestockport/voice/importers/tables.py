"""Reading a survey export as a header and rows of text cells, whatever the file format.

One reader per format, registered in READERS by file suffix: a new format is a new function here.
Every cell comes back as trimmed text (spreadsheet dates as ISO 8601, whole numbers without ".0"),
with the row number a person sees in a spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from onestockport.errors import InvalidInputError, Problem


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number, cells)


def read_csv(path: Path) -> Table:
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error):
        handle.close()
        raise
    if header is None:
        handle.close()
        raise InvalidInputError(str(path), [Problem("(file)", "the file is empty")])

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            line = reader.line_num
            for cells in reader:
                start, line = line + 1, reader.line_num
                yield start, [cell.strip() for cell in cells]

    return Table([name.strip() for name in header], rows())


def read_xlsx(path: Path) -> Table:
    import openpyxl  # only needed for spreadsheets

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InvalidInputError(str(path), [Problem("(file)", f"not a readable .xlsx workbook: {exc}")]) from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header_cells = next(values, None)
    if header_cells is None:
        book.close()
        raise InvalidInputError(str(path), [Problem("(file)", "the first sheet is empty")])
    header = [_cell_text(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, cells in enumerate(values, start=2):
                texts = [_cell_text(cell) for cell in cells]
                while len(texts) > len(header) and not texts[-1]:
                    texts.pop()
                yield number, texts
        finally:
            book.close()

    return Table(header, rows())


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


READERS: dict[str, Callable[[Path], Table]] = {".csv": read_csv, ".xlsx": read_xlsx}


def open_table(path: Path) -> Table:
    """The table in `path`, read by the reader for its suffix; an unreadable file is an InvalidInputError."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InvalidInputError(
            str(path), [Problem("(file)", f"cannot read {path.suffix or 'this'} files; use {known}")]
        )
    if not path.is_file():
        raise InvalidInputError(str(path), [Problem("(file)", "no such file")])
    try:
        return reader(path)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            str(path), [Problem("(file)", f"not UTF-8 text (byte {exc.start}); save it as CSV UTF-8")]
        ) from None
    except csv.Error as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"not readable as CSV: {exc}")]) from None
