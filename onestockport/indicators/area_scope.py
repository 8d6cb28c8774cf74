"""Which rows of a national file an import sets aside rather than refuses: areas outside England.

The engine serves English councils, and its area register holds England, its regions and every
English council (onestockport/places/england.py). A national file often also carries the UK, Great
Britain, Wales, Scotland and Northern Ireland and their councils: well-formed codes of areas the
product never holds, so those rows are counted and set aside. An English code the register does not
know, or a malformed one, is still refused with its row named: it is a mistake, not another country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from onestockport.places.models import Area

from .importers.base import ParsedObservation

# GSS code prefixes of areas outside England, by what to call them in a report.
OUTSIDE_ENGLAND = {
    "K02": "United Kingdom",
    "K03": "Great Britain",
    "K04": "England and Wales",
    "W": "Wales",
    "S": "Scotland",
    "N": "Northern Ireland",
}


def outside_england(code: str) -> str | None:
    """'Wales' for a Welsh code and the like; None for an English (or unrecognised) code."""
    code = code.upper()
    for prefix, name in OUTSIDE_ENGLAND.items():
        if code.startswith(prefix):
            return name
    return None


def describe(counts: Counter[str]) -> str:
    """'412 rows set aside (ITL regions 40, Scotland 33, Wales 23, ...)', or '' when none were."""
    if not counts:
        return ""
    parts = ", ".join(f"{kind} {count}" for kind, count in counts.most_common())
    return f"{sum(counts.values())} rows for areas the product does not hold set aside ({parts})"


def without_areas_outside_england(rows: Sequence[ParsedObservation], counts: Counter[str]) -> list[ParsedObservation]:
    """The rows but those for areas outside England the register does not hold, counted by kind in
    `counts`; every other row stays, for the import to check (an unknown English code is refused)."""
    codes = {row.area_code for row in rows if outside_england(row.area_code)}
    held = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    aside = codes - held
    counts.update(outside_england(row.area_code) for row in rows if row.area_code in aside)
    return [row for row in rows if row.area_code not in aside]
