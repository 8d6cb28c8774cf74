"""Indicators the catalogue defines as shares of published counts (e.g. Census 2021 categories).

Each transform takes the parsed rows of one file and one catalogue source, and returns the rows of
the derived indicator. The publisher's counts are summed, never altered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from .catalogue import Source
from .importers.base import ParsedObservation
from .selection import selector_value

Transform = Callable[[list[ParsedObservation], Source], list[ParsedObservation]]


def category_share(rows: list[ParsedObservation], source: Source) -> list[ParsedObservation]:
    """Percentage of the total in the `numerator` categories, leaving out `denominator_excludes`."""
    groups: dict[tuple, list[ParsedObservation]] = defaultdict(list)
    for row in rows:
        if any(selector_value(row, key) != value for key, value in source.selectors.items()):
            continue
        category = row.source_indicator if source.category_column == "indicator" else row.category
        if row.value is None or category in source.denominator_excludes or _is_total(category):
            continue
        groups[(row.area_code, row.period)].append(replace(row, category=category))
    derived = []
    for members in groups.values():
        total = sum(row.value for row in members if row.value is not None)
        part = sum(row.value for row in members if row.category in source.numerator and row.value is not None)
        first = members[0]
        derived.append(
            replace(
                first,
                source_indicator="derived",
                value=round(100 * part / total, 2) if total else None,
                count=part,
                denominator=total,
                category_type="",
                category="",
                measure="Percentage",
                unit="percent",
                missing_reason="" if total else "no total to divide by",
            )
        )
    return derived


def column_share(rows: list[ParsedObservation], source: Source) -> list[ParsedObservation]:
    """Percentage one value column is of another, per area and period (wide files)."""
    pairs: dict[tuple, dict[str, ParsedObservation]] = defaultdict(dict)
    for row in rows:
        pairs[(row.area_code, row.period)][row.measure] = row
    derived = []
    for columns in pairs.values():
        numerator = columns.get(source.numerator_column or "")
        denominator = columns.get(source.denominator_column or "")
        if numerator is None or denominator is None:
            continue
        ok = numerator.value is not None and denominator.value
        derived.append(
            replace(
                numerator,
                source_indicator="derived",
                value=round(100 * numerator.value / denominator.value, 2) if ok else None,
                count=numerator.value,
                denominator=denominator.value,
                measure="Percentage",
                unit="percent",
                missing_reason="" if ok else "numerator or denominator missing",
            )
        )
    return derived


def transform_for(source: Source) -> Transform | None:
    """The transform a catalogue source asks for, if any."""
    if source.numerator:
        return category_share
    if source.numerator_column and source.denominator_column:
        return column_share
    return None


def _is_total(category: str) -> bool:
    return category.lower().startswith(("total", "all "))
