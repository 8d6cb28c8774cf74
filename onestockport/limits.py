"""Upload and import limits, read from settings (config/settings/base.py sets them in one place).

Every reader of an uploaded or imported file asks here, so a limit is changed once and documented once
(docs/security.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Limits:
    upload_max_bytes: int
    evidence_max_bytes: int
    import_max_bytes: int
    import_max_rows: int
    import_max_cell_chars: int
    survey_max_bytes: int
    survey_max_rows: int


def current() -> Limits:
    """The limits in force now (tests change them with `override_settings`)."""
    return Limits(
        upload_max_bytes=settings.ONESTOCKPORT_UPLOAD_MAX_BYTES,
        evidence_max_bytes=settings.ONESTOCKPORT_EVIDENCE_MAX_BYTES,
        import_max_bytes=settings.ONESTOCKPORT_IMPORT_MAX_BYTES,
        import_max_rows=settings.ONESTOCKPORT_IMPORT_MAX_ROWS,
        import_max_cell_chars=settings.ONESTOCKPORT_IMPORT_MAX_CELL_CHARS,
        survey_max_bytes=settings.ONESTOCKPORT_SURVEY_MAX_BYTES,
        survey_max_rows=settings.ONESTOCKPORT_SURVEY_MAX_ROWS,
    )
