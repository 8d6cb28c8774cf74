"""The file formats each table is published in: CSV and JSON (an array of objects), registered in FORMATS.

Both write the same cells: a date as ISO 8601, a missing value (or an empty text) as an empty CSV cell
and a JSON null, numbers as the shortest text that reads back to the same value. One difference: a CSV
text cell that a spreadsheet would run as a formula (starting with = + - @) has a ' in front
(onestockport.csv_safety); the JSON twin has the text as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from onestockport.csv_safety import safe_cell

from .resources import Row, Table


def clean(value: object) -> object:
    """One cell as JSON holds it: ISO dates, None for blanks and for numbers JSON cannot write."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value == "":
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class Format(Protocol):
    name: str
    extension: str
    media_type: str
    description: str
    declares_size: bool  # whether datapackage.json gives the file's bytes and hash

    def render(self, table: Table, rows: Iterable[Row]) -> tuple[bytes, int]:
        """The file's bytes and its number of rows."""


@dataclass(frozen=True)
class CsvFormat:
    name: str = "csv"
    extension: str = "csv"
    media_type: str = "text/csv"
    description: str = (
        "comma-separated values, UTF-8, a header row, quoted where a cell needs it; a text cell starting with "
        "= + - or @ has a ' in front so that spreadsheets show it as text"
    )
    declares_size: bool = True

    def render(self, table: Table, rows: Iterable[Row]) -> tuple[bytes, int]:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.field_names)
        count = 0
        for row in rows:
            writer.writerow([_csv_cell(clean(row[name])) for name in table.field_names])
            count += 1
        return buffer.getvalue().encode("utf-8"), count


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)  # numbers pass unchanged: str() of a float is its shortest round-tripping form


@dataclass(frozen=True)
class JsonFormat:
    name: str = "json"
    extension: str = "json"
    media_type: str = "application/json"
    description: str = "a JSON array with one object per row, keyed by field name, UTF-8"
    # frictionless 5.21 streams JSON tables without counting bytes, so it would report a declared size
    # as a mismatch; the CSV twin carries the checksum.
    declares_size: bool = False

    def render(self, table: Table, rows: Iterable[Row]) -> tuple[bytes, int]:
        # One object per line: small enough to diff, easy to read in a text editor.
        lines = [
            json.dumps({name: clean(row[name]) for name in table.field_names}, ensure_ascii=False, allow_nan=False)
            for row in rows
        ]
        return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8"), len(lines)


FORMATS: dict[str, Format] = {format.name: format for format in (CsvFormat(), JsonFormat())}
