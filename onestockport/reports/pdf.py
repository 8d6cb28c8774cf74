"""Printing an HTML document to PDF with WeasyPrint, the same bytes every time.

WeasyPrint takes the PDF's title, author, subject, language and dates from the HTML's ``<title>``,
``<meta name="author|description|dcterms.created|dcterms.modified">`` and ``<html lang>``; it adds no
clock time of its own. The one other varying part is the file identifier (``/ID``), which we set
from the content's own hash so that it names this document and nothing else.
"""

from __future__ import annotations

import hashlib


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    """The PDF of a self-contained HTML document (inline CSS and SVG; nothing is fetched)."""
    from weasyprint import HTML  # imported late: slow to load, and only the PDF outputs need it

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return HTML(string=html, base_url=None).write_pdf(
        pdf_identifier=identifier,
        pdf_tags=tagged,  # a structure tree (headings, tables, lists) for screen readers
    )
