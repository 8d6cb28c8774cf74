"""Board pack as CSV: one row per action, for anyone's spreadsheet or script."""

from __future__ import annotations

import csv
import io

from .table import COLUMNS, HEADINGS, rows


class CsvFormat:
    name = "csv"
    label = "CSV (one row per action)"
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, pack) -> bytes:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writerow(HEADINGS)
        for row in rows(pack):
            writer.writerow({key: _safe(value) for key, value in row.items()})
        return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def _safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet: prefix it so it stays text.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value
