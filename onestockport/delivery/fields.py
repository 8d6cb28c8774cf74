"""Form fields every delivery form shares: cleaned plain text, and record ids checked before any query.

An id is a whole number the database can hold. Anything else (a huge number, a negative one, letters)
is a normal form error: without the check, a number past the 64-bit range reaches the database in an
`IN (...)` query and fails there (OverflowError on SQLite, DataError on PostgreSQL), a 500 page.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from .text import clean_text

ID_MAX = 2**63 - 1  # the largest BigAutoField value on every supported database
VERSION_MAX = 2**31 - 1  # the largest PositiveIntegerField value on every supported database
_DIGITS = re.compile(r"[0-9]{1,19}")  # ASCII digits only: int() also takes full-width digits and "1_0"


def is_record_id(value: object) -> bool:
    text = str(value).strip()
    return bool(_DIGITS.fullmatch(text)) and 0 < int(text) <= ID_MAX


class PlainTextField(forms.CharField):
    """Free text, cleaned by `text.clean_text` before its length is checked; `multiline=False` for titles."""

    def __init__(self, *, multiline: bool = True, **kwargs) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value, multiline=self.multiline) if isinstance(value, str) else value


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField over integer primary keys that refuses an impossible id before querying."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if self.to_field_name is None and not is_record_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over integer primary keys that refuses impossible ids before querying."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                if not isinstance(pk, self.queryset.model) and not is_record_id(pk):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(pk)[:40]}
                    )
        return super()._check_values(value)


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that lets the user choose several files at once (Django's documented pattern)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files, cleaned one by one; the value is always a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        cleaned = []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as exc:
                if len(uploads) == 1:
                    raise
                # Django's own checks (an empty file, say) do not name the file: with several, say which.
                name = clean_text(upload.name or "", multiline=False)
                raise ValidationError([f"“{name}”: {message}" for message in exc.messages]) from None
        return cleaned


# --- Dates as GOV.UK asks for them: day, month and year in three boxes ------------------------------

DATE_PARTS = ("day", "month", "year")


class GovukDateInput(forms.Widget):
    """Three text boxes named <name>_day, <name>_month and <name>_year (GOV.UK's date input pattern).

    A single ISO date under the plain name (2027-03-31) is read too, for scripts and older forms.
    """

    template_name = "django/forms/widgets/text.html"  # not used: the delivery templates draw the boxes

    def value_from_datadict(self, data, files, name) -> list[str]:
        if not any(f"{name}_{part}" in data for part in DATE_PARTS) and data.get(name):
            year, _, rest = str(data[name]).strip().partition("-")
            month, _, day = rest.partition("-")
            return [day, month, year]
        return [str(data.get(f"{name}_{part}", "")).strip() for part in DATE_PARTS]


class GovukDateField(forms.Field):
    """A date from three boxes, with GOV.UK's messages: which part is missing, or that it is not a real date.

    `subject` starts each message, for example "Due date".
    """

    widget = GovukDateInput

    def __init__(self, *, subject: str, **kwargs) -> None:
        self.subject = subject
        super().__init__(**kwargs)

    def clean(self, value):
        parts = list(value) if isinstance(value, (list, tuple)) else ["", "", ""]
        if isinstance(value, dt.date):
            return value
        if not any(parts):
            if self.required:
                raise ValidationError(f"Enter the {self.subject.lower()}", code="required")
            return None
        missing = [part for part, text in zip(DATE_PARTS, parts, strict=True) if not text]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and '.join(missing)}", code="incomplete")
        if not all(text.isascii() and text.isdigit() for text in parts):
            raise ValidationError(f"{self.subject} must be a real date", code="invalid")
        day, month, year = (int(text) for text in parts)
        if len(parts[2]) != 4:
            raise ValidationError(f"{self.subject}: the year must include 4 numbers", code="invalid")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.subject} must be a real date", code="invalid") from None


def date_parts(value) -> dict[str, str]:
    """The three boxes' contents for a form value: a date, or the list the user typed."""
    if hasattr(value, "year") and hasattr(value, "day"):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    if isinstance(value, (list, tuple)) and len(value) == 3:
        return dict(zip(DATE_PARTS, (str(v or "") for v in value), strict=True))
    return dict.fromkeys(DATE_PARTS, "")
