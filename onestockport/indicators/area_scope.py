"""Which rows of a national file an import sets aside rather than refuses: areas outside England.

The engine serves English councils, and its area register holds England, its regions and every
English council (onestockport/places/england.py). A national file often also carries the UK, Great
Britain, Wales, Scotland and Northern Ireland and their councils: well-formed codes of areas the
product never holds, so those rows are counted and set aside. An English code the register does not
know, or a malformed one, is still refused with its row named: it is a mistake, not another country.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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


def split(codes: Iterable[str], known: set[str]) -> set[str]:
    """The codes among `codes` that are set aside: outside England and not in the register."""
    return {code for code in codes if code not in known and outside_england(code)}
