"""A survey export read through its mapping: one validated record per respondent, or every problem.

Validation is as for the statistics importers: the header is checked first (every column mapped,
every required column present), then each row; each problem names the row and column and what was
expected, and the import stops with InvalidInputError before anything is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from onestockport.errors import InvalidInputError, Problem
from onestockport.tabular import check_header

from ..demographics import FIELDS, PREFER_NOT_TO_SAY
from ..population import Ward, ward_key
from .mapping import Column, Mapping, normalise
from .tables import open_table

MAX_PROBLEMS = 25
# A full UK postcode, or an outward code alone (the format rules of the Royal Mail's PAF guide).
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
POSTCODE = re.compile(rf"^(?P<outward>{_OUTWARD})(?:\s*[0-9][ABD-HJLNP-UW-Z]{{2}})?$")
_DEFAULT_ANSWERS = {
    "yes": "yes",
    "no": "no",
    "prefer not to say": PREFER_NOT_TO_SAY,
    "i would prefer not to say": PREFER_NOT_TO_SAY,
    "not stated": "",
    "not answered": "",
}
UK_TIME = ZoneInfo("Europe/London")  # exports give local clock times
_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


@dataclass
class ParsedRespondent:
    row: int
    id_hash: str
    submitted_at: dt.datetime | None = None
    channel: str = ""
    demographics: dict[str, str] = field(default_factory=dict)
    ward: Ward | None = None
    postcode_district: str = ""
    consent_to_quote: bool = False
    answers: dict[str, str] = field(default_factory=dict)  # question key -> text or choice


@dataclass
class ParsedSurvey:
    path: Path
    mapping: Mapping
    headers: dict[str, str]  # question key -> the column heading as written (the question text)
    respondents: list[ParsedRespondent]


def hash_identifier(value: str, *, key: str) -> str:
    """A keyed hash (HMAC-SHA256) of a source identifier: stable across imports, not reversible without the key."""
    return hmac.new(key.encode(), normalise(value).encode(), hashlib.sha256).hexdigest()


class _TooMany(Exception):
    pass


def _fills(heading: str, column: Column | None) -> str:
    """What a column fills in a respondent's record, or its heading for one dropped unread."""
    if column is None or column.role == "ignore":
        return f"heading {normalise(heading)!r}"
    if column.role == "question":
        return f"answer {column.key}"
    if column.role == "demographic":
        return f"demographic {column.field}"
    return column.role


class SurveyReader:
    def __init__(
        self, *, mapping: Mapping, wards: dict[str, Ward], hash_key: str, place_name: str = "the area"
    ) -> None:
        """`wards`: the place's wards by code and name (`population.ward_index`); `place_name` for messages."""
        if not hash_key:
            raise ValueError("a hash key is required to store respondent identifiers")
        self.mapping = mapping
        self.wards = wards
        self.hash_key = hash_key
        self.place_name = place_name
        # Answers that name no ward of the place: left blank rather than refused.
        self.no_ward = {"", "not stated", "prefer not to say", "don't know", "outside the area"}
        self.no_ward.add(normalise(f"outside {place_name}"))
        self.problems: list[Problem] = []

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(f"row {row}, column {column!r}", message))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem("(file)", f"stopped after {MAX_PROBLEMS} problems"))
            raise _TooMany

    def read(self, path: Path) -> ParsedSurvey:
        respondents: list[ParsedRespondent] = []
        headers: dict[str, str] = {}
        try:
            try:
                table = open_table(path, self.problem)
            except InvalidInputError:
                if self.problems:  # the reader named what stopped it (a header cell too long, say)
                    raise InvalidInputError(str(path), self.problems) from None
                raise
            columns = self._columns(table.header)
            if columns is not None:
                headers = {c.key: h for h, c in zip(table.header, columns, strict=True) if c and c.role == "question"}
                seen: dict[str, int] = {}
                for row, cells in table.rows:
                    if not any(cells):
                        continue
                    if len(cells) != len(columns):
                        self.problem(row, "(row)", f"expected {len(columns)} cells, found {len(cells)}")
                        continue
                    respondent = self._respondent(
                        row, dict(zip(table.header, cells, strict=True)), columns, table.header
                    )
                    if respondent is None:
                        continue
                    if respondent.id_hash in seen:
                        self.problem(
                            row,
                            self._id_heading(columns, table.header),
                            f"the same respondent as row {seen[respondent.id_hash]}",
                        )
                        continue
                    seen[respondent.id_hash] = row
                    respondents.append(respondent)
        except _TooMany:
            pass
        except UnicodeDecodeError as exc:
            self.problems.append(Problem("(file)", f"not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"))
        except csv.Error as exc:
            self.problems.append(Problem("(file)", f"not readable as CSV: {exc}"))
        if self.problems:
            raise InvalidInputError(str(path), self.problems)
        if not respondents:
            raise InvalidInputError(str(path), [Problem("(file)", "no responses in the file")])
        return ParsedSurvey(path=path, mapping=self.mapping, headers=headers, respondents=respondents)

    def _columns(self, header: list[str]) -> list[Column | None] | None:
        found: list[Column | None] = []
        used: set[int] = set()
        for heading in header:
            index = next((i for i, column in enumerate(self.mapping.columns) if column.matches(heading)), None)
            if index is None:
                self.problem(1, heading, "unknown column; add it to the mapping (role: ignore to drop it unread)")
                found.append(None)
                continue
            used.add(index)
            found.append(self.mapping.columns[index])
        # Two headings filling the same field would have the second replace the first; only columns
        # dropped unread may be matched twice, and no heading may appear twice.
        check_header(
            header, [_fills(heading, column) for heading, column in zip(header, found, strict=True)], self.problem
        )
        for index, column in enumerate(self.mapping.columns):
            if (column.required or column.role == "respondent_id") and index not in used:
                self.problem(1, column.label, f"required column is missing (role: {column.role})")
        return None if self.problems else found

    @staticmethod
    def _id_heading(columns: list[Column | None], header: list[str]) -> str:
        return next(h for h, c in zip(header, columns, strict=True) if c and c.role == "respondent_id")

    def _respondent(
        self, row: int, cells: dict[str, str], columns: list[Column | None], header: list[str]
    ) -> ParsedRespondent | None:
        before = len(self.problems)
        respondent = self.parse_row(row, cells, columns, header)
        return respondent if len(self.problems) == before else None

    def columns_of(self, header: list[str]) -> list[Column | None] | None:
        """Each heading's column of the mapping; None (and `problems` says why) when the header does not fit."""
        return self._columns(header)

    def parse_row(
        self, row: int, cells: dict[str, str], columns: list[Column | None], header: list[str]
    ) -> ParsedRespondent:
        """One row as it would be stored; each value refused goes to `problems` (the preview shows both)."""
        respondent = ParsedRespondent(row=row, id_hash="")
        for heading, column in zip(header, columns, strict=True):
            assert column is not None
            value = cells[heading]
            role = column.role
            if role == "respondent_id":
                if not value:
                    self.problem(row, heading, "no respondent identifier")
                else:
                    respondent.id_hash = hash_identifier(value, key=self.hash_key)
            elif role == "submitted_at" and value:
                respondent.submitted_at = self._datetime(row, heading, value)
            elif role == "channel":
                respondent.channel = value[:80]
            elif role == "question" and value:
                respondent.answers[column.key or ""] = self._answer(column, value)
            elif role == "demographic":
                answer = self._lookup(column, value, defaults=True)
                if answer is None:
                    allowed = ", ".join(label for _, label in FIELDS[column.field or ""].choices)
                    self.problem(
                        row,
                        heading,
                        f"unknown answer {value!r}; map it in the mapping's `values` (canonical answers: {allowed})",
                    )
                elif answer:
                    respondent.demographics[column.field or ""] = str(answer)
            elif role == "ward" and value:
                respondent.ward = self._ward(row, heading, column, value)
            elif role == "postcode" and value:
                respondent.postcode_district = self._district(row, heading, value)
            elif role == "consent":
                answer = self._lookup(column, value, defaults=False)
                if value and answer is None:
                    self.problem(row, heading, f"unknown answer {value!r}; map it to true or false in `values`")
                respondent.consent_to_quote = answer is True
        return respondent

    @staticmethod
    def _answer(column: Column, value: str) -> str:
        if column.kind == "choice" and column.values:
            mapped = {normalise(k): v for k, v in column.values.items()}.get(normalise(value))
            return str(mapped) if mapped is not None else value
        return value

    @staticmethod
    def _lookup(column: Column, value: str, *, defaults: bool) -> str | bool | None:
        """The canonical answer for `value`: '' when not answered, None when not understood."""
        if not value.strip():
            return ""
        mapped = {normalise(k): v for k, v in column.values.items()}
        key = normalise(value)
        if key in mapped:
            return mapped[key]
        if defaults:
            choices = FIELDS[column.field or ""].choices
            allowed = {canonical for canonical, _ in choices}
            if key in _DEFAULT_ANSWERS and (_DEFAULT_ANSWERS[key] in allowed or _DEFAULT_ANSWERS[key] == ""):
                return _DEFAULT_ANSWERS[key]
            by_label = {normalise(label): canonical for canonical, label in choices}
            if key in allowed or key in by_label:
                return by_label.get(key, key)
        return None

    def _ward(self, row: int, heading: str, column: Column, value: str) -> Ward | None:
        named = {normalise(k): str(v) for k, v in column.values.items()}.get(normalise(value), value)
        if normalise(named) in self.no_ward:
            return None
        ward = self.wards.get(named.strip().casefold()) or self.wards.get(ward_key(named))
        if ward is None:
            self.problem(
                row,
                heading,
                f"{value!r} is not a ward of {self.place_name} (name or code); map other spellings in `values`",
            )
        return ward

    def _district(self, row: int, heading: str, value: str) -> str:
        match = POSTCODE.match(re.sub(r"\s+", " ", value.strip().upper()))
        if match is None:
            self.problem(row, heading, f"{value!r} is not a UK postcode or postcode district (e.g. SK4 or SK4 1AA)")
            return ""
        return match["outward"]

    def _datetime(self, row: int, heading: str, value: str) -> dt.datetime | None:
        text = value.strip().replace("T", " ")
        text = re.sub(r"(\.\d+)?(Z|[+-]\d\d:?\d\d)?$", "", text)
        for pattern in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).replace(tzinfo=UK_TIME)
            except ValueError:
                continue
        self.problem(
            row, heading, f"expected a date and time such as 2020-09-14 10:23:11 or 14/09/2020 10:23, got {value!r}"
        )
        return None
