"""Trafford Data Lab's tidy CSV extracts of official statistics (OGL v3.0).

Four layouts, all read by column name (see docs/data-survey.md, sections 3, 6 and 8):

* `tdl-tidy`: area_code, area_name, period, indicator, measure, unit, value - in any order; some
  releases write `units` for `unit`, some leave out measure and unit, and the renewable-generation
  file adds a `group` column (the technology).
* `tdl-tidy-wide`: the same with several `value_*` columns instead of `value`; one observation per
  value column, its name in `measure`.
* `census-tidy`: Census 2021 extracts; besides the tidy columns, one category column whose name
  varies by table (`mode_of_travel`, `ethnic_group`, ...), or `sex` and `age_group`.
* `tdl-claimant-legacy`: the 2015-17 claimant count of a city region's wards and local
  authorities, one row per area per month with the count and the rate.

Missing values are the string `NA`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

PUBLISHER = "Trafford Data Lab"
NOT_AVAILABLE = "not available"
TIDY_COLUMNS = {"area_code", "area_name", "period", "indicator", "measure", "unit"}


class TraffordTidy(Importer):
    format = "tdl-tidy"
    description = "Trafford Data Lab tidy CSV (area_code, area_name, period, indicator, measure, unit, value)"
    publisher = PUBLISHER

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code", "area_name", "period", "indicator", "value"},
            optional={"measure", "unit", "group"},
            aliases={"units": "unit"},
        )
        for line, cells in table:
            code = area_code(self, line, "area_code", cells["area_code"])
            when = period(self, line, "period", cells["period"])
            value = number(self, line, "value", cells["value"], missing={})
            if code is None or when is None:
                continue
            group = cells.get("group", "")
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=cells["area_name"],
                area_level=level_for(code),
                period=when,
                value=value,
                measure=cells.get("measure", ""),
                unit=cells.get("unit", ""),
                # The renewables file gives one row per technology: the group tells the rows apart.
                category_type="group" if group else "",
                category=group,
                missing_reason=NOT_AVAILABLE if value is None else "",
                extra={"group": group} if "group" in cells else {},
            )


class TraffordTidyWide(Importer):
    format = "tdl-tidy-wide"
    description = "Trafford Data Lab tidy CSV with several value_* columns (licensed vehicles, EPCs)"
    publisher = PUBLISHER
    wide = True

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code", "area_name", "period", "indicator"},
            optional={"measure", "unit"},
            aliases={"units": "unit"},
            other=lambda column: column.startswith("value_"),
        )
        value_columns: list[str] | None = None
        for line, cells in table:
            if value_columns is None:
                value_columns = [column for column in table.names if column.startswith("value_")]
                if not value_columns:
                    self.problem(1, "value_*", "no value columns: expected one or more columns named value_<what>")
                    return
            code = area_code(self, line, "area_code", cells["area_code"])
            when = period(self, line, "period", cells["period"])
            values = {
                column: number(self, line, table.names[column], cells[column], missing={}) for column in value_columns
            }
            if code is None or when is None:
                continue
            for column, value in values.items():
                yield ParsedObservation(
                    line=line,
                    source_indicator=cells["indicator"],
                    area_code=code,
                    area_name=cells["area_name"],
                    area_level=level_for(code),
                    period=when,
                    value=value,
                    measure=table.names[column],
                    unit=cells.get("unit", ""),
                    missing_reason=NOT_AVAILABLE if value is None else "",
                    extra={"source_measure": cells.get("measure", "")},
                )


class CensusTidy(Importer):
    format = "census-tidy"
    description = "Trafford Data Lab Census 2021 tidy CSV (tidy columns plus one category column)"
    publisher = PUBLISHER

    KNOWN = {*TIDY_COLUMNS, "geography", "value", "sex", "age_group"}

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"area_code", "area_name", "period", "indicator", "value"},
            optional=self.KNOWN - {"area_code", "area_name", "period", "indicator", "value"},
            other=lambda column: True,  # the category column's name varies from table to table
        )
        category: str | None = None
        for line, cells in table:
            if category is None:
                others = [column for column in table.names if column not in self.KNOWN]
                if len(others) > 1:
                    for column in others[1:]:
                        self.problem(
                            1,
                            table.names[column],
                            f"unknown column; a census file has at most one category column "
                            f"(found {', '.join(table.names[name] for name in others)})",
                        )
                    return
                category = others[0] if others else ""
            code = area_code(self, line, "area_code", cells["area_code"])
            when = period(self, line, "period", cells["period"])
            value = number(self, line, "value", cells["value"], missing={})
            if code is None or when is None:
                continue
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=cells["area_name"],
                area_level=level_for(code),
                period=when,
                value=value,
                measure=cells.get("measure", ""),
                unit=cells.get("unit", ""),
                sex=cells.get("sex", ""),
                age=cells.get("age_group", ""),
                category_type=table.names[category] if category else "",
                category=cells[category] if category else "",
                missing_reason=NOT_AVAILABLE if value is None else "",
            )


class TraffordClaimantLegacy(Importer):
    format = "tdl-claimant-legacy"
    description = "Trafford Data Lab 2015-2017 claimant count by ward or local authority (a city region's file)"
    publisher = PUBLISHER

    MONTH_START = re.compile(r"(\d{4}-\d{2})-01")

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"date", "count", "rate"},
            optional={"wd15cd", "wd15nm", "lad15cd", "lad15nm", "cauth15cd", "cauth15nm"},
        )
        area_column: str | None = None
        for line, cells in table:
            if area_column is None:
                area_column = "wd15cd" if "wd15cd" in table.names else "lad15cd" if "lad15cd" in table.names else ""
                if not area_column:
                    self.problem(1, "wd15cd", "required column is missing: the ward (wd15cd) or LA (lad15cd) code")
                    return
            name_column = area_column.replace("cd", "nm")
            code = area_code(self, line, area_column, cells[area_column])
            month = self.MONTH_START.fullmatch(cells["date"])
            if month is None:
                self.problem(line, "date", f"expected the first day of a month, as 2015-01-01; got {cells['date']!r}")
            # Nomis counts claimants on one day a month and labels the figure with the month.
            when = period(self, line, "date", month[1], hint="month") if month else None
            rate = number(self, line, "rate", cells["rate"], missing={})
            count = number(self, line, "count", cells["count"], missing={})
            if code is None or when is None:
                continue
            extra = {
                key: cells[column]
                for key, column in (("la_code", "lad15cd"), ("la_name", "lad15nm"), ("ca_code", "cauth15cd"))
                if column in cells and column not in (area_column, name_column)
            }
            yield ParsedObservation(
                line=line,
                source_indicator="Claimant count",
                area_code=code,
                area_name=cells.get(name_column, ""),
                area_level=level_for(code),
                period=when,
                value=rate,
                measure="rate",
                unit="% of residents aged 16-64",
                count=count,
                missing_reason=NOT_AVAILABLE if rate is None else "",
                note="Counts are rounded to the nearest 5, so small-area rates are approximate.",
                extra=extra,
            )
