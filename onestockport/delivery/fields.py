"""Form fields every delivery form shares: cleaned plain text, and record ids checked before any query.

An id is a whole number the database can hold. Anything else (a huge number, a negative one, letters)
is a normal form error: without the check, a number past the 64-bit range reaches the database in an
`IN (...)` query and fails there (OverflowError on SQLite, DataError on PostgreSQL), a 500 page.
"""

from __future__ import annotations

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
