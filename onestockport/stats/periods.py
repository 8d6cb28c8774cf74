"""Time periods as official statistics files write them, parsed into one comparable shape.

Publishers write the same kind of period in many ways: Fingertips writes "2019/20", "2015 - 17" and
"2021/22 Q1"; ONS Explore Local Statistics writes ISO 8601 intervals such as "2011-01-01/P3Y"
(ISO 8601-1:2019, section 5.5: a start date and a duration), and in its earlier releases "201920",
"01/2021 - 12/2021" and "As at 31 March 2023"; DfE and DLUHC write "2019-20",
"Q1 2022" or "March 2023". `parse_period` turns every one of these into a `Period` with a start and
end date (both inclusive), a kind and a canonical label, so that series from different publishers
sort and line up.

Each accepted style is one entry in `_STYLES`, tried in order; a new style is a new entry there.

Some strings are genuinely ambiguous and are refused rather than guessed:

* "2009-10" is October 2009 in ISO 8601 but the year 2009/10 in UK government tables. Pass
  ``hint="month"`` or ``hint="financial"`` (or ``"academic"``/``"calendar"``) to say which.
* "2019/20" is a financial year (1 April to 31 March) unless ``hint="academic"`` (1 September to
  31 August); "2019-20" likewise, or a two-calendar-year range with ``hint="calendar"``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

__all__ = ["Period", "PeriodHint", "PeriodKind", "parse_period"]

PeriodHint = Literal["financial", "academic", "calendar", "month"]
_HINTS: tuple[str, ...] = ("financial", "academic", "calendar", "month")


class PeriodKind(StrEnum):
    """What sort of span a period is."""

    YEAR = "year"
    FINANCIAL_YEAR = "financial_year"
    ACADEMIC_YEAR = "academic_year"
    QUARTER = "quarter"
    MONTH = "month"
    RANGE = "range"
    DATE = "date"


@dataclass(frozen=True, order=True)
class Period:
    """A span of time: `start` and `end` are both inclusive.

    Periods compare, hash and sort by their dates alone, so "Jan 2022-Dec 2022" equals "2022".
    """

    start: date
    end: date
    kind: PeriodKind = field(compare=False)
    label: str = field(compare=False)

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"Period {self.label!r} ends ({self.end}) before it starts ({self.start})")

    def __str__(self) -> str:
        return self.label

    @property
    def days(self) -> int:
        """Number of days covered, counting both ends."""
        return (self.end - self.start).days + 1


# --- vocabulary -------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?P<{{name}}>{_MONTH_NAMES})\.?"

# Months in which a split year starts: financial years on 1 April; academic years on 1 September
# (schools) or 1 August (DfE further education and apprenticeships, as ONS publishes them).
_FINANCIAL_START_MONTH = 4
_ACADEMIC_START_MONTHS = (9, 8)
_MAX_SHORT_RANGE_YEARS = 10


def _month_pattern(name: str) -> str:
    return _MONTH.format(name=name)


def _add_months(day: date, months: int) -> date:
    """The same day-of-month `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _full_year(start_year: int, short: str) -> int:
    """Expand the second year of "2019/20" or "1999-01": the first year after `start_year` ending in `short`."""
    if len(short) == 4:
        return int(short)
    candidate = start_year - start_year % 100 + int(short)
    return candidate if candidate > start_year else candidate + 100


def _short(year: int) -> str:
    return f"{year % 100:02d}"


# --- labels and kinds from a span --------------------------------------------------------------------


def _split_year_label(first_year: int) -> str:
    return f"{first_year}/{_short(first_year + 1)}"


def _years_label(first: int, last: int) -> str:
    if first // 100 == last // 100:
        return f"{first}-{_short(last)}"
    return f"{first}-{last}"


def _day_label(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _month_label(day: date) -> str:
    return f"{calendar.month_abbr[day.month]} {day.year}"


def _is_month_start(day: date) -> bool:
    return day.day == 1


def _is_month_end(day: date) -> bool:
    return day == _month_end(day.year, day.month)


def _months_between(start: date, end: date) -> int:
    """Whole months from the first day of `start`'s month to the last day of `end`'s month."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _period_from_span(start: date, end: date, *, text: str) -> Period:
    """Name a span: a calendar, financial or academic year, a quarter, a month, a date, or a range."""
    if end < start:
        raise ValueError(f"Cannot parse period {text!r}: it ends ({end}) before it starts ({start})")
    if start == end:
        return Period(start, end, PeriodKind.DATE, start.isoformat())
    if not (_is_month_start(start) and _is_month_end(end)):
        return Period(start, end, PeriodKind.RANGE, f"{_day_label(start)} - {_day_label(end)}")
    months = _months_between(start, end)
    if months == 1:
        return Period(start, end, PeriodKind.MONTH, _month_label(start))
    if months == 3 and start.month in (1, 4, 7, 10):
        return Period(start, end, PeriodKind.QUARTER, f"Q{(start.month - 1) // 3 + 1} {start.year}")
    if months % 12 == 0:
        years = months // 12
        if start.month == 1:
            kind = PeriodKind.YEAR if years == 1 else PeriodKind.RANGE
            label = str(start.year) if years == 1 else _years_label(start.year, end.year)
            return Period(start, end, kind, label)
        split_kind = _split_year_kind(start.month)
        if split_kind is not None:
            if years == 1:
                return Period(start, end, split_kind, _split_year_label(start.year))
            label = f"{_split_year_label(start.year)} - {_split_year_label(end.year - 1)[2:]}"
            return Period(start, end, PeriodKind.RANGE, label)
    label = f"{_month_label(start)}-{_month_label(end)}"
    return Period(start, end, PeriodKind.RANGE, label)


def _split_year_kind(start_month: int) -> PeriodKind | None:
    if start_month == _FINANCIAL_START_MONTH:
        return PeriodKind.FINANCIAL_YEAR
    if start_month in _ACADEMIC_START_MONTHS:
        return PeriodKind.ACADEMIC_YEAR
    return None


def _split_year(first_year: int, *, hint: PeriodHint | None) -> Period:
    """The year beginning in `first_year`: 1 April for financial years, 1 September for academic years."""
    start_month = 9 if hint == "academic" else _FINANCIAL_START_MONTH
    kind = PeriodKind.ACADEMIC_YEAR if hint == "academic" else PeriodKind.FINANCIAL_YEAR
    start = date(first_year, start_month, 1)
    end = _add_months(start, 12) - timedelta(days=1)
    return Period(start, end, kind, _split_year_label(first_year))


def _calendar_years(first: int, last: int) -> Period:
    start, end = date(first, 1, 1), date(last, 12, 31)
    if first == last:
        return Period(start, end, PeriodKind.YEAR, str(first))
    return Period(start, end, PeriodKind.RANGE, _years_label(first, last))


# --- the styles ---------------------------------------------------------------------------------------

_Handler = Callable[[re.Match[str], str, "PeriodHint | None"], Period]
_STYLES: list[tuple[re.Pattern[str], _Handler]] = []


def _style(pattern: str) -> Callable[[_Handler], _Handler]:
    """Register a handler for text matching `pattern` (whole string, case-insensitive)."""

    def register(handler: _Handler) -> _Handler:
        _STYLES.append((re.compile(rf"^(?:{pattern})$", re.IGNORECASE), handler))
        return handler

    return register


_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
# ONS's CSV-W outputs write the time with hyphens, "2018-01-01t00-00-00/p3y" (no colons in a URI).
_ISO_TIME = r"(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?|T\d{2}-\d{2}-\d{2})?"
_DURATION = r"P(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"


def _iso_date(text: str, original: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Cannot parse period {original!r}: {text!r} is not a real date") from None


@_style(rf"(?P<start>{_ISO_DATE}){_ISO_TIME}/{_DURATION}")
def _iso_start_duration(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """ISO 8601 "start/duration", as ONS Explore Local Statistics writes: "2011-01-01/P3Y"."""
    parts = {key: int(match[key] or 0) for key in ("years", "months", "weeks", "days")}
    if not any(parts.values()):
        raise ValueError(f"Cannot parse period {text!r}: the duration is empty or zero")
    start = _iso_date(match["start"], text)
    after = _add_months(start, parts["years"] * 12 + parts["months"])
    after += timedelta(weeks=parts["weeks"], days=parts["days"])
    return _period_from_span(start, after - timedelta(days=1), text=text)


@_style(rf"(?P<start>{_ISO_DATE}){_ISO_TIME}/(?P<end>{_ISO_DATE}){_ISO_TIME}")
def _iso_start_end(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """ISO 8601 "start/end" with dates: both days are included."""
    return _period_from_span(_iso_date(match["start"], text), _iso_date(match["end"], text), text=text)


@_style(rf"(?P<day>{_ISO_DATE}){_ISO_TIME}")
def _iso_day(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A single day, "2022-03-31" (a reference date, such as ASHE's in April)."""
    day = _iso_date(match["day"], text)
    return Period(day, day, PeriodKind.DATE, day.isoformat())


@_style(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")
def _uk_day(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A single day written the UK way, day first: "16/04/2024"."""
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(f"Cannot parse period {text!r}: not a real day/month/year date") from None
    return Period(day, day, PeriodKind.DATE, day.isoformat())


@_style(r"(?P<year>\d{4})")
def _calendar_year(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A calendar year, "2021"."""
    return _calendar_years(int(match["year"]), int(match["year"]))


@_style(r"(?P<first>\d{4})\s*/\s*(?P<second>\d{2}|\d{4})")
def _slashed_year(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A financial or academic year, "2019/20" or "2019/2020"."""
    first = int(match["first"])
    if _full_year(first, match["second"]) != first + 1:
        raise ValueError(f"Cannot parse period {text!r}: the years either side of '/' must be consecutive")
    if hint in ("calendar", "month"):
        raise ValueError(f"Cannot parse period {text!r} with hint={hint!r}: 'YYYY/YY' is a financial or academic year")
    return _split_year(first, hint=hint)


@_style(r"(?P<first>\d{4})(?P<gap>\s*)-(?P=gap)(?P<second>\d{2}|\d{4})")
def _dashed_years(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """ "2017-19", "2015 - 17", "2017 - 2019" (calendar years), "2019-20" (a split year), "2022-01" (a month)."""
    first, second = int(match["first"]), match["second"]
    last = _full_year(first, second)
    two_digit = len(second) == 2
    as_month = two_digit and not match["gap"] and 1 <= int(second) <= 12
    # A two-digit end year is read as at most ten years on: "2023-04" is April 2023, not 2023 to 2104.
    as_years = last > first and (not two_digit or last - first <= _MAX_SHORT_RANGE_YEARS)
    if as_month and as_years and hint is None:
        raise ValueError(
            f"Cannot parse period {text!r}: it could be a month ({calendar.month_abbr[int(second)]} {first}) or "
            f"years {first} to {last}; pass hint='month', 'financial', 'academic' or 'calendar'"
        )
    if as_month and (hint == "month" or not as_years):
        start = date(first, int(second), 1)
        return Period(start, _month_end(first, int(second)), PeriodKind.MONTH, _month_label(start))
    if hint == "month":
        raise ValueError(f"Cannot parse period {text!r} as a month")
    if not as_years:
        raise ValueError(
            f"Cannot parse period {text!r}: neither a month (YYYY-MM) nor a range of years ending after it starts"
        )
    if last == first + 1 and hint != "calendar":
        return _split_year(first, hint=hint)
    return _calendar_years(first, last)


@_style(r"Q(?P<quarter>[1-4])\s*(?P<year>\d{4})|(?P<year2>\d{4})\s*-?\s*Q(?P<quarter2>[1-4])")
def _calendar_quarter(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A calendar quarter, "Q1 2022", "2022 Q1", "2022-Q1": Q1 is January to March."""
    year = int(match["year"] or match["year2"])
    quarter = int(match["quarter"] or match["quarter2"])
    start = date(year, 3 * quarter - 2, 1)
    end = _month_end(year, 3 * quarter)
    return Period(start, end, PeriodKind.QUARTER, f"Q{quarter} {year}")


def _split_year_quarter(first_year: int, quarter: int, *, hint: PeriodHint | None) -> Period:
    year = _split_year(first_year, hint=hint)
    start = _add_months(year.start, 3 * (quarter - 1))
    end = _add_months(start, 3) - timedelta(days=1)
    return Period(start, end, PeriodKind.QUARTER, f"{year.label} Q{quarter}")


@_style(
    r"(?P<first>\d{4})/(?P<second>\d{2})\s*Q(?P<quarter>[1-4])|Q(?P<quarter2>[1-4])\s*(?P<first2>\d{4})/(?P<second2>\d{2})"
)
def _split_quarter(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A quarter of a financial year, "2020/21 Q2" (Q1 is April to June), as DLUHC and Fingertips write."""
    first = int(match["first"] or match["first2"])
    if _full_year(first, match["second"] or match["second2"]) != first + 1:
        raise ValueError(f"Cannot parse period {text!r}: the years either side of '/' must be consecutive")
    return _split_year_quarter(first, int(match["quarter"] or match["quarter2"]), hint=hint)


@_style(rf"{_month_pattern('month')}\s+(?P<year>\d{{4}})")
def _named_month(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A month, "Jan 2022" or "January 2022"."""
    year, month = int(match["year"]), _MONTHS[match["month"].lower()]
    start = date(year, month, 1)
    return Period(start, _month_end(year, month), PeriodKind.MONTH, _month_label(start))


@_style(rf"{_month_pattern('m1')}\s+(?P<y1>\d{{4}})\s*-\s*{_month_pattern('m2')}\s+(?P<y2>\d{{4}})")
def _month_range(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """Months to months, "Oct 2021-Sep 2022" (the Annual Population Survey's rolling years).

    These stay ranges labelled month to month, even "Apr 2022-Mar 2023", so that a rolling series
    keeps one style of label; they still compare equal to the financial year with the same dates.
    """
    start = date(int(match["y1"]), _MONTHS[match["m1"].lower()], 1)
    end = _month_end(int(match["y2"]), _MONTHS[match["m2"].lower()])
    if end < start:
        raise ValueError(f"Cannot parse period {text!r}: it ends before it starts")
    if _months_between(start, end) == 1:
        return Period(start, end, PeriodKind.MONTH, _month_label(start))
    return Period(start, end, PeriodKind.RANGE, f"{_month_label(start)}-{_month_label(end)}")


@_style(r"(?P<f1>\d{4})/(?P<s1>\d{2})\s*-\s*(?P<f2>\d{2}|\d{4})/(?P<s2>\d{2})")
def _split_year_range(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """Several financial or academic years pooled, "2020/21 - 24/25" (as Fingertips writes)."""
    first = int(match["f1"])
    last = _full_year(first, match["f2"])
    if _full_year(first, match["s1"]) != first + 1 or _full_year(last, match["s2"]) != last + 1:
        raise ValueError(f"Cannot parse period {text!r}: the years either side of each '/' must be consecutive")
    if last <= first:
        raise ValueError(f"Cannot parse period {text!r}: the range must end after it starts")
    start, end = _split_year(first, hint=hint), _split_year(last, hint=hint)
    label = f"{start.label} - {end.label[2:]}"
    return Period(start.start, end.end, PeriodKind.RANGE, label)


@_style(r"(?P<first>\d{4})(?P<second>\d{2})")
def _compact_split_year(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A financial or academic year without its slash, "201920", as early ONS Explore Local Statistics files wrote.

    Six digits are never read as a month (ISO 8601 has no YYYYMM): the last two must be the next year.
    """
    first = int(match["first"])
    if _full_year(first, match["second"]) != first + 1:
        raise ValueError(
            f"Cannot parse period {text!r}: six digits are read as a split year such as '201920' (2019/20), "
            "so the last two must be the next year"
        )
    if hint in ("calendar", "month"):
        raise ValueError(f"Cannot parse period {text!r} with hint={hint!r}: 'YYYYYY' is a financial or academic year")
    return _split_year(first, hint=hint)


@_style(r"(?P<m1>\d{1,2})/(?P<y1>\d{4})\s*-\s*(?P<m2>\d{1,2})/(?P<y2>\d{4})")
def _numeric_month_range(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """Months written MM/YYYY, "01/2021 - 12/2021" (ONS's Annual Population Survey years): named by their span."""
    months = int(match["m1"]), int(match["m2"])
    if not all(1 <= month <= 12 for month in months):
        raise ValueError(f"Cannot parse period {text!r}: a month must be 01 to 12")
    start = date(int(match["y1"]), months[0], 1)
    return _period_from_span(start, _month_end(int(match["y2"]), months[1]), text=text)


@_style(rf"(?:as\s+(?:at|of)\s+)?(?P<day>\d{{1,2}})\s+{_month_pattern('month')}\s+(?P<year>\d{{4}})")
def _named_day(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """A single day with the month in words, "31 March 2023" or "As at 31 March 2023" (a snapshot date)."""
    try:
        day = date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        raise ValueError(f"Cannot parse period {text!r}: not a real date") from None
    return Period(day, day, PeriodKind.DATE, day.isoformat())


@_style(r"(?P<left>.+?)\s+-\s+(?P<right>.+)")
def _any_range(match: re.Match[str], text: str, hint: PeriodHint | None) -> Period:
    """Two periods of one kind joined by " - ", "2021/22 Q1 - 2022/23 Q2": spanning from one to the other."""
    left = parse_period(match["left"], hint=hint)
    right = parse_period(match["right"], hint=hint)
    if right.end <= left.start or left.kind != right.kind:
        raise ValueError(f"Cannot parse period {text!r}: the two ends must be the same kind of period, in order")
    return Period(left.start, right.end, PeriodKind.RANGE, f"{left.label} - {right.label}")


def _normalise(text: str) -> str:
    # Official files use en and em dashes as often as hyphens; treat them all alike.
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text.strip())


def parse_period(text: str, *, hint: PeriodHint | None = None) -> Period:
    """Parse a period written in any style that official statistics files use.

    Args:
        text: the period as written, e.g. "2019/20", "2015 - 17", "Q1 2022", "2011-01-01/P3Y".
        hint: "financial" (the default reading of "2019/20") or "academic" for split years;
            "calendar" to read "2019-20" as two calendar years; "month" to read "2009-10" as a month.

    Returns:
        A `Period` with inclusive start and end dates, its kind and a canonical label.

    Raises:
        ValueError: the text is not a period, is ambiguous without a hint, or names an impossible date.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_period expects a string, not {type(text).__name__}")
    if hint is not None and hint not in _HINTS:
        raise ValueError(f"Unknown period hint {hint!r}: use one of {', '.join(_HINTS)}")
    cleaned = _normalise(text)
    if not cleaned:
        raise ValueError("Cannot parse an empty period")
    for pattern, handler in _STYLES:
        match = pattern.match(cleaned)
        if match:
            return handler(match, text, hint)
    raise ValueError(
        f"Cannot parse period {text!r}: expected a style such as '2021', '2019/20', '2017-19', 'Q1 2022', "
        "'Jan 2022', '2022-03-31' or '2011-01-01/P3Y'"
    )
