"""humaniverse/loneliness: the England Community Life Survey loneliness table by LSOA 2021.

Columns: `lsoa21_code`, `perc` (the percentage answering "often/always" or "some of the time" to
"How often do you feel lonely?") and `deciles` (1 = least lonely, 10 = most lonely).

The figures are not a survey of each neighbourhood. The package takes the Department for Culture,
Media and Sport's Community Life Survey 2020/21 results for each 2011 Output Area Classification
group (a national figure per kind of neighbourhood), gives every output area its group's figure, and
averages those over each LSOA (inst/python/cls_england_2020.py in the package). The file names no
period, so the survey year is stated here, from the package's documentation.
"""

from __future__ import annotations

from collections.abc import Iterator

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

SURVEY_YEAR = "2020/21"  # Community Life Survey 2020-21 (the package's england_cls_loneliness_lsoa)
INDICATOR = "Lonely often/always or some of the time (Community Life Survey, by neighbourhood type)"


class HumaniverseLonelinessLsoa(Importer):
    format = "humaniverse-loneliness-lsoa"
    description = "humaniverse/loneliness England table by LSOA 2021 (lsoa21_code, perc, deciles)"
    publisher = "humaniverse/loneliness (from DCMS Community Life Survey)"

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(self, required={"lsoa21_code", "perc"}, optional={"deciles"})
        when = period(self, 1, "(survey year)", SURVEY_YEAR, hint="financial")
        for line, cells in table:
            code = area_code(self, line, table.names["lsoa21_code"], cells["lsoa21_code"])
            value = number(self, line, table.names["perc"], cells["perc"], missing={})
            decile = cells.get("deciles", "")
            if decile and decile not in {str(d) for d in range(1, 11)}:
                self.problem(line, table.names["deciles"], f"expected a decile from 1 to 10, got {decile!r}")
                continue
            if value is not None and not 0 <= value <= 100:
                self.problem(line, table.names["perc"], f"expected a percentage from 0 to 100, got {value:g}")
                continue
            if code is None or when is None:
                continue
            yield ParsedObservation(
                line=line,
                source_indicator=INDICATOR,
                area_code=code,
                area_name="",
                area_level=level_for(code),
                period=when,
                value=value,
                unit="percent",
                missing_reason="not available" if value is None else "",
                extra={"deciles": decile},
            )
