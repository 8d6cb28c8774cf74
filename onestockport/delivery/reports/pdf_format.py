"""Board pack as PDF: an HTML template printed by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone


class PdfFormat:
    name = "pdf"
    label = "PDF (to print or attach to board papers)"
    extension = "pdf"
    content_type = "application/pdf"

    def render(self, pack) -> bytes:
        from weasyprint import HTML  # imported late: it is slow to load and only this format needs it

        html = render_to_string("delivery/reports/board_pack.html", {"pack": pack, "today": timezone.localdate()})
        return HTML(string=html, base_url=None).write_pdf()
