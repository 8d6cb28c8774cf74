"""What every importer shares: the parsed-row shape, CSV reading and cell parsing with clear errors."""

from __future__ import annotations

import csv
import math
import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from onestockport.errors import InvalidInputError, Problem
from onestockport.stats.periods import Period, parse_period
from onestockport.tabular import check_cells, check_header, check_size, csv_records, import_limits

# Stop collecting after this many problems: a wholly wrong file needs no thousand-line report.
MAX_PROBLEMS = 25
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$")


@dataclass(frozen=True)
class ParsedObservation:
    """One row of a publisher's file, validated and in the product's terms."""

    line: int
    source_indicator: str
    area_code: str
    area_name: str
    period: Period
    value: float | None
    area_level: str = ""
    measure: str = ""
    unit: str = ""
    lower_95: float | None = None
    upper_95: float | None = None
    lower_998: float | None = None
    upper_998: float | None = None
    count: float | None = None
    denominator: float | None = None
    sex: str = ""
    age: str = ""
    category_type: str = ""
    category: str = ""
    missing_reason: str = ""
    note: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


class Importer(ABC):
    """Reads one publisher format. Subclasses set `format`, `description` and implement `read`."""

    format: ClassVar[str]
    description: ClassVar[str]
    publisher: ClassVar[str] = ""
    # A wide importer yields one row per value column, with the column's name in `measure`.
    wide: ClassVar[bool] = False

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        # Rows the format itself marks as areas the product never holds (ITL regions, a UK total),
        # counted by kind and reported by the import; never a row with a bad or unknown code.
        self.set_aside: Counter[str] = Counter()

    @abstractmethod
    def rows(self) -> Iterator[ParsedObservation]:
        """Yield valid rows; record problems with `self.problem` and skip the row."""

    def read(self) -> list[ParsedObservation]:
        """Every row of the file, or InvalidInputError naming each bad row and column."""
        check_size(self.path, import_limits())
        rows: list[ParsedObservation] = []
        try:
            for row in self.rows():
                rows.append(row)
                if len(self.problems) >= MAX_PROBLEMS:
                    break
        except _TooManyProblems:
            pass
        except UnicodeDecodeError as exc:
            self.problems.append(Problem("(file)", f"not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        except csv.Error as exc:
            self.problems.append(Problem("(file)", f"not readable as CSV: {exc}"))
        if self.problems:
            raise InvalidInputError(str(self.path), self.problems)
        if not rows:
            raise InvalidInputError(str(self.path), [Problem("(file)", "no data rows")])
        return rows

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(f"row {line}, column {column!r}", message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem("(file)", f"stopped after {MAX_PROBLEMS} problems"))
            raise _TooManyProblems


class _TooManyProblems(Exception):
    pass


class CsvTable:
    """A CSV file read with its header checked: required columns present, no unknown ones, none twice.

    Header names are matched case-insensitively after trimming, a byte-order mark is ignored, and
    `aliases` maps the names other releases use to the canonical ones; `other` accepts further
    columns a format allows by pattern (they keep their normalised name). Once the header is read,
    `names` maps each canonical column to its name as written in the file. The file is read through
    `onestockport.tabular`, under the import limits, and a cell holding a control character is refused.
    """

    def __init__(
        self,
        importer: Importer,
        *,
        required: set[str],
        optional: set[str] = frozenset(),
        aliases: Mapping[str, str] | None = None,
        other: Callable[[str], bool] | None = None,
        short_rows: int = 0,
    ) -> None:
        self.importer = importer
        self.required = required
        self.optional = optional
        self.aliases = {_normalise(name): canonical for name, canonical in (aliases or {}).items()}
        self.other = other
        # Fingertips leaves off the empty last cell of a row: up to `short_rows` trailing cells of
        # optional columns may be missing, and read as empty.
        self.short_rows = short_rows
        self.names: dict[str, str] = {}

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        records = csv_records(self.importer.path, import_limits(), self.importer.problem)
        first = next(records, None)
        if first is None:
            if not self.importer.problems:
                self.importer.problem(1, "(header)", "the file is empty")
            return
        header = first[1]
        columns = self._columns(header)
        if columns is None:
            return
        written = [name.strip() for name in header]
        for start, cells in records:
            if not any(cell.strip() for cell in cells):
                continue
            if not check_cells(start, written, cells, self.importer.problem):
                continue
            cut = len(columns) - len(cells)
            if 0 < cut <= self.short_rows and self.required.isdisjoint(columns[len(cells) :]):
                cells = [*cells, *[""] * cut]
            if len(cells) != len(columns):
                self.importer.problem(
                    start, "(row)", f"expected {len(columns)} cells, found {len(cells)}; is the row cut short?"
                )
                continue
            yield start, dict(zip(columns, (cell.strip() for cell in cells), strict=True))

    def _columns(self, header: list[str]) -> list[str] | None:
        columns = []
        for name in header:
            key = _normalise(name)
            columns.append(self.aliases.get(key, key))
        written = [name.strip() for name in header]
        # Checked first: with a column named twice, `names` and every row would keep only the last.
        if not check_header(written, columns, self.importer.problem):
            return None
        self.names = dict(zip(columns, written, strict=True))
        known = self.required | self.optional
        unknown = [
            name
            for name, column in zip(written, columns, strict=True)
            if column not in known and not (self.other and self.other(column))
        ]
        missing = sorted(self.required - set(columns))
        for name in unknown:
            self.importer.problem(1, name, f"unknown column; expected columns: {', '.join(sorted(known))}")
        for name in missing:
            self.importer.problem(1, name, "required column is missing")
        return None if unknown or missing else columns


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "_", name.strip().lower()).strip("_")


def number(importer: Importer, line: int, column: str, text: str, *, missing: Mapping[str, str]) -> float | None:
    """A numeric cell: '' or a known suppression marker gives None; anything else non-numeric is a problem."""
    cleaned = text.strip().replace(",", "")
    if cleaned == "" or cleaned.upper() in ("NA", "NAN") or text.strip() in missing:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        importer.problem(line, column, f"expected a number, got {text!r}")
        return None
    if not math.isfinite(value):
        importer.problem(line, column, f"expected a finite number, got {text!r}")
        return None
    return value


def period(importer: Importer, line: int, column: str, text: str, *, hint: str | None = None) -> Period | None:
    try:
        return parse_period(text, hint=hint)
    except ValueError as exc:
        importer.problem(line, column, str(exc))
        return None


def area_code(importer: Importer, line: int, column: str, text: str) -> str | None:
    code = text.strip().upper()
    if not GSS_CODE.match(code):
        importer.problem(line, column, f"expected a 9-character GSS code (a letter and eight digits), got {text!r}")
        return None
    return code
