"""The one place board-pack formats are registered: a new format is a new module and one line here."""

from __future__ import annotations

from typing import Protocol

from .csv_format import CsvFormat
from .pdf_format import PdfFormat
from .xlsx_format import XlsxFormat


class ReportFormat(Protocol):
    name: str
    label: str
    extension: str
    content_type: str

    def render(self, pack) -> bytes: ...


FORMATS: dict[str, ReportFormat] = {fmt.name: fmt for fmt in (PdfFormat(), XlsxFormat(), CsvFormat())}
