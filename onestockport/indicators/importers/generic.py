"""The generic tidy CSV for figures the council collects itself (trees planted, devices lent, ...).

Template: onestockport/indicators/data/tidy-template.csv; specification and examples: docs/importers.md. One row
per indicator, area, period and breakdown:

indicator (catalogue id), area_code, area_name (optional), period, value, and optionally
lower_95, upper_95, count, denominator, breakdown_type, breakdown, note, status.

`status` is blank for an ordinary figure, `provisional` or `estimated` for a figure that may
change, and `suppressed` or `not available` when there is no figure - then `value` is blank and
`note` says why. Because people type these files, the checks are stricter than for a publisher's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .areas import level_for
from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

CATALOGUE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
WITH_VALUE = {"", "provisional", "estimated"}
WITHOUT_VALUE = {"suppressed", "not available"}


class Tidy(Importer):
    format = "tidy"
    description = "Generic tidy CSV for locally collected figures (see onestockport/indicators/data/tidy-template.csv)"
    publisher = ""  # locally collected: the plan's own council and partners (services.release_publisher)

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"indicator", "area_code", "period", "value"},
            optional={
                "area_name",
                "lower_95",
                "upper_95",
                "count",
                "denominator",
                "breakdown_type",
                "breakdown",
                "note",
                "status",
            },
        )
        for line, cells in table:
            before = len(self.problems)
            code = area_code(self, line, "area_code", cells["area_code"])
            when = period(self, line, "period", cells["period"])
            value = number(self, line, "value", cells["value"], missing={})
            lower = number(self, line, "lower_95", cells.get("lower_95", ""), missing={})
            upper = number(self, line, "upper_95", cells.get("upper_95", ""), missing={})
            count = number(self, line, "count", cells.get("count", ""), missing={})
            denominator = number(self, line, "denominator", cells.get("denominator", ""), missing={})
            status = " ".join(cells.get("status", "").lower().replace("-", " ").replace("_", " ").split())
            note = cells.get("note", "")
            self._check(line, cells, status=status, value=value, lower=lower, upper=upper)
            if code is None or when is None or len(self.problems) > before:
                continue
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=cells.get("area_name", ""),
                area_level=level_for(code),
                period=when,
                value=value,
                lower_95=lower,
                upper_95=upper,
                count=count,
                denominator=denominator,
                category_type=cells.get("breakdown_type", ""),
                category=cells.get("breakdown", ""),
                missing_reason=(note or status) if value is None else "",
                note=note if value is None else "; ".join(part for part in (status, note) if part),
                extra={"status": status},
            )

    def _check(
        self,
        line: int,
        cells: dict[str, str],
        *,
        status: str,
        value: float | None,
        lower: float | None,
        upper: float | None,
    ) -> None:
        """The rules a hand-made file can break that the cell parsers cannot see."""
        if not CATALOGUE_ID.fullmatch(cells["indicator"]):
            self.problem(
                line, "indicator", f"expected a catalogue id in lower case with hyphens, got {cells['indicator']!r}"
            )
        if status not in WITH_VALUE | WITHOUT_VALUE:
            self.problem(
                line,
                "status",
                f"unknown status {cells['status']!r}; use provisional, estimated, suppressed, not available",
            )
        elif status in WITHOUT_VALUE and cells["value"]:
            self.problem(line, "value", f"a {status} figure has no value: leave value blank and say why in note")
        elif status in WITH_VALUE and cells["value"].upper() in ("", "NA", "NAN"):
            self.problem(
                line,
                "value",
                "no value: give a number, or set status to suppressed or not available and say why in note",
            )
        if value is None and status in WITHOUT_VALUE and not cells.get("note"):
            self.problem(line, "note", f"say why the figure is {status}")
        if lower is not None and upper is not None and lower > upper:
            self.problem(line, "lower_95", f"the lower limit {lower:g} is above the upper limit {upper:g}")
        elif value is not None and lower is not None and upper is not None and not lower <= value <= upper:
            self.problem(line, "value", f"{value:g} is outside its confidence interval {lower:g} to {upper:g}")
        if bool(cells.get("breakdown_type")) != bool(cells.get("breakdown")):
            self.problem(line, "breakdown", "give both breakdown_type and breakdown, or neither")
