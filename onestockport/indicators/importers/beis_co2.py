"""BEIS (now DESNZ) "UK local authority and regional carbon dioxide emissions", long CSV by sector.

The CO2-only releases (to the 2005-2019 and 2005-2020 editions, before the series became the
greenhouse-gas statistics) publish a "dataset" CSV with one row per area, calendar year and
sub-sector. Columns are read by name; each release's names are mapped by `ALIASES`:

* 2005-2019 release (June 2021, revised August 2021): `Country, Country Code, Region, Region Code,
  Second Tier Authority, Local Authority, Local Authority Code, Calendar Year, LA CO2 Sector,
  LA CO2 Sub-sector, Territorial emissions (kt CO2), Emissions within the scope of influence of
  LAs (kt CO2), Mid-year Population (thousands), Area (km2)`.
* Later CO2 layout: the same, with `CO2 emissions within the scope of influence of LAs (kt CO2)`.
* Copies re-saved by other tools: spacing and punctuation in names do not matter (`LA CO2 Sub -
  sector`, `Territorial emissions(kt CO2)`), R writes `NA` for a blank cell, and some write the
  year as its first day (`2019-01-01`).

Required: Local Authority, Local Authority Code, Calendar Year, LA CO2 Sector, LA CO2 Sub-sector,
Territorial emissions. The geography columns, the scope-of-influence figure, population and area
are optional. A per-person column (`Per Capita Emissions (t)`, as in BEIS's wide tables) is also
accepted; its unit is tonnes of CO2 per person.

Each row gives one observation per figure: `measure` "Territorial emissions" or "Emissions within
the scope of influence of LAs" (unit "kt CO2"), and the breakdown in `category_type` "LA CO2
sector / sub-sector" with `category` "<sector> / <sub-sector>" (e.g. "Domestic / Domestic Gas"),
so that one area's rows for one year stay apart. Population (thousands) and area (km2) repeat on
every sector row and are context, not figures of the sector: they go to `extra`.

Rows without an area code (blank or `NA`). BEIS lists emissions it cannot place in any local
authority as their own rows: "Unallocated consumption", "Large elec users (high voltage lines)
unknown location" (no code) and "Unallocated electricity NI" (coded as the whole country,
although it is only the electricity that could not be placed there). None is a figure for an
area, so every such row is skipped and counted in `set_aside` (by name), whatever its code. A
row without a code whose `Local Authority` names its own region or country is that area's total
and is kept against the Region Code or Country Code. Any other row without a valid code is an error.

Tidy re-publications (Trafford Data Lab, 2019-2020). Older releases reach the web as long "tidy"
files written by R from BEIS's Excel tables: `area_code, area_name, indicator, period, measure,
unit, value, group`, one row per area, year and sector group (`Domestic`, `Industry and
commercial` or `Industrial and commercial`, `Transport`, sometimes `Total`). Two real layouts:

* traffordDataLab/climate_emergency `data/co2_emissions.csv` (2005-2017 release): all UK local
  authorities, `period` written as the year's first day (`2017-01-01`), `CO₂ emissions` / `CO₂` /
  `CO₂ (kt)`, and BEIS's "National Total" row renamed `UK` with `NA` as its code.
* traffordDataLab/dashboard `data/green/co2_emissions.csv` (2005-2016 release): one borough,
  `period` a plain year, `CO2 emissions` / `CO2` / `kt`, with a `Total` group.

The file says neither which BEIS table it came from (full dataset or the "within the scope of
influence of LAs" subset) nor more than "CO2 emissions", so those rows keep the file's own words:
`source_indicator` = `indicator`, `measure` = `measure`, `category_type` "LA CO2 sector", `category`
= `group`; the unit must be a spelling of kilotonnes of CO2 (`TIDY_UNITS`) and is read as "kt CO2".
The `NA`-coded `UK` row is BEIS's UK total (the script that wrote the file renames "National
Total" to "UK"): no local authority's or region's figure, and the engine holds no code for the UK,
so it is skipped and counted in `set_aside` under its name. Any other row without a valid code is an
error (so is a file that puts names in `area_code`, as one later dashboard file does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from onestockport.stats.periods import Period, PeriodKind
from onestockport.tabular import csv_records, import_limits

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, _normalise, area_code, number, period

SOURCE_INDICATOR = "Local authority territorial carbon dioxide (CO2) emissions by sector"
CATEGORY_TYPE = "LA CO2 sector / sub-sector"
NOT_AVAILABLE = "not available"

# Normalised column name (see base._normalise) -> canonical name, for every release's spelling.
ALIASES = {
    "local_authority": "area_name",
    "local_authority_code": "area_code",
    "calendar_year": "year",
    "la_co2_sector": "sector",
    "la_co2_sub_sector": "sub_sector",
    "territorial_emissions_kt_co2": "territorial",
    "emissions_within_the_scope_of_influence_of_las_kt_co2": "in_scope",  # 2005-2019 release
    "co2_emissions_within_the_scope_of_influence_of_las_kt_co2": "in_scope",  # later CO2 layout
    "mid_year_population_thousands": "population",
    "area_km2": "area",
    "per_capita_emissions_t": "per_capita",
}
REQUIRED = {"area_name", "area_code", "year", "sector", "sub_sector", "territorial"}
OPTIONAL = {
    "country",
    "country_code",
    "region",
    "region_code",
    "second_tier_authority",
    "in_scope",
    "population",
    "area",
    "per_capita",
}
# Canonical value column -> (measure, unit).
FIGURES = {
    "territorial": ("Territorial emissions", "kt CO2"),
    "in_scope": ("Emissions within the scope of influence of LAs", "kt CO2"),
    "per_capita": ("Territorial emissions per person", "t CO2 per person"),
}
# Rows BEIS could not place in any area (matched on the Local Authority name).
UNALLOCATED = re.compile(r"^(unallocated\b|large elec users\b)", re.IGNORECASE)
# A calendar year, or a year written as its first day (with a midnight time, as spreadsheets do).
YEAR = re.compile(r"^(\d{4})(?:-01-01(?:[T ]00:00(?::00)?)?)?$")
NO_CODE = ("", "NA")

# Tidy re-publications (see the module docstring): every column required, under its own name.
TIDY_REQUIRED = {"area_code", "area_name", "indicator", "period", "measure", "unit", "value", "group"}
TIDY_CATEGORY_TYPE = "LA CO2 sector"
# Spellings of kilotonnes of CO2 seen in the tidy files ("CO₂ (kt)", "kt") and their plain variants.
TIDY_UNITS = {"co₂ (kt)", "co2 (kt)", "kt", "kt co2", "kt co₂"}
# The names a code-less UK total row goes by (BEIS's "National Total", renamed "UK" by the tidy script).
NATIONAL_TOTAL = {"uk", "national total"}


class BeisLaCo2(Importer):
    format = "beis-la-co2"
    description = "BEIS/DESNZ local authority CO2 emissions, long by sector (one row per area, year and sub-sector)"
    publisher = "Department for Business, Energy and Industrial Strategy (now DESNZ)"
    wide = True

    def rows(self) -> Iterator[ParsedObservation]:
        if self._is_tidy():
            yield from self._tidy_rows()
        else:
            yield from self._dataset_rows()

    def _is_tidy(self) -> bool:
        """A header with the tidy files' `group` or `indicator` and none of BEIS's sector columns."""
        # Only a peek: whatever is wrong with the file is reported once, by the table that reads it.
        first = next(csv_records(self.path, import_limits(), lambda *_: None), None)
        names = {_normalise(name) for name in first[1]} if first else set()
        return bool(names & {"group", "indicator"}) and not names & {"la_co2_sector", "la_co2_sub_sector"}

    def _dataset_rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(self, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)
        seen: dict[tuple[str, Period, str, str], int] = {}
        for line, cells in table:
            name = cells["area_name"]
            if UNALLOCATED.match(name):
                self.set_aside[name] += 1
                continue
            code = self._code(line, table.names, cells)
            when = self._year(line, table.names["year"], cells["year"])
            figures = {
                column: number(self, line, table.names[column], cells[column], missing={})
                for column in FIGURES
                if column in cells
            }
            context = {
                column: number(self, line, table.names[column], cells[column], missing={})
                for column in ("population", "area")
                if column in cells
            }
            blank = [column for column in ("sector", "sub_sector") if cells[column].upper() in NO_CODE]
            for column in blank:
                self.problem(line, table.names[column], "is empty; every row names its sector and sub-sector")
            if code is None or when is None or blank:
                continue
            key = (code, when, cells["sector"], cells["sub_sector"])
            if key in seen:
                repeated = f"repeats row {seen[key]} (same area, year and sub-sector)"
                self.problem(line, table.names["sub_sector"], repeated)
                continue
            seen[key] = line
            extra = {
                column: cells[column]
                for column in ("second_tier_authority", "region")
                if cells.get(column, "").upper() not in NO_CODE
            }
            if context.get("population") is not None:
                extra["population_thousands"] = cells["population"]
            if context.get("area") is not None:
                extra["area_km2"] = cells["area"]
            for column, value in figures.items():
                measure, unit = FIGURES[column]
                yield ParsedObservation(
                    line=line,
                    source_indicator=SOURCE_INDICATOR,
                    area_code=code,
                    area_name=name,
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=measure,
                    unit=unit,
                    category_type=CATEGORY_TYPE,
                    category=f"{cells['sector']} / {cells['sub_sector']}",
                    missing_reason=NOT_AVAILABLE if value is None else "",
                    extra=extra,
                )

    def _tidy_rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(self, required=TIDY_REQUIRED)
        seen: dict[tuple[str, Period, str, str, str], int] = {}
        for line, cells in table:
            name = cells["area_name"]
            code = self._tidy_code(line, table.names["area_code"], cells)
            when = self._year(line, table.names["period"], cells["period"])
            value = number(self, line, table.names["value"], cells["value"], missing={})
            if cells["unit"].casefold() not in TIDY_UNITS:
                expected = f"kilotonnes of CO2 ({', '.join(sorted(TIDY_UNITS))})"
                self.problem(line, table.names["unit"], f"expected {expected}, got {cells['unit']!r}")
                continue
            blank = [column for column in ("indicator", "measure", "group") if cells[column].upper() in NO_CODE]
            for column in blank:
                self.problem(line, table.names[column], "is empty; every row names its indicator, measure and group")
            if code is None or when is None or blank:
                continue
            key = (code, when, cells["indicator"], cells["measure"], cells["group"])
            if key in seen:
                self.problem(line, table.names["group"], f"repeats row {seen[key]} (same area, year and group)")
                continue
            seen[key] = line
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=name,
                area_level=level_for(code),
                period=when,
                value=value,
                measure=cells["measure"],
                unit="kt CO2",
                category_type=TIDY_CATEGORY_TYPE,
                category=cells["group"],
                missing_reason=NOT_AVAILABLE if value is None else "",
            )

    def _tidy_code(self, line: int, column: str, cells: dict[str, str]) -> str | None:
        """The row's GSS code; None for a UK total (skipped and counted) or a bad code (a problem)."""
        written, name = cells["area_code"], cells["area_name"]
        # BEIS's unallocated rows are no area's figure whatever their code, as in the dataset layout.
        if UNALLOCATED.match(name) or (written.upper() in NO_CODE and name.casefold() in NATIONAL_TOTAL):
            self.set_aside[name] += 1
            return None
        if written.upper() not in NO_CODE:
            return area_code(self, line, column, written)
        only = "only the UK total row ('UK', 'National Total') may be NA"
        self.problem(line, column, f"no area code for {name!r}: {only}")
        return None

    def _code(self, line: int, names: dict[str, str], cells: dict[str, str]) -> str | None:
        """The row's GSS code; a code-less row naming its own region or country gets that area's code."""
        written = cells["area_code"]
        if written.upper() not in NO_CODE:
            return area_code(self, line, names["area_code"], written)
        name = cells["area_name"].casefold()
        for level in ("region", "country"):
            if name and cells.get(level, "").casefold() == name and f"{level}_code" in cells:
                return area_code(self, line, names[f"{level}_code"], cells[f"{level}_code"])
        self.problem(
            line,
            names["area_code"],
            f"no area code for {cells['area_name']!r}: only BEIS's unallocated rows and a region's or "
            "country's own total row may leave it blank",
        )
        return None

    def _year(self, line: int, column: str, text: str) -> Period | None:
        match = YEAR.match(text.strip())
        if match is None:
            self.problem(line, column, f"expected a calendar year such as 2019 (or 2019-01-01), got {text!r}")
            return None
        when = period(self, line, column, match.group(1))
        if when is not None and when.kind is not PeriodKind.YEAR:
            self.problem(line, column, f"expected a calendar year, got {text!r}")
            return None
        return when
