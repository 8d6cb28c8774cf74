"""Cells for CSV files people open in spreadsheets: text that a spreadsheet would run stays text.

Excel, LibreOffice and Google Sheets treat a cell that starts with =, +, - or @ (or a tab or carriage
return before one) as a formula, so officer-written or imported text such as `=HYPERLINK(...)` could run
on a reader's machine. Following OWASP's guidance on CSV injection, such a cell gets a single quote in
front. Numbers are never changed: a real number, or text that is a plain number such as "-3.5" or "+2",
is written as it is, so figures stay figures. Every CSV writer of the product goes through `safe_cell`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar

FORMULA_STARTS = frozenset("=+-@\t\r")
# A plain decimal number, optionally signed, with an optional exponent: what a spreadsheet reads as a number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

K = TypeVar("K")


def safe_cell(value: object) -> object:
    """The value to write: formula-like text prefixed with ', everything else (numbers above all) unchanged."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_STARTS:
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[object]) -> list[object]:
    """A row for `csv.writer`, every cell through `safe_cell`."""
    return [safe_cell(value) for value in values]


def safe_record(record: Mapping[K, object]) -> dict[K, object]:
    """A row for `csv.DictWriter`, every cell through `safe_cell`."""
    return {key: safe_cell(value) for key, value in record.items()}
