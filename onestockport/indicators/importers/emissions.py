"""mySociety's local authority emissions table (2005-2020, CC BY 4.0), from BEIS's subset-in-scope data.

One row per council per year: `Year`, `local-authority-code` (mySociety's three-letter council code,
not an ONS code), `official-name`, then one column per figure, named "<what>:<unit>": sector
emissions in kt CO2, `Population:000s`, `Per Person Emissions:t`, `Area:km2` and `Emissions per
km2:kt`. Each figure becomes one observation, its column name in `measure` and the part after the
colon in `unit`. There is no suppression: 0.0 means none in that sector.

The official DESNZ local authority greenhouse gas tables are not on hand in their own layout; the
two DESNZ series on hand are Trafford Data Lab extracts in the `tdl-tidy` layout.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from pathlib import Path

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, number, period

# mySociety council codes -> GSS codes, from mySociety's own register of councils (the emissions
# table has no GSS column); the file's header gives its source. No England, UK or region rows.
COUNCIL_CODES_FILE = Path(__file__).resolve().parent / "data" / "mysociety_council_codes.csv"


@functools.cache
def mysociety_codes() -> dict[str, str]:
    """mySociety council code (e.g. a three-letter code) -> GSS code, for every council in the file."""
    with COUNCIL_CODES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["local-authority-code"].strip().upper(): row["gss-code"].strip() for row in rows}


# Normalised "<what>:<unit>" names: kt CO2 (CO2e in later releases), t, 000s, km2, kt.
FIGURE_COLUMN = re.compile(r".+_(kt_co2e?|t|t_co2e?|000s|km2|kt)")


class MySocietyEmissions(Importer):
    format = "mysociety-la-emissions"
    description = "mySociety local authority emissions, wide: one row per council and year"
    publisher = "mySociety (from BEIS local authority CO2 emissions)"
    wide = True

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"year", "local_authority_code", "official_name"},
            other=lambda column: FIGURE_COLUMN.fullmatch(column) is not None,
        )
        figures: list[str] | None = None
        for line, cells in table:
            if figures is None:
                figures = [column for column in table.names if FIGURE_COLUMN.fullmatch(column)]
            council = cells["local_authority_code"].strip().upper()
            code = mysociety_codes().get(council)
            if code is None:
                self.problem(
                    line,
                    "local-authority-code",
                    f"no GSS code is known for council {cells['local_authority_code']!r} "
                    f"({cells['official_name']}); add it to {COUNCIL_CODES_FILE.name}",
                )
            when = period(self, line, "Year", cells["year"])
            values = {column: number(self, line, table.names[column], cells[column], missing={}) for column in figures}
            if code is None or when is None:
                continue
            for column, value in values.items():
                name = table.names[column]
                yield ParsedObservation(
                    line=line,
                    source_indicator="Local authority CO2 emissions within the scope of influence of local authorities",
                    area_code=code,
                    area_name=cells["official_name"],
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=name,
                    unit=name.rpartition(":")[2].strip(),
                    missing_reason="not available" if value is None else "",
                    extra={"council_code": council},
                )
