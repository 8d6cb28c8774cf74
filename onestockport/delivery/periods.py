"""Reporting periods: plain Python, no Django. A period is a fixed slice of the calendar year.

Quarters (3 months, the default) are labelled like ``2026-Q3`` (July to September 2026), half years
``2026-H2``, months ``2026-07``, whole years ``2026`` and other lengths ``2026-P2``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .errors import InvalidPeriod

ALLOWED_LENGTHS = (1, 2, 3, 4, 6, 12)
_LETTERS = {3: "Q", 6: "H"}
_LABEL = re.compile(r"^(?P<year>\d{4})(?:-[QHP]?(?P<index>\d{1,2}))?$")


def _check_length(months: int) -> None:
    if months not in ALLOWED_LENGTHS:
        raise InvalidPeriod(f"a reporting period must be 1, 2, 3, 4, 6 or 12 months long (got {months})")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    index: int  # 1 for the first period of the year
    months: int

    @property
    def label(self) -> str:
        if self.months == 12:
            return str(self.year)
        if self.months == 1:
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-{_LETTERS.get(self.months, 'P')}{self.index}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        month = self.index * self.months
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def description(self) -> str:
        """'July to September 2026' for people; the label is for files and URLs."""
        first = calendar.month_name[self.start.month]
        last = calendar.month_name[self.end.month]
        return f"{first} {self.year}" if first == last else f"{first} to {last} {self.year}"

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.index - 1, self.months)
        return Period(self.year - 1, 12 // self.months, self.months)

    def following(self) -> Period:
        if self.index < 12 // self.months:
            return Period(self.year, self.index + 1, self.months)
        return Period(self.year + 1, 1, self.months)

    def __str__(self) -> str:
        return self.label


def period_containing(day: dt.date, *, months: int) -> Period:
    _check_length(months)
    return Period(day.year, (day.month - 1) // months + 1, months)


def parse_period(label: str, *, months: int) -> Period:
    """The period a label names; refuses a label written for another period length."""
    _check_length(months)
    text = label.strip()
    match = _LABEL.match(text)
    if match:
        period = Period(int(match["year"]), int(match["index"] or 1), months)
        if 1 <= period.index <= 12 // months and period.label == text:
            return period
    example = Period(2026, min(3, 12 // months), months).label
    raise InvalidPeriod(f"{label!r} is not a reporting period; periods are {months} months long, e.g. {example!r}")
