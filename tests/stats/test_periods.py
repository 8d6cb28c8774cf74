"""Periods as official files write them: every style, the ambiguous ones, and the bad ones."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from onestockport.stats.periods import Period, PeriodKind, parse_period

DATA = Path(__file__).parent / "data"
RAW = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"
RAW_FOLDERS = ("ons_explore_local_statistics", "public_health", "children", "economy", "environment", "emissions")


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), PeriodKind.YEAR, "2021"),
        ("2019/20", date(2019, 4, 1), date(2020, 3, 31), PeriodKind.FINANCIAL_YEAR, "2019/20"),
        ("2019-20", date(2019, 4, 1), date(2020, 3, 31), PeriodKind.FINANCIAL_YEAR, "2019/20"),
        ("2019/2020", date(2019, 4, 1), date(2020, 3, 31), PeriodKind.FINANCIAL_YEAR, "2019/20"),
        ("1999/00", date(1999, 4, 1), date(2000, 3, 31), PeriodKind.FINANCIAL_YEAR, "1999/00"),
        ("2015 - 17", date(2015, 1, 1), date(2017, 12, 31), PeriodKind.RANGE, "2015-17"),
        ("2017-19", date(2017, 1, 1), date(2019, 12, 31), PeriodKind.RANGE, "2017-19"),
        ("2017 - 2019", date(2017, 1, 1), date(2019, 12, 31), PeriodKind.RANGE, "2017-19"),
        ("2017 \u2013 2019", date(2017, 1, 1), date(2019, 12, 31), PeriodKind.RANGE, "2017-19"),
        ("Q1 2022", date(2022, 1, 1), date(2022, 3, 31), PeriodKind.QUARTER, "Q1 2022"),
        ("2022 Q1", date(2022, 1, 1), date(2022, 3, 31), PeriodKind.QUARTER, "Q1 2022"),
        ("2022-Q4", date(2022, 10, 1), date(2022, 12, 31), PeriodKind.QUARTER, "Q4 2022"),
        ("2020/21 Q2", date(2020, 7, 1), date(2020, 9, 30), PeriodKind.QUARTER, "2020/21 Q2"),
        ("2011-01-01/P3Y", date(2011, 1, 1), date(2013, 12, 31), PeriodKind.RANGE, "2011-13"),
        ("2018-01-01T00:00:00/P3Y", date(2018, 1, 1), date(2020, 12, 31), PeriodKind.RANGE, "2018-20"),
        ("2018-04-01/P1Y", date(2018, 4, 1), date(2019, 3, 31), PeriodKind.FINANCIAL_YEAR, "2018/19"),
        ("2022-09-01/P1Y", date(2022, 9, 1), date(2023, 8, 31), PeriodKind.ACADEMIC_YEAR, "2022/23"),
        ("2024-08-01/P1Y", date(2024, 8, 1), date(2025, 7, 31), PeriodKind.ACADEMIC_YEAR, "2024/25"),
        ("2020-01-01/P1Y", date(2020, 1, 1), date(2020, 12, 31), PeriodKind.YEAR, "2020"),
        ("2022-01-01/P3M", date(2022, 1, 1), date(2022, 3, 31), PeriodKind.QUARTER, "Q1 2022"),
        ("2022-02-01/P1M", date(2022, 2, 1), date(2022, 2, 28), PeriodKind.MONTH, "Feb 2022"),
        ("2019-04-01/2020-03-31", date(2019, 4, 1), date(2020, 3, 31), PeriodKind.FINANCIAL_YEAR, "2019/20"),
        ("2015-11-16/P1Y", date(2015, 11, 16), date(2016, 11, 15), PeriodKind.RANGE, "16 Nov 2015 - 15 Nov 2016"),
        ("2022-01", date(2022, 1, 1), date(2022, 1, 31), PeriodKind.MONTH, "Jan 2022"),
        ("Jan 2022", date(2022, 1, 1), date(2022, 1, 31), PeriodKind.MONTH, "Jan 2022"),
        ("January 2022", date(2022, 1, 1), date(2022, 1, 31), PeriodKind.MONTH, "Jan 2022"),
        ("sept 2022", date(2022, 9, 1), date(2022, 9, 30), PeriodKind.MONTH, "Sep 2022"),
        ("2022-03-31", date(2022, 3, 31), date(2022, 3, 31), PeriodKind.DATE, "2022-03-31"),
        ("16/04/2024", date(2024, 4, 16), date(2024, 4, 16), PeriodKind.DATE, "2024-04-16"),
        ("Oct 2021-Sep 2022", date(2021, 10, 1), date(2022, 9, 30), PeriodKind.RANGE, "Oct 2021-Sep 2022"),
        ("2020/21 - 24/25", date(2020, 4, 1), date(2025, 3, 31), PeriodKind.RANGE, "2020/21 - 24/25"),
        (
            "2021/22 Q1 - 2022/23 Q2",
            date(2021, 4, 1),
            date(2022, 9, 30),
            PeriodKind.RANGE,
            "2021/22 Q1 - 2022/23 Q2",
        ),
    ],
)
def test_parses_each_style(text: str, start: date, end: date, kind: PeriodKind, label: str) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.kind, period.label) == (start, end, kind, label)
    assert str(period) == label


def test_hint_chooses_academic_calendar_or_month() -> None:
    assert parse_period("2019/20", hint="academic").start == date(2019, 9, 1)
    assert parse_period("2019/20", hint="academic").kind is PeriodKind.ACADEMIC_YEAR
    assert parse_period("2019-20", hint="calendar").label == "2019-20"
    assert parse_period("2019-20", hint="calendar").end == date(2020, 12, 31)
    assert parse_period("2009-10", hint="month").label == "Oct 2009"
    assert parse_period("2009-10", hint="financial").label == "2009/10"


def test_periods_compare_by_dates_and_sort_in_time() -> None:
    assert parse_period("Jan 2022-Dec 2022") == parse_period("2022") == parse_period("2022-01-01/P1Y")
    assert parse_period("Apr 2019-Mar 2020") == parse_period("2019/20")
    ordered = sorted(parse_period(text) for text in ["2022", "Q1 2022", "2019/20", "2021-03-31"])
    assert [str(period) for period in ordered] == ["2019/20", "2021-03-31", "Q1 2022", "2022"]
    assert len({parse_period("2019/20"), parse_period("2019-20")}) == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2009-10", "could be a month"),  # October 2009, or the year 2009/10?
        ("2019/21", "consecutive"),
        ("2022-13", "neither a month"),
        ("2019-18", "neither a month"),
        ("Q5 2022", "expected a style"),
        ("2022-02-30", "not a real date"),
        ("30/02/2020", "not a real"),
        ("banana", "expected a style"),
        ("", "empty"),
        ("2022-01-01/P0Y", "duration"),
        ("2021/22 Q1 - 2020/21 Q1", "in order"),
    ],
)
def test_refuses_ambiguous_and_bad_text_naming_it(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as error:
        parse_period(text)
    if text:
        assert repr(text) in str(error.value)


def test_refuses_unknown_hints_and_non_strings() -> None:
    with pytest.raises(ValueError, match="Unknown period hint"):
        parse_period("2019/20", hint="fiscal")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_period(2019)  # type: ignore[arg-type]


def test_a_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        Period(date(2020, 1, 2), date(2020, 1, 1), PeriodKind.RANGE, "backwards")


def test_every_period_string_in_the_shipped_list_parses() -> None:
    """Every distinct period in the raw files (ONS, Fingertips, DfE, DLUHC, DESNZ extracts) when copied."""
    texts = [line for line in (DATA / "period_strings.txt").read_text(encoding="utf-8").splitlines() if line]
    assert len(texts) > 400
    parsed = [parse_period(text) for text in texts]
    assert {period.kind for period in parsed} == set(PeriodKind)


@pytest.mark.skipif(not RAW.is_dir(), reason="the shared raw data folder is not beside this clone")
def test_every_period_in_the_raw_files_parses() -> None:
    """The live check behind period_strings.txt: run where ../shared/data/raw exists."""
    seen: set[str] = set()
    for folder in RAW_FOLDERS:
        for path in sorted((RAW / folder).glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle))
            columns = [name for name in header if name.strip().lower() in ("period", "year")]
            frame = pl.read_csv(path, columns=columns, infer_schema=False, encoding="utf8-lossy")
            for column in frame.columns:
                seen.update(frame[column].drop_nulls().unique().to_list())
    assert len(seen) > 400
    for text in sorted(seen):
        parse_period(text)
