"""Reading tables from files that publishers and people send: the checks every importer shares.

The statistics importers (indicators/importers) and the survey importer (voice/importers) both read
through here, so a file is refused the same way whichever command reads it:

* a file over its byte limit is refused before a byte of it is read;
* reading stops at a cell over the cell limit or a data row past the row limit, naming the row;
* a C0 control character (NUL and the like; tab and line breaks are text) in any cell is refused:
  PostgreSQL cannot store NUL, and none of them belongs in a figure, a name or an answer;
* a header that names the same column twice is refused, because a row keyed by column would keep
  one cell and silently drop the other.

Problems go to a `Report` callback `(row, column, message)`, so each importer keeps its own list
and its own stop-after-so-many rule. The limits come from `onestockport.limits` (one place).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from onestockport import limits
from onestockport.errors import InvalidInputError, Problem

Report = Callable[[int, str, str], None]
# C0 control characters except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTROL_NAMES = {0: "NUL", 7: "BEL", 8: "BS", 11: "VT", 12: "FF", 27: "ESC"}


@dataclass(frozen=True)
class TableLimits:
    """The limits one kind of file is read under, with the settings that set them (for messages)."""

    max_bytes: int
    max_rows: int
    max_cell_chars: int
    bytes_setting: str
    rows_setting: str
    cell_setting: str = "ONESTOCKPORT_IMPORT_MAX_CELL_CHARS"


def import_limits() -> TableLimits:
    """Publishers' data files (`data import`)."""
    current = limits.current()
    return TableLimits(
        max_bytes=current.import_max_bytes,
        max_rows=current.import_max_rows,
        max_cell_chars=current.import_max_cell_chars,
        bytes_setting="ONESTOCKPORT_IMPORT_MAX_BYTES",
        rows_setting="ONESTOCKPORT_IMPORT_MAX_ROWS",
    )


def survey_limits() -> TableLimits:
    """Survey exports (`voice import`); a cell is held to the same limit as in a data file."""
    current = limits.current()
    return TableLimits(
        max_bytes=current.survey_max_bytes,
        max_rows=current.survey_max_rows,
        max_cell_chars=current.import_max_cell_chars,
        bytes_setting="ONESTOCKPORT_SURVEY_MAX_BYTES",
        rows_setting="ONESTOCKPORT_SURVEY_MAX_ROWS",
    )


def check_size(path: Path, table_limits: TableLimits) -> None:
    """Refuse a file over the byte limit, or one that cannot be opened, before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"cannot read the file: {exc.strerror}")]) from None
    if size > table_limits.max_bytes:
        raise InvalidInputError(
            str(path),
            [
                Problem(
                    "(file)",
                    f"the file is {size:,} bytes, over the limit of {table_limits.max_bytes:,} bytes "
                    f"({table_limits.bytes_setting}); split it, or raise the limit",
                )
            ],
        )


def control_character(text: str) -> str | None:
    """A description of the first C0 control character in `text` ('U+0000 (NUL) at character 3'), or None."""
    match = CONTROL.search(text)
    if match is None:
        return None
    code = ord(match[0])
    name = f" ({CONTROL_NAMES[code]})" if code in CONTROL_NAMES else ""
    return f"U+{code:04X}{name} at character {match.start() + 1}"


def check_cells(row: int, names: Sequence[str], cells: Sequence[str], report: Report) -> bool:
    """Report each cell holding a control character; True when there is none."""
    clean = True
    for index, cell in enumerate(cells):
        found = control_character(cell)
        if found:
            column = names[index] if index < len(names) else f"(cell {index + 1})"
            report(row, column, f"contains the control character {found}; remove it (a damaged or binary file?)")
            clean = False
    return clean


def check_header(names: Sequence[str], keys: Sequence[Hashable | None], report: Report) -> bool:
    """Report control characters in headings, and any heading read as the same column as an earlier one.

    `keys` gives, for each heading, the column it is read as (after case, spacing and aliases); None
    for a heading that may repeat (a column dropped unread). True when the header is sound.
    """
    clean = True
    for name in names:
        found = control_character(name)
        if found:
            report(1, name, f"the heading contains the control character {found}; remove it")
            clean = False
    first: dict[Hashable, int] = {}
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key not in first:
            first[key] = index
            continue
        earlier = first[key]
        report(
            1,
            names[index],
            f"the same column as {names[earlier]!r} (columns {earlier + 1} and {index + 1} are both read as "
            f"{key!r}), so one would silently replace the other; remove or rename one",
        )
        clean = False
    return clean


def csv_records(path: Path, table_limits: TableLimits, report: Report) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of every record of a UTF-8 CSV file, the header (line 1) first.

    Cells are as written (untrimmed). Reading stops, after a report, at a cell longer than the cell
    limit (named by row, and by column when the header says which), at the first non-blank data
    row past the row limit, or at CSV the reader cannot parse. A UnicodeDecodeError propagates:
    the caller says which byte.
    """
    limit = table_limits.max_cell_chars
    # One more than the limit, so that a cell of limit + 1 characters reaches the check below with
    # its column known; anything longer stops the csv module, and is located by `_overflow_column`.
    previous = csv.field_size_limit(limit + 1)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header: list[str] = []
            data_rows = 0
            line = 0
            while True:
                start = line + 1
                try:
                    cells = next(reader, None)
                except csv.Error as exc:
                    if "field larger than field limit" in str(exc):
                        index = _overflow_column(path, start, reader.line_num, limit)
                        column = _column_name(header, index)
                        report(start, column, _too_long(table_limits, reader.line_num, start))
                    else:
                        report(reader.line_num, "(row)", f"not readable as CSV: {exc}")
                    return
                if cells is None:
                    return
                line = reader.line_num
                long = next((index for index, cell in enumerate(cells) if len(cell) > limit), None)
                if long is not None:
                    report(start, _column_name(header, long), _too_long(table_limits, line, start))
                    return
                if start == 1:
                    header = [cell.strip() for cell in cells]
                elif any(cell.strip() for cell in cells):
                    data_rows += 1
                    if data_rows > table_limits.max_rows:
                        report(
                            start,
                            "(row)",
                            f"more than {table_limits.max_rows:,} data rows, the limit "
                            f"({table_limits.rows_setting}); split the file, or raise the limit",
                        )
                        return
                yield start, cells
    finally:
        csv.field_size_limit(previous)


def _too_long(table_limits: TableLimits, line: int, start: int) -> str:
    where = f" (the cell runs on to line {line})" if line > start else ""
    return (
        f"a cell is longer than {table_limits.max_cell_chars:,} characters, the limit "
        f"({table_limits.cell_setting}){where}; is a closing quote missing?"
    )


def _column_name(header: Sequence[str], index: int | None) -> str:
    if index is None:
        return "(row)"
    return header[index] if index < len(header) else f"(cell {index + 1})"


def _overflow_column(path: Path, start: int, end: int, limit: int) -> int | None:
    """Which cell of the record on lines `start`..`end` first grows past `limit` characters.

    The csv module says only that a field was too large; this re-reads those lines and follows the
    default CSV dialect (commas, double quotes, "" for a quote) to count cells. None if it cannot tell.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = "".join(line for number, line in enumerate(handle, start=1) if start <= number <= end)
    index = length = position = 0
    quoted, at_start = False, True
    while position < len(text):
        character = text[position]
        if quoted:
            if character == '"':
                if text[position + 1 : position + 2] == '"':
                    position += 1
                    length += 1
                else:
                    quoted = False
            else:
                length += 1
        elif character == '"' and at_start:
            quoted = True
        elif character == ",":
            index, length = index + 1, 0
            at_start = True
            position += 1
            continue
        elif character in "\r\n":
            return None  # the record ended without a long cell: the count went wrong somewhere
        else:
            length += 1
        at_start = False
        if length > limit:
            return index
        position += 1
    return None
