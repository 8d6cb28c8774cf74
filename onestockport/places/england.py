"""Every English area a national file may carry: England, its regions, and every English council
(E06, E07, E08, E09, E10) and combined authority (E47), current and past, from the engine's lookup.

The lookup (`data/england_areas.csv`, written by scripts/build_england_areas.py from mySociety's
register of local authorities and ONS Explore Local Statistics) is the engine's, not a place's:
it lets a file for all of England (an ONS Explore Local Statistics CSV, a Fingertips export for all
districts) import every row for these areas, and lets any similar council be a comparator.

`add_england` runs after the plan's own files are read: an area they already name keeps their name;
the lookup only adds the areas they lack. The level comes from the code's prefix; the file's `level`
column must agree with it.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from onestockport.errors import InvalidInputError, Problem

from .models import Area
from .records import Register
from .sources import GSS_CODE, Checker

__all__ = ["ENGLAND_AREAS", "EnglandArea", "add_england", "england_areas"]

ENGLAND_AREAS = Path(__file__).resolve().parent / "data" / "england_areas.csv"
SOURCE_NAME = "onestockport/places/data/england_areas.csv"
L = Area.Level
LEVELS = {
    "E92": L.COUNTRY,
    "E12": L.REGION,
    "E47": L.COMBINED_AUTHORITY,
    **dict.fromkeys(("E06", "E07", "E08", "E09", "E10"), L.LOCAL_AUTHORITY),
}
COLUMNS = ("code", "name", "level", "current")


@dataclass(frozen=True)
class EnglandArea:
    code: str
    name: str
    level: str
    current: bool
    region_code: str = ""


@functools.cache
def england_areas(path: Path = ENGLAND_AREAS) -> tuple[EnglandArea, ...]:
    """The lookup's areas; InvalidInputError naming the row for a bad code, level or name."""
    check = Checker(SOURCE_NAME if path == ENGLAND_AREAS else str(path))
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            # Comment lines (the attribution header) are dropped; line numbers count them all.
            numbered = [(number, line) for number, line in enumerate(handle, start=1) if not line.startswith("#")]
    except OSError as exc:
        raise InvalidInputError(check.path, [Problem(check.path, f"cannot read the file: {exc.strerror}")]) from None
    if not numbered:
        raise InvalidInputError(check.path, [Problem(check.path, "no header row")])
    reader = csv.DictReader(line for _, line in numbered)
    missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInputError(check.path, [Problem(check.path, f"missing columns {missing}", numbered[0][0])])
    areas = []
    for (line, _), row in zip(numbered[1:], reader, strict=False):
        code, name, level = row["code"].strip(), row["name"].strip(), row["level"].strip()
        expected = LEVELS.get(code[:3])
        if not GSS_CODE.match(code) or expected is None:
            check.problem(f"column 'code': {code!r} is not the code of England, a region or an English council", line)
        elif level != expected:
            check.problem(f"column 'level': {code} is a {expected} by its code, not {level!r}", line)
        elif not name:
            check.problem(f"column 'name': no name for {code}", line)
        else:
            current = row["current"].strip() == "true"
            areas.append(EnglandArea(code, name, level, current, (row.get("region_code") or "").strip()))
    check.done()
    return tuple(areas)


def add_england(register: Register, path: Path = ENGLAND_AREAS) -> int:
    """Add the lookup's areas the register lacks; return how many. A known area keeps its name; a
    known area of another level is a problem (the plan's files and the lookup disagree)."""
    check = Checker(SOURCE_NAME if path == ENGLAND_AREAS else str(path))
    added = 0
    for area in england_areas(path):
        known = register.areas.get(area.code)
        if known is None:
            register.define(check, None, code=area.code, name=area.name, level=area.level)
            added += 1
        elif known.level != area.level:
            check.problem(f"area {area.code} is a {area.level} here but a {known.level} in {known.source}")
    check.done()
    return added
