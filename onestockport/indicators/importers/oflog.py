"""Office for Local Government (Oflog) adult social care metrics, as its Local Authority Data Explorer
publishes them: one row per council, financial year and metric.

Columns: `Financial year` (2016-17), `Local authority code` and `name`, `Grouping`, `Entity_Name`
(the kind of council), `Region`, `Measure` (the metric's name), `Code` (ASC1, ASC2, ...), `Value`,
`MEDIAN`, `MADs_from_median` and `rank_order`.

Oflog gives no England figure. Each row instead carries that year's median across the councils with
adult social care responsibilities (`MEDIAN`). A median of councils is not an England figure, so it
is never stored as one: it goes into the row's note, where the figure's download and the API show
it beside the council's value. The indicator is the metric's `Code`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

REQUIRED = {"financial_year", "local_authority_code", "local_authority_name", "measure", "code", "value", "median"}
OPTIONAL = {"grouping", "entity_name", "region", "mads_from_median", "rank_order"}


class OflogAdultSocialCare(Importer):
    format = "oflog-asc"
    description = "Oflog adult social care metrics (council rows with the median across councils)"
    publisher = "Office for Local Government"

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(self, required=REQUIRED, optional=OPTIONAL)
        for line, cells in table:
            code = area_code(self, line, table.names["local_authority_code"], cells["local_authority_code"])
            when = period(self, line, table.names["financial_year"], cells["financial_year"], hint="financial")
            value = number(self, line, table.names["value"], cells["value"], missing={})
            median = number(self, line, table.names["median"], cells["median"], missing={})
            if not cells["code"]:
                self.problem(line, table.names["code"], "no metric code (ASC1, ASC2, ...)")
                continue
            if code is None or when is None:
                continue
            yield ParsedObservation(
                line=line,
                source_indicator=cells["code"],
                area_code=code,
                area_name=cells["local_authority_name"],
                area_level=level_for(code),
                period=when,
                value=value,
                measure=cells["measure"],
                missing_reason="not published" if value is None else "",
                note=_median_note(median),
                extra={table.names[name]: cells[name] for name in ("measure", "median") if name in table.names},
            )


def _median_note(median: float | None) -> str:
    if median is None:
        return ""
    return f"Median of English councils with adult social care responsibilities, same year: {median:g}"
