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

import re
from collections.abc import Iterator

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, number, period

# mySociety council codes -> GSS codes: the ten Greater Manchester boroughs and the combined
# authority. mySociety publishes no England, UK or region rows in this table.
MYSOCIETY_CODES = {
    "BOL": "E08000001",  # Bolton
    "BUR": "E08000002",  # Bury
    "MAN": "E08000003",  # Manchester
    "OLD": "E08000004",  # Oldham
    "RCH": "E08000005",  # Rochdale
    "SLF": "E08000006",  # Salford
    "SKP": "E08000007",  # Stockport
    "TAM": "E08000008",  # Tameside
    "TRF": "E08000009",  # Trafford
    "WGN": "E08000010",  # Wigan
    "GMCA": "E47000001",  # Greater Manchester Combined Authority
}
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
            code = MYSOCIETY_CODES.get(council)
            if code is None:
                self.problem(
                    line,
                    "local-authority-code",
                    f"no GSS code is known for council {cells['local_authority_code']!r} "
                    f"({cells['official_name']}); only Greater Manchester's councils and GMCA are mapped "
                    "(keep only their rows, or add the code to MYSOCIETY_CODES)",
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
