"""Reading a survey export as a header and rows of text cells, whatever the file format.

One reader per format, registered in READERS by file suffix: a new format is a new function here.
Every cell comes back as trimmed text (spreadsheet dates as ISO 8601, whole numbers without ".0"),
with the row number a person sees in a spreadsheet (the header is row 1). Both readers work under
the survey limits (`onestockport.tabular`): the file's size is checked before it is opened, no more
than the row limit is read, and a row with a control character in a cell is reported, not returned.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError

from onestockport.errors import InvalidInputError, Problem
from onestockport.tabular import Report, TableLimits, check_cells, check_size, csv_records, survey_limits

# A run this long of empty spreadsheet rows is formatting below the data, not gaps between responses.
EMPTY_RUN = 1000


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (row number, cells)


def read_csv(path: Path, table_limits: TableLimits, report: Report) -> Table:
    records = csv_records(path, table_limits, report)
    first = next(records, None)
    if first is None:
        raise InvalidInputError(str(path), [Problem("(file)", "the file is empty")])
    header = [name.strip() for name in first[1]]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for start, cells in records:
            if check_cells(start, header, cells, report):
                yield start, [cell.strip() for cell in cells]

    return Table(header, rows())


def read_xlsx(path: Path, table_limits: TableLimits, report: Report) -> Table:
    import openpyxl  # only needed for spreadsheets

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InvalidInputError(str(path), [Problem("(file)", f"not a readable .xlsx workbook: {exc}")]) from None
    sheet = book.worksheets[0]
    # The sheet's <dimension> says how far it runs; a sheet formatted down to row 20,000,000 would
    # otherwise be walked one empty row at a time.
    declared = sheet.max_row
    if declared is not None and declared > table_limits.max_rows + 1:
        book.close()
        raise InvalidInputError(
            str(path),
            [
                Problem(
                    f"sheet {sheet.title!r}",
                    f"sheet {sheet.title!r} declares {declared:,} rows, more than {table_limits.max_rows:,} rows "
                    f"and a header row ({table_limits.rows_setting}); delete the empty rows below the "
                    "responses, or split the file",
                )
            ],
        )
    # Read each row as wide as its own cells, not padded to a declared width of up to 16,384 columns.
    sheet.reset_dimensions()
    values = sheet.iter_rows(values_only=True)
    try:
        header_cells = next(values, None)
    except ParseError as exc:
        book.close()
        raise InvalidInputError(str(path), [Problem("row 1", _not_well_formed(exc))]) from None
    if header_cells is None:
        book.close()
        raise InvalidInputError(str(path), [Problem("(file)", "the first sheet is empty")])
    header = [_cell_text(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        number, empty_run = 1, 0
        try:
            for number, cells in enumerate(values, start=2):
                if number > table_limits.max_rows + 1:
                    if empty_run < EMPTY_RUN:
                        report(number, "(row)", _too_many(table_limits))
                    return  # else: the limit was reached in trailing formatting
                texts = [_cell_text(cell) for cell in cells]
                if not any(texts):
                    empty_run += 1
                    continue
                empty_run = 0
                while len(texts) > len(header) and not texts[-1]:
                    texts.pop()
                texts += [""] * (len(header) - len(texts))
                long = next(
                    (index for index, text in enumerate(texts) if len(text) > table_limits.max_cell_chars), None
                )
                if long is not None:
                    column = header[long] if long < len(header) else f"(cell {long + 1})"
                    report(
                        number,
                        column,
                        f"a cell is longer than {table_limits.max_cell_chars:,} characters, the limit "
                        f"({table_limits.cell_setting})",
                    )
                    return
                if check_cells(number, header, texts, report):
                    yield number, texts
        except ParseError as exc:
            report(number + 1, "(row)", _not_well_formed(exc))
        finally:
            book.close()

    return Table(header, rows())


def _too_many(table_limits: TableLimits) -> str:
    return (
        f"more than {table_limits.max_rows:,} data rows, the limit ({table_limits.rows_setting}); "
        "split the file, or raise the limit"
    )


def _not_well_formed(exc: ParseError) -> str:
    return (
        f"the sheet cannot be read at or after this row ({exc}); a control character such as NUL in a cell "
        "makes a workbook invalid: open it in a spreadsheet program, remove the character and save it again"
    )


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


READERS: dict[str, Callable[[Path, TableLimits, Report], Table]] = {".csv": read_csv, ".xlsx": read_xlsx}


def open_table(path: Path, report: Report) -> Table:
    """The table in `path`, read by the reader for its suffix; an unreadable file is an InvalidInputError.

    Problems with single rows and cells (a control character, a cell or file too long) go to `report`.
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InvalidInputError(
            str(path), [Problem("(file)", f"cannot read {path.suffix or 'this'} files; use {known}")]
        )
    if not path.is_file():
        raise InvalidInputError(str(path), [Problem("(file)", "no such file")])
    table_limits = survey_limits()
    check_size(path, table_limits)
    try:
        return reader(path, table_limits, report)
    except UnicodeDecodeError as exc:
        raise InvalidInputError(
            str(path), [Problem("(file)", f"not UTF-8 text (byte {exc.start}); save it as CSV UTF-8")]
        ) from None
    except csv.Error as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"not readable as CSV: {exc}")]) from None
