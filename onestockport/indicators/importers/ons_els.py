"""ONS Explore Local Statistics: one CSV per indicator family, with a JSON metadata file beside it.

Columns (any order, any case; a byte-order mark and CRLF line ends are fine). The canonical names
are today's (2026): areacd, areanm, geography, indicator, period, observation, measure, unit,
lci_95, uci_95, status, notes. ONS's repository (ONSdigital/explore-local-statistics-data) has used
other names since 2023, and each is read as the canonical column:

=====================================================  ==============================================
Name in the file (case and punctuation ignored)        Read as
=====================================================  ==============================================
AREACD, area_code                                      areacd
AREANM, area_name                                      areanm
Value, Rate, value, Data source value                  observation (the figure)
date                                                   period
Lower Confidence Interval (95%),                       lci_95
lower_confidence_interval_95
Upper Confidence Interval (95%),                       uci_95
upper_confidence_interval_95
Observation Status, observation_status                 status
Data note                                              notes
Count, Numerator                                       count
Denominator, Total                                     denominator
mode-of-travel, type-of-travel                         category (its heading, as words, in
                                                       category_type)
=====================================================  ==============================================

Descriptive columns of the 2023-25 releases are accepted and kept in `extra` under their
normalised names: Variable Name (`variable_name`), Mission, Category, Polarity (`polarity`: 1 when
higher is better, -1 when lower is) and the parent-area columns Country, Nation, Region, County or
Unitary Authority, Local Authority District and Combined Authority or City Region. A column with no
heading (a trailing comma) is accepted only while every cell under it is empty. Any other column
is refused, as is one named twice.

`indicator` may be absent (the early CSV-W files of one indicator): the file's name without
`.csv` then stands for it. Periods are read by `parse_period` (ISO 8601 intervals such as
`2021-01-01/P3Y` or `2018-01-01T00:00:00/P3Y`, years, "2019/20", "201920", "01/2004 - 12/2004",
"As at 31 March 2023" and more); two further ONS spellings are read here: the reference.data.gov.uk
interval paths `gregorian-interval/2001-01-01T00:00:00/P3Y` and `year/2021`, and a year written as a
decimal, `2005.0`. `status` carries ONS's shorthand: x not available, u low reliability, z not
applicable, c confidential; the same letter in brackets ("[x]") may stand in place of a figure, and
"na" in an interval cell means none was published.

Still refused, as not one indicator's long table or not sound: the wide CSV-W inputs (a column group
per measure, e.g. `employment_rate_lower_confidence_interval_95`), CSV-W code lists, the Northern
Ireland small-area GVA files (2001 super output area codes), a row whose area code is not a GSS
code ("na", blank, "E0800007"), a column named twice, and periods that are impossible
("2024-09-31") or ambiguous ("2002-04": April 2002, or 2002 to 2004?).

Rows for International Territorial Level areas (the economic statistics' regions: `geography`
"ITL Level 1" and the like, or codes such as "UK", "TLC", "TLD34" in files without that column)
are set aside and counted, not refused: the product holds no ITL areas, and a file's other rows
are sound.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

STATUS_MEANINGS = {
    "x": "not available",
    "u": "low reliability",
    "z": "not applicable",
    "c": "confidential",
}
# The shorthand as a figure's stand-in, bare ("x") or bracketed as GSS guidance writes it ("[x]").
MARKERS = {**STATUS_MEANINGS, **{f"[{key}]": meaning for key, meaning in STATUS_MEANINGS.items()}}
LEVELS = {
    "Nation": "country",
    "Country": "country",
    "Region": "region",
    "Combined Authority or City Region": "combined-authority",
    "Local Authority District": "local-authority",
    "County or Unitary Authority": "local-authority",
}
ALIASES = {
    "area_code": "areacd",
    "area_name": "areanm",
    "value": "observation",
    "rate": "observation",
    "data_source_value": "observation",
    "date": "period",
    "lower_confidence_interval_95": "lci_95",
    "upper_confidence_interval_95": "uci_95",
    "observation_status": "status",
    "data_note": "notes",
    "numerator": "count",
    "total": "denominator",
}
# Columns that describe a row rather than measure it: kept in `extra` as they are.
DESCRIPTIVE = {
    "variable_name",
    "mission",
    "category",
    "polarity",
    "country",
    "nation",
    "region",
    "county_or_unitary_authority",
    "local_authority_district",
    "combined_authority_or_city_region",
}
# Columns that split a figure by a breakdown: the cell is the category, the heading its type.
BREAKDOWNS = {"mode_of_travel", "type_of_travel"}
# The column with no heading that a trailing comma makes: allowed only while it stays empty.
UNNAMED = ""
# reference.data.gov.uk interval paths ("gregorian-interval/...", "year/2021") and pandas' "2005.0".
_PERIOD_PREFIX = re.compile(r"^(?:gregorian-interval|year)/", re.IGNORECASE)
_DECIMAL_YEAR = re.compile(r"^(\d{4})\.0+$")
_ITL_CODE = re.compile(r"UK|TL[C-N][0-9A-Z]{0,3}")


class OnsExploreLocalStatistics(Importer):
    format = "ons-els"
    description = "ONS Explore Local Statistics CSV (and its JSON metadata beside it)"
    publisher = "Office for National Statistics"

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"areacd", "areanm", "period", "observation"},
            optional={
                "indicator",
                "geography",
                "measure",
                "unit",
                "lci_95",
                "uci_95",
                "status",
                "notes",
                "count",
                "denominator",
                UNNAMED,
                *DESCRIPTIVE,
                *BREAKDOWNS,
            },
            aliases=ALIASES,
        )
        for line, cells in table:
            if cells.get(UNNAMED):
                self.problem(line, "(no heading)", f"a column with no heading holds {cells[UNNAMED]!r}; name it")
                continue
            if _is_itl(cells["areacd"], cells.get("geography", "")):
                self.set_aside["ITL regions"] += 1  # the economic statistics' regions: not areas the product holds
                continue
            code = area_code(self, line, table.names["areacd"], cells["areacd"])
            when = period(self, line, table.names["period"], _period_text(cells["period"]))
            # pandas wrote an empty status as "nan" in some 2024 CSV-W files.
            status = "" if cells.get("status", "").lower() == "nan" else cells.get("status", "")
            value = number(self, line, table.names["observation"], cells["observation"], missing=MARKERS)
            lower = self._number(table, line, "lci_95", cells)
            upper = self._number(table, line, "uci_95", cells)
            count = self._number(table, line, "count", cells)
            denominator = self._number(table, line, "denominator", cells)
            if code is None or when is None:
                continue
            marker = status or cells["observation"].strip("[] ")
            reason = STATUS_MEANINGS.get(marker.lower(), "") if value is None else ""
            note = "; ".join(part for part in (cells.get("notes", ""), _status_note(status)) if part)
            breakdown = next((name for name in BREAKDOWNS if name in cells), None)
            yield ParsedObservation(
                line=line,
                source_indicator=cells.get("indicator", self.path.stem),
                area_code=code,
                area_name=cells["areanm"],
                area_level=LEVELS.get(cells.get("geography", ""), ""),
                period=when,
                value=value,
                measure=cells.get("measure", ""),
                unit=cells.get("unit", ""),
                lower_95=lower,
                upper_95=upper,
                count=count,
                denominator=denominator,
                category_type=breakdown.replace("_", " ") if breakdown else "",
                category=cells[breakdown] if breakdown else "",
                missing_reason=reason or ("not published" if value is None else ""),
                note=note,
                extra={name: cells[name] for name in sorted(DESCRIPTIVE) if cells.get(name)},
            )

    def _number(self, table: CsvTable, line: int, column: str, cells: dict[str, str]) -> float | None:
        if column not in cells:
            return None
        return number(self, line, table.names[column], cells[column], missing={})

    def metadata(self) -> dict[str, Any]:
        """The publisher's descriptions from the JSON file beside the CSV, keyed by indicator label."""
        path = self.path.with_suffix(".json")
        if not path.exists():
            return {}
        document = json.loads(path.read_text(encoding="utf-8-sig"))
        block = document.get("ess-beta-metadata", {})
        shared = block.get("shared", {})
        return {key: {**shared, **value} for key, value in block.items() if key != "shared"}


def _is_itl(code: str, geography: str) -> bool:
    """An International Territorial Level area: named so by the geography column, or an ITL code
    (UK, TLC, TLD3, TLD34) in a file without that column."""
    if geography:
        return geography.strip().upper().startswith("ITL")
    return _ITL_CODE.fullmatch(code.strip().upper()) is not None


def _period_text(text: str) -> str:
    """ONS's older spellings of a period, in the form `parse_period` reads."""
    text = _PERIOD_PREFIX.sub("", text.strip())
    decimal = _DECIMAL_YEAR.match(text)
    return decimal[1] if decimal else text


def _status_note(status: str) -> str:
    """A status that is not a one-letter marker is a note in its own right (e.g. combined areas)."""
    if not status or status.lower() in STATUS_MEANINGS:
        return "low reliability" if status.lower() == "u" else ""
    return status
