"""Picking one indicator's rows out of a publisher's file with the catalogue's selectors."""

from __future__ import annotations

from .catalogue import Source
from .importers.base import ParsedObservation


def selector_value(row: ParsedObservation, key: str) -> str:
    """`indicator` is the publisher's indicator name; `measure` and `unit` are columns; anything else is extra."""
    if key == "indicator":
        return row.source_indicator
    if key in ("measure", "unit"):
        return getattr(row, key)
    return row.extra.get(key, "")


def matches(row: ParsedObservation, source: Source, *, wide: bool) -> bool:
    """Whether the row belongs to the source's indicator.

    Wide files give one row per value column, named in `measure`: there the catalogue's
    `value_column` (or the first of `value_columns`) says which column is the indicator's value.
    """
    if any(selector_value(row, key) != value for key, value in source.selectors.items()):
        return False
    if wide and not (source.numerator_column or source.numerator):
        wanted = source.value_column or (source.value_columns[0] if source.value_columns else None)
        return wanted is None or row.measure == wanted
    return True
