"""ONS Explore Local Statistics: one CSV per indicator family, with a JSON metadata file beside it.

Columns (any order; the names earlier releases used are accepted too): areacd, areanm, geography,
indicator, period, observation, measure, unit, lci_95, uci_95, status, notes. Periods are ISO 8601
intervals such as `2021-01-01/P3Y`. `status` carries ONS's shorthand: x not available, u low
reliability, z not applicable, c confidential.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .base import CsvTable, Importer, ParsedObservation, area_code, number, period

STATUS_MEANINGS = {
    "x": "not available",
    "u": "low reliability",
    "z": "not applicable",
    "c": "confidential",
}
LEVELS = {
    "Nation": "country",
    "Country": "country",
    "Region": "region",
    "Combined Authority or City Region": "combined-authority",
    "Local Authority District": "local-authority",
    "County or Unitary Authority": "local-authority",
}


class OnsExploreLocalStatistics(Importer):
    format = "ons-els"
    description = "ONS Explore Local Statistics CSV (and its JSON metadata beside it)"
    publisher = "Office for National Statistics"

    def rows(self) -> Iterator[ParsedObservation]:
        table = CsvTable(
            self,
            required={"areacd", "areanm", "indicator", "period", "observation"},
            optional={"geography", "measure", "unit", "lci_95", "uci_95", "status", "notes"},
            aliases={"area_code": "areacd", "area_name": "areanm", "value": "observation", "date": "period"},
        )
        for line, cells in table:
            code = area_code(self, line, "areacd", cells["areacd"])
            when = period(self, line, "period", cells["period"])
            status = cells.get("status", "")
            value = number(self, line, "observation", cells["observation"], missing=STATUS_MEANINGS)
            lower = number(self, line, "lci_95", cells.get("lci_95", ""), missing={})
            upper = number(self, line, "uci_95", cells.get("uci_95", ""), missing={})
            if code is None or when is None:
                continue
            reason = STATUS_MEANINGS.get(status.lower(), "") if value is None else ""
            note = "; ".join(part for part in (cells.get("notes", ""), _status_note(status)) if part)
            yield ParsedObservation(
                line=line,
                source_indicator=cells["indicator"],
                area_code=code,
                area_name=cells["areanm"],
                area_level=LEVELS.get(cells.get("geography", ""), ""),
                period=when,
                value=value,
                measure=cells.get("measure", ""),
                unit=cells.get("unit", ""),
                lower_95=lower,
                upper_95=upper,
                missing_reason=reason or ("not published" if value is None else ""),
                note=note,
            )

    def metadata(self) -> dict[str, Any]:
        """The publisher's descriptions from the JSON file beside the CSV, keyed by indicator label."""
        path = self.path.with_suffix(".json")
        if not path.exists():
            return {}
        document = json.loads(path.read_text(encoding="utf-8-sig"))
        block = document.get("ess-beta-metadata", {})
        shared = block.get("shared", {})
        return {key: {**shared, **value} for key, value in block.items() if key != "shared"}


def _status_note(status: str) -> str:
    """A status that is not a one-letter marker is a note in its own right (e.g. combined areas)."""
    if not status or status.lower() in STATUS_MEANINGS:
        return "low reliability" if status.lower() == "u" else ""
    return status
