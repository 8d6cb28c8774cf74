"""The Department for Education's Local Authority Interactive Tool (LAIT) data set, as Parquet.

One long table (`bds_long_0.parquet` in dfe-analytical-services/local-authority-interactive-tool)
with columns `Short Desc` (the measure's short code, e.g. `2yr_Ofsted_rating`), `Data item` (its
title, written only on a series' first row), `Years`, `LA and Regions` (area name), `Values`,
`LA Number` and `Region`. Values are text: a number, DfE's "-" for no figure, or another of DfE's
symbols for a missing figure (below). Numbers come out of a spreadsheet with binary noise
("94.600000000000009"), so they are rounded to 12 significant figures, far beyond any published
precision.

Areas are named by DfE local authority number (356, England 970, regions 980-990), not GSS code;
`data/dfe_la_codes.csv` maps them (its header gives its sources). `Years` is a year ("2016"), an
academic or financial year ("2015/16", "2016-17") or a range ("2014-16"), sometimes with a note in
brackets ("2018 (Rev)", "2025 (prov)") that is kept in `extra` as `year_note`.

The tool's data dictionary (`lait_data_dictionary.csv`), if it is beside the Parquet file, gives
each measure's title, polarity and year type; the year type says whether "2015/16" is an academic
or a financial year (without it, the period parser's default, financial, applies).
"""

from __future__ import annotations

import csv
import functools
import math
import re
from collections.abc import Iterator
from pathlib import Path

from onestockport.errors import Problem

from .areas import level_for
from .base import Importer, ParsedObservation, period

CODES_FILE = Path(__file__).resolve().parent / "data" / "dfe_la_codes.csv"
DICTIONARY_NAME = "lait_data_dictionary.csv"
COLUMNS = ("Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number", "Region")
# DfE's symbols for a figure that is not given (Explore Education Statistics conventions, and the
# tool's own "-"); any other text in `Values` is refused.
MISSING = {
    "-": "not available",
    "x": "not available",
    ":": "not available",
    "c": "suppressed (confidential)",
    "z": "not applicable",
    ".": "not applicable",
}
YEAR_NOTE = re.compile(r"^(?P<years>.+?)\s*\((?P<note>[^()]+)\)$")
YEAR_TYPES = {"academic year": "academic", "financial year": "financial", "calendar year": "calendar"}
POLARITIES = {"high": "higher-is-better", "low": "lower-is-better"}
BATCH_ROWS = 65_536


@functools.cache
def dfe_la_codes() -> dict[str, str]:
    """DfE local authority number (e.g. "356") -> GSS code, for every number in the lookup file."""
    with CODES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["old_la_code"].strip(): row["new_la_code"].strip() for row in rows}


class DfeLait(Importer):
    format = "dfe-lait"
    description = "DfE Local Authority Interactive Tool data set (Parquet, long: one row per measure, year and area)"
    publisher = "Department for Education (Local Authority Interactive Tool)"

    def rows(self) -> Iterator[ParsedObservation]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            parquet = pq.ParquetFile(self.path)
        except (pa.ArrowException, OSError) as exc:
            self.problems.append(Problem("(file)", f"not readable as a Parquet file: {exc}"))
            return
        present = parquet.schema_arrow.names
        missing = [name for name in COLUMNS if name not in present]
        for name in missing:
            self.problems.append(
                Problem(f"column {name!r}", f"required column is missing; the file has {', '.join(present)}")
            )
        if missing:
            return
        dictionary = self._dictionary()
        titles: dict[str, str] = {}
        line = 0
        batches = parquet.iter_batches(batch_size=BATCH_ROWS, columns=list(COLUMNS))
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:  # a damaged row group, found as it is read
                self.problems.append(Problem(f"row {line + 1} onwards", f"not readable as Parquet: {exc}"))
                return
            if batch is None:
                return
            columns = dict(zip(COLUMNS, (batch.column(name).to_pylist() for name in COLUMNS), strict=True))
            for index in range(batch.num_rows):
                line += 1
                cells = {name: columns[name][index] for name in COLUMNS}
                observation = self._row(line, cells, dictionary, titles)
                if observation is not None:
                    yield observation

    def _row(
        self, line: int, cells: dict[str, object], dictionary: dict[str, dict[str, str]], titles: dict[str, str]
    ) -> ParsedObservation | None:
        measure = _text(cells["Short Desc"])
        if not measure:
            self.problem(line, "Short Desc", "no measure code")
            return None
        if _text(cells["Data item"]):  # written on a series' first row only: carried down the series
            titles[measure] = _text(cells["Data item"])
        value, missing_reason = self._value(line, _text(cells["Values"]))
        years = _text(cells["Years"])
        if years == "0" and missing_reason:
            return None  # a placeholder row in the tool's file: no year and no figure
        note = YEAR_NOTE.match(years)
        about = dictionary.get(measure, {})
        when = period(self, line, "Years", note["years"] if note else years, hint=about.get("hint") or None)
        number = _la_number(cells["LA Number"])
        code = dfe_la_codes().get(number or "")
        if code is None:
            self.problem(
                line,
                "LA Number",
                f"no GSS code is known for DfE local authority number {cells['LA Number']!r} "
                f"({_text(cells['LA and Regions'])}); add it to {CODES_FILE.name}",
            )
        if when is None or code is None or (value is None and not missing_reason):
            return None
        region = _text(cells["Region"])
        extra = {
            "la_number": number or "",
            "region": "" if region == "NA" else region,  # England and the regions have none
            "data_item": titles.get(measure, ""),
        }
        if note:
            extra["year_note"] = note["note"]
        extra |= {key: about[key] for key in ("title", "polarity") if about.get(key)}
        return ParsedObservation(
            line=line,
            source_indicator=measure,
            area_code=code,
            area_name=_text(cells["LA and Regions"]),
            area_level=level_for(code),
            period=when,
            value=value,
            missing_reason=missing_reason,
            extra=extra,
        )

    def _value(self, line: int, text: str) -> tuple[float | None, str]:
        """(value, "") for a number; (None, reason) for DfE's missing symbols; (None, "") after a problem."""
        if text == "" or text.lower() in MISSING:
            return None, MISSING.get(text.lower(), "not available")
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            symbols = ", ".join(repr(symbol) for symbol in MISSING)
            self.problem(line, "Values", f"expected a number or one of DfE's symbols {symbols}, got {text!r}")
            return None, ""
        if not math.isfinite(value):
            self.problem(line, "Values", f"expected a finite number, got {text!r}")
            return None, ""
        return float(f"{value:.12g}"), ""

    def _dictionary(self) -> dict[str, dict[str, str]]:
        """Measure code -> title, polarity and period hint, from the data dictionary beside the file (if any)."""
        path = self.path.with_name(DICTIONARY_NAME)
        if not path.is_file():
            return {}
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                needed = {"Measure_short", "Chart_title", "Polarity", "Year_Type"}
                absent = sorted(needed - set(reader.fieldnames or []))
                if absent:
                    self.problems.append(Problem(f"{path.name}, column {absent[0]!r}", "required column is missing"))
                    return {}
                return {
                    row["Measure_short"].strip(): {
                        "title": (row["Chart_title"] or "").strip(),
                        "polarity": POLARITIES.get((row["Polarity"] or "").strip().lower(), ""),
                        "hint": YEAR_TYPES.get((row["Year_Type"] or "").strip().lower(), ""),
                    }
                    for row in reader
                    if row.get("Measure_short")
                }
        except (UnicodeDecodeError, csv.Error) as exc:
            self.problems.append(Problem(path.name, f"not readable as UTF-8 CSV: {exc}"))
            return {}


def _text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def _la_number(cell: object) -> str | None:
    """The LA number as text ("356"): the file stores it as a float (356.0) in some releases."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = _text(cell)
    return text.removesuffix(".0") if re.fullmatch(r"\d+(\.0)?", text) else None
