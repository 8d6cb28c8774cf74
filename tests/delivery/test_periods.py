"""Reporting periods: plain Python, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from onestockport.delivery.errors import InvalidPeriod
from onestockport.delivery.periods import Period, parse_period, period_containing


@pytest.mark.parametrize(
    ("day", "months", "label", "start", "end"),
    [
        (dt.date(2026, 8, 15), 3, "2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 1, 1), 3, "2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 12, 31), 3, "2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (dt.date(2024, 2, 10), 1, "2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2026, 7, 1), 6, "2026-H2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 5, 5), 12, "2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 5, 5), 4, "2026-P2", dt.date(2026, 5, 1), dt.date(2026, 8, 31)),
    ],
)
def test_period_containing_a_day(day, months, label, start, end):
    period = period_containing(day, months=months)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(label, months=months) == period


def test_periods_follow_each_other_across_years():
    q4 = Period(2026, 4, 3)
    assert q4.following() == Period(2027, 1, 3)
    assert q4.following().previous() == q4
    assert q4.description == "October to December 2026"
    assert Period(2026, 2, 1).description == "February 2026"


@pytest.mark.parametrize("label", ["2026-Q5", "2026-Q0", "2026-H1", "26-Q1", "2026-q3", "2026-Q3x", "next quarter"])
def test_labels_that_do_not_fit_quarters_are_refused(label):
    with pytest.raises(InvalidPeriod, match=r"e\.g\. '2026-Q3'"):
        parse_period(label, months=3)


def test_period_lengths_must_divide_the_year():
    with pytest.raises(InvalidPeriod, match="5"):
        period_containing(dt.date(2026, 1, 1), months=5)
