"""Neighbourhoods: the place's MSOA 2021 areas and the LSOAs in each, read into the area register.

The ONS output area -> LSOA -> MSOA lookup (Trafford Data Lab's copy) gives each MSOA its ONS name and
its LSOAs. LSOAs nest exactly in MSOAs, so each link is stored as a best fit of method `lookup`: the
LSOA is wholly inside that MSOA. The friendly name (House of Commons Library) is a PlaceName of kind
"neighbourhood" with the same code, loaded with the other search names.
"""

from __future__ import annotations

from pathlib import Path

from .models import Area, BestFit
from .postcodes import MSOA_LOOKUP
from .records import LSOA_2021, BestFitRecord, Register
from .sources import CsvFile

MSOA_2021 = "2021"
COLUMNS = ["lsoa21cd", "msoa21cd", "msoa21nm", "lad22cd"]


def add_neighbourhoods(register: Register, raw: Path, place_code: str | None) -> None:
    """Define the place's MSOAs (parent the council) and link each of its 2021 LSOAs to its MSOA.

    An LSOA the lookup puts in two MSOAs is an error (the nesting is exact); an LSOA not in the
    register (its boundaries vintage not built) is not linked."""
    if not place_code or place_code not in register.areas:
        return
    if not (raw / MSOA_LOOKUP).is_file():
        register.not_shipped.append(f"{MSOA_LOOKUP}: not shipped; no neighbourhood (MSOA) pages")
        return
    table = CsvFile(raw, MSOA_LOOKUP, required=COLUMNS)
    lsoas = set(register.codes(Area.Level.LSOA, LSOA_2021))
    links: dict[str, str] = {}
    for row in table:
        if row["lad22cd"] != place_code:
            continue
        lsoa, msoa, name = table.code(row, "lsoa21cd"), table.code(row, "msoa21cd"), table.text(row, "msoa21nm")
        if not (lsoa and msoa and name):
            continue
        register.define(
            table.check, row.line, code=msoa, name=name, level=Area.Level.MSOA, vintage=MSOA_2021, parent=place_code
        )
        known = links.setdefault(lsoa, msoa)
        if known != msoa:
            table.check.problem(
                f"column 'msoa21cd': LSOA {lsoa} is in {known} on an earlier line, here in {msoa}", row.line
            )
    table.check.done()
    for lsoa, msoa in sorted(links.items()):
        if lsoa in lsoas:
            register.best_fits.append(BestFitRecord(lsoa, LSOA_2021, msoa, BestFit.Method.LOOKUP, MSOA_LOOKUP))
