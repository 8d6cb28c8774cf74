"""Board pack as an Excel workbook: a status summary sheet and an updates sheet."""

from __future__ import annotations

import io

from .table import COLUMNS, HEADINGS, rows


class XlsxFormat:
    name = "xlsx"
    label = "Excel workbook (summary and updates)"
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, pack) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        summary = book.active
        summary.title = "Summary"
        summary.append([pack.title])
        summary["A1"].font = Font(bold=True, size=14)
        if pack.demo:
            summary.append(["DEMONSTRATION DATA: not real progress"])
        summary.append([f"{pack.source}. Approved updates only. Made {pack.generated_at:%-d %B %Y %H:%M}."])
        summary.append([])
        summary.append(["Status", "Actions"])
        header_row = summary.max_row
        for item in pack.counts:
            summary.append([item["label"], item["count"]])
        summary.append(["Total", len(pack.rows)])
        for cell in (*summary[header_row], *summary[summary.max_row]):
            cell.font = Font(bold=True)
        summary.column_dimensions["A"].width = 40

        sheet = book.create_sheet("Updates")
        sheet.append([HEADINGS[column] for column in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows(pack):
            sheet.append([_text(row[column]) for column in COLUMNS])
        widths = {"A": 28, "C": 40, "D": 28, "E": 22, "F": 14, "G": 26, "I": 80, "J": 40, "K": 30}
        for letter, width in widths.items():
            sheet.column_dimensions[letter].width = width
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _text(value):
    # openpyxl stores a string starting with "=" as a formula; keep partners' text as text.
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value
