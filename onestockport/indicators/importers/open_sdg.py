"""Open SDG's tidy CSV data format (open-sdg.org, read by open-sdg/sdg-build): one file per indicator.

Columns: `Year` (first) and `Value` (last) are required; between them any number of disaggregation
columns (`Sex`, `Age`, ...), plus the special columns `Units`, `Series` and `GeoCode` (the second
from last when present). A blank disaggregation cell means "all" - the row with every
disaggregation blank is the headline figure - and a blank `Value` means missing. The SDMX
observation attributes `COMMENT_OBS` and `OBS_STATUS`, which some Open SDG sites add, are read as
notes rather than disaggregations (`Observation status` is the same column under its English name;
"Normal value", SDMX code A, says nothing and is dropped).

Some sites (the UK's, ONS sdg-data) name the area in a column beside its GeoCode: `Region`,
`Local authority`, `Country`. On a row with a GeoCode these columns are the area's name, not a
breakdown, so a council's row is its headline figure just as England's row with them blank is.

The indicator is the `Series` value when there is one, otherwise the file name without its
`indicator_` prefix (`indicator_13-2-1.csv` -> "13-2-1"). Rows without a GeoCode are for the
`default_area` the importer is given (Open SDG sites usually report one place).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from onestockport.errors import OneStockportError

from .areas import level_for
from .base import GSS_CODE, CsvTable, Importer, ParsedObservation, area_code, number, period

SPECIAL = {"year", "value", "units", "series", "geocode", "comment_obs", "obs_status"}
# Columns that name the row's area (normalised names); they are breakdowns only on rows without a GeoCode.
AREA_NAME_COLUMNS = {"country", "region", "local_authority", "local_authority_district", "county", "ward"}
NORMAL_STATUSES = {"normal value", "a"}


class OpenSdg(Importer):
    format = "open-sdg"
    description = "Open SDG tidy CSV (Year, disaggregations, Units, Series, GeoCode, Value)"
    publisher = "Open SDG data"

    def __init__(self, path: Path, *, default_area: str | None = None) -> None:
        super().__init__(path)
        if default_area is not None and not GSS_CODE.match(default_area.strip().upper()):
            raise OneStockportError(
                f"default area {default_area!r} is not a 9-character GSS code (a letter and eight digits)"
            )
        self.default_area = default_area.strip().upper() if default_area else None

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"year", "value"},
            optional=SPECIAL - {"year", "value"},
            aliases={"unit": "units", "observation_status": "obs_status"},
            other=lambda column: True,  # every other column is a disaggregation
        )
        stem = self.path.stem.removeprefix("indicator_")
        disaggregations: list[str] | None = None
        for line, cells in table:
            if disaggregations is None:
                disaggregations = [column for column in table.names if column not in SPECIAL]
            geocode = cells.get("geocode", "")
            if geocode:
                code = area_code(self, line, table.names["geocode"], geocode)
            elif self.default_area:
                code = self.default_area
            else:
                code = None
                self.problem(line, "GeoCode", "no area: give its GSS code in a GeoCode column, or a default area")
            when = period(self, line, table.names["year"], cells["year"])
            value = number(self, line, table.names["value"], cells["value"], missing={})
            if code is None or when is None:
                continue
            # Blank means "all", so only the filled-in disaggregations describe the row.
            breakdowns = [c for c in disaggregations if not (geocode and c in AREA_NAME_COLUMNS)]
            filled = [(table.names[column], cells[column]) for column in breakdowns if cells[column]]
            area_name = next((cells[c] for c in disaggregations if geocode and c in AREA_NAME_COLUMNS and cells[c]), "")
            if len(filled) == 1:
                category_type, category = filled[0]
            else:
                category_type = "; ".join(name for name, _ in filled)
                category = "; ".join(f"{name}={text}" for name, text in filled)
            status = cells.get("obs_status", "")
            status = "" if status.lower() in NORMAL_STATUSES else status
            note = "; ".join(part for part in (cells.get("comment_obs", ""), status) if part)
            yield ParsedObservation(
                line=line,
                source_indicator=cells.get("series", "") or stem,
                area_code=code,
                area_name=area_name,
                area_level=level_for(code),
                period=when,
                value=value,
                unit=cells.get("units", ""),
                category_type=category_type,
                category=category,
                missing_reason=(status or "not available") if value is None else "",
                note=note,
                extra={table.names[column]: cells[column] for column in disaggregations},
            )
