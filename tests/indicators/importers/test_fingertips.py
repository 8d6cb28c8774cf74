"""Fingertips: the standard export (a synthetic file in its layout) and Trafford Data Lab's tidy extracts."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from onestockport.indicators.importers.fingertips import Fingertips, FingertipsTidy
from onestockport.stats.periods import PeriodKind

from .support import DATA, problems, read

EXPORT = "fingertips_synthetic_export.csv"


def _rewrite_header(tmp_path, renames: dict[str, str], *, extra_column: str | None = None):
    """The synthetic export with header cells renamed (and optionally one more empty column)."""
    with (DATA / EXPORT).open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[0] = [renames.get(name, name) for name in table[0]]
    if extra_column:
        table = [[*row, extra_column if index == 0 else ""] for index, row in enumerate(table)]
    path = tmp_path / EXPORT
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return path


def test_export_rows_in_the_products_terms():
    england, stockport_male, conceptions, *_ = read(Fingertips, EXPORT)

    assert england.area_code == "E92000001"
    assert england.area_level == "country"
    assert england.source_indicator == "Life expectancy at birth"
    assert england.period.label == "2021-23"
    assert england.period.kind == PeriodKind.RANGE
    assert (england.value, england.lower_95, england.upper_95) == (79.1, 79.06, 79.14)
    assert (england.lower_998, england.upper_998) == (79.03, 79.17)
    assert (england.sex, england.age) == ("Male", "All ages")

    assert stockport_male.area_code == "E08000007"
    assert stockport_male.area_level == "local-authority"
    assert stockport_male.extra["indicator_id"] == "90366"
    assert stockport_male.extra["compared_to_england"] == "Similar"
    assert stockport_male.extra["compared_to_parent"] == "Better"
    assert stockport_male.extra["parent_comparison"] == "Region"
    assert stockport_male.extra["parent_code"] == "E12000002"

    assert conceptions.source_indicator == "Under 18s conception rate / 1,000"
    assert (conceptions.count, conceptions.denominator) == (71, 5386)
    assert conceptions.period.start == date(2021, 1, 1)
    # The note ran over two lines inside quotes; it is one line in the product.
    assert conceptions.note == "Aggregated from all known lower geography values Value is an estimate"
    assert conceptions.missing_reason == ""


def test_row_numbers_count_physical_lines_after_a_quoted_line_break():
    rows = read(Fingertips, EXPORT)

    assert [row.line for row in rows] == [2, 3, 4, 6, 7]


def test_a_suppressed_value_keeps_its_reason_and_breakdown():
    suppressed = read(Fingertips, EXPORT)[3]

    assert suppressed.value is None
    assert suppressed.lower_95 is None
    assert suppressed.missing_reason == "Value suppressed for disclosure control due to small count"
    assert suppressed.category_type == "County & UA deprivation deciles in England (IMD2019, 4/23 geography)"
    assert suppressed.category == "Most deprived decile (IMD2019)"


def test_the_parent_comparison_column_is_named_after_any_parent_area_type(tmp_path):
    path = _rewrite_header(
        tmp_path,
        {"Compared to Region value or percentiles": "Compared to ICB value or percentiles"},
        extra_column="Time period range",
    )

    stockport = read(Fingertips, path)[1]

    assert stockport.extra["compared_to_parent"] == "Better"
    assert stockport.extra["parent_comparison"] == "ICB"


def test_only_one_parent_comparison_column(tmp_path):
    path = _rewrite_header(tmp_path, {}, extra_column="Compared to ICB value or percentiles")

    assert problems(Fingertips, path) == ["row 1, column 'Compared to ICB value or percentiles'"]


def test_a_non_numeric_interval_after_the_quoted_line_break_names_its_row(tmp_path):
    text = (DATA / EXPORT).read_text(encoding="utf-8").replace(",83.1,82.77,", ",83.1,low,")
    path = tmp_path / EXPORT
    path.write_text(text, encoding="utf-8")

    assert problems(Fingertips, path) == ["row 7, column 'Lower CI 95.0 limit'"]


def test_tidy_extract_keeps_the_published_judgement_and_breakdown():
    england, most_deprived, least_deprived, *_ = read(FingertipsTidy, "tdl_obese_reception.csv")

    assert most_deprived.area_code == "E08000007"
    assert most_deprived.source_indicator == (
        "Reception prevalence of obesity (including severe obesity), 5 years data combined"
    )
    assert most_deprived.period.label == "2020/21 - 24/25"
    assert most_deprived.period.start == date(2020, 4, 1)
    assert most_deprived.period.end == date(2025, 3, 31)
    assert most_deprived.value == 11.7
    assert (most_deprived.category_type, most_deprived.category) == ("Deprivation quintile", "Most deprived quintile")
    assert most_deprived.extra == {
        "compared_to_england": "Worse",
        "inequality": "Most deprived quintile",
        "area_type": "UA",
    }
    assert least_deprived.category == "Least deprived quintile"
    assert england.area_level == "country"


@pytest.mark.parametrize(
    ("selector", "expected_lines"),
    [({"inequality": "NA"}, [2333, 2646]), ({"inequality": "Most deprived quintile"}, [2, 17])],
)
def test_tidy_extract_rows_answer_the_catalogues_selectors(selector, expected_lines):
    # Lines in the raw file: the extract keeps lines 1, 2, 17, 21, 2333 and 2646.
    raw_line = {2: 2, 3: 17, 4: 21, 5: 2333, 6: 2646}
    rows = read(FingertipsTidy, "tdl_obese_reception.csv")

    chosen = [raw_line[row.line] for row in rows if all(row.extra.get(k) == v for k, v in selector.items())]

    assert chosen == expected_lines


def test_tidy_na_is_a_missing_value():
    not_available = read(FingertipsTidy, "tdl_obese_reception.csv")[3]

    assert not_available.period.label == "2020/21"
    assert not_available.value is None
    assert not_available.missing_reason == "not available"
    assert not_available.extra["compared_to_england"] == "Not compared"
