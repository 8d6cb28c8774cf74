"""Board pack as CSV: one row per action, for anyone's spreadsheet or script."""

from __future__ import annotations

import csv
import io

from onestockport.csv_safety import safe_record

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
            writer.writerow(safe_record(row))  # partners' text stays text in a spreadsheet
        return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8
