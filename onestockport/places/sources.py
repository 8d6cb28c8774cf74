"""Reading the raw files the area register is built from, validating every value on the way in.

Each reader returns plain records; a bad value is collected as a Problem naming the file, the line
and the column, and the file's problems are raised together as one InvalidInputError.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onestockport.errors import InvalidInputError, Problem

from .geometry import geometry_problem

GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")
MAX_PROBLEMS = 25


@dataclass
class Checker:
    """Collects problems for one file; `done()` raises them, if any."""

    path: str  # as shown to the user: relative to the data folder
    problems: list[Problem] = field(default_factory=list)

    def problem(self, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(self.path, message, line))

    def done(self) -> None:
        if self.problems:
            raise InvalidInputError(self.path, self.problems[:MAX_PROBLEMS])


@dataclass(frozen=True)
class Row:
    """One CSV record: its line number in the file and its cells by column name."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


@dataclass(frozen=True)
class Feature:
    """One GeoJSON feature: its position in the file, properties and geometry."""

    line: int  # 1-based line of the file where the feature is (features are one per line in these files)
    index: int
    properties: dict[str, Any]
    geometry: dict[str, Any]


class CsvFile:
    """A CSV file read by column name, with typed, checked access to cells."""

    def __init__(self, data_dir: Path, relative: str, *, required: Sequence[str]) -> None:
        self.relative = relative
        self.check = Checker(relative)
        path = data_dir / relative
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                self.columns = list(reader.fieldnames or [])
                missing = [column for column in required if column not in self.columns]
                if missing:
                    self.check.problem(
                        f"missing column(s) {missing}; the header has {self.columns}. "
                        "Is this the right file, or has the publisher renamed a column?",
                        1,
                    )
                    self.check.done()
                self.rows = [Row(reader.line_num, dict(record)) for record in reader]
        except OSError as exc:
            raise InvalidInputError(relative, [Problem(relative, f"cannot read the file: {exc.strerror}")]) from exc
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InvalidInputError(relative, [Problem(relative, f"not a UTF-8 CSV file: {exc}")]) from exc
        for row in self.rows:
            if None in row.cells or any(value is None for value in row.cells.values()):
                self.check.problem("wrong number of cells for the header", row.line)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def _bad(self, row: Row, column: str, expected: str) -> None:
        self.check.problem(f"column {column!r}: expected {expected}, got {row[column]!r}", row.line)

    def code(self, row: Row, column: str) -> str | None:
        value = row[column].strip()
        if not GSS_CODE.match(value):
            self._bad(row, column, "a 9-character GSS code (a letter and eight digits)")
            return None
        return value

    def text(self, row: Row, column: str) -> str | None:
        value = row[column].strip()
        if not value:
            self._bad(row, column, "a name")
            return None
        return value

    def integer(
        self, row: Row, column: str, *, low: int = 1, high: int | None = None, thousands: bool = False
    ) -> int | None:
        raw = row[column].strip()
        digits = raw.replace(",", "") if thousands else raw
        if not digits.isdigit() or (thousands and "," in raw and not re.fullmatch(r"\d{1,3}(,\d{3})+", raw)):
            self._bad(
                row, column, "a whole number" + (" (commas allowed as thousands separators)" if thousands else "")
            )
            return None
        value = int(digits)
        if value < low or (high is not None and value > high):
            self._bad(row, column, f"a whole number from {low} to {high}" if high else f"a whole number >= {low}")
            return None
        return value

    def number(self, row: Row, column: str) -> float | None:
        raw = row[column].strip()
        try:
            value = float(raw)
        except ValueError:
            self._bad(row, column, "a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self._bad(row, column, "a finite number")
            return None
        return value


def read_features(data_dir: Path, relative: str, *, required: Sequence[str]) -> list[Feature]:
    """The features of a GeoJSON FeatureCollection, each with the listed properties and a usable polygon."""
    check = Checker(relative)
    path = data_dir / relative
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except OSError as exc:
        raise InvalidInputError(relative, [Problem(relative, f"cannot read the file: {exc.strerror}")]) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InvalidInputError(relative, [Problem(relative, f"not valid GeoJSON: {exc}", line)]) from exc
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInputError(relative, [Problem(relative, "not a GeoJSON FeatureCollection")])
    lines = _feature_lines(text, len(document.get("features") or []))
    features = []
    for index, raw in enumerate(document.get("features") or []):
        line = lines[index]
        properties = raw.get("properties") if isinstance(raw, dict) else None
        if not isinstance(properties, dict):
            check.problem(f"feature {index + 1}: no properties", line)
            continue
        missing = [name for name in required if properties.get(name) in (None, "")]
        if missing:
            check.problem(f"feature {index + 1}: missing property {missing}", line)
            continue
        geometry = raw.get("geometry")
        problem = geometry_problem(geometry)
        if problem:
            check.problem(f"feature {index + 1} ({properties.get(required[0])}): {problem}", line)
            continue
        features.append(Feature(line, index, properties, geometry))
    check.done()
    return features


def _feature_lines(text: str, count: int) -> list[int | None]:
    """The line each feature starts on, when the file has one feature per line (as these files do)."""
    starts = [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if '"type": "Feature"' in line and '"FeatureCollection"' not in line
    ]
    return starts if len(starts) == count else [None] * count
