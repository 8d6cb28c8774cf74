"""Real Fingertips standard exports (tests/data/importers/layouts/fingertips/, see its README.md)."""

from __future__ import annotations

from collections import Counter

import pytest

from onestockport.errors import InvalidInputError
from onestockport.indicators.importers.fingertips import Fingertips
from onestockport.stats.periods import PeriodKind

from .support import DATA, problems, read

LAYOUTS = "layouts/fingertips/"
COUNTY_UA = LAYOUTS + "indicators-CountyUA.data.csv"
ALCOHOL = LAYOUTS + "unmet_alcohol.csv"
OPIATES = LAYOUTS + "unmet_opiates.csv"


def _edited_copy(tmp_path, name: str, old: str, new: str):
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name.rsplit("/", 1)[-1]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_all_upper_tier_export_with_short_rows_reads_whole():
    rows = read(Fingertips, COUNTY_UA)

    # 852 records; the 26-column header over 25-cell rows (no "Compared to goal" cell) is no problem.
    assert len(rows) == 852
    england = rows[0]
    assert england.source_indicator == "Campylobacter incidence rate/100,000"  # the name's line break is dropped
    assert (england.area_code, england.area_level, england.period.label) == ("E92000001", "country", "2015")
    assert england.period.kind == PeriodKind.YEAR
    assert (england.value, england.count, england.denominator) == (94.7261896202678, 51897, 54786327)
    # Each record spans two physical lines: the quoted indicator name ends in a line break.
    assert [row.line for row in rows[:3]] == [2, 4, 6]
    levels = Counter((row.extra["area_type"], row.area_level) for row in rows)
    assert levels == {("Country", "country"): 65, ("Region", "region"): 27, ("County & UA", "local-authority"): 760}
    assert {row.period.label for row in rows} == {"2015", "2016", "2017"}


def test_the_all_areas_export_keeps_judgements_and_breakdowns():
    rows = read(Fingertips, COUNTY_UA)
    hartlepool = next(row for row in rows if row.area_code == "E06000001")
    decile = rows[1]

    assert hartlepool.extra["compared_to_england"] == "Worse"
    assert hartlepool.extra["compared_to_parent"] == "Similar"
    assert hartlepool.extra["parent_comparison"] == "Region"
    assert hartlepool.extra["parent_code"] == "E12000001"
    assert (hartlepool.lower_95, hartlepool.upper_95) == (119.407207217347, 169.240005685604)
    assert decile.category_type == "County & UA deprivation deciles in England (IMD2015)"
    assert decile.category == "Most deprived decile (IMD2015)"
    assert decile.lower_95 is None
    assert decile.note == "Aggregated from all known lower geography values"
    assert Counter(row.extra["recent_trend"] for row in rows)["Cannot be calculated"] > 0


def test_column_not_used_stands_for_the_parent_comparison():
    rows = read(Fingertips, ALCOHOL)

    warwickshire = rows[0]
    assert warwickshire.extra["parent_comparison"] == ""
    assert warwickshire.extra["compared_to_parent"] == "Not compared"
    assert warwickshire.period.label == "2018/19"
    assert warwickshire.period.kind == PeriodKind.FINANCIAL_YEAR
    assert warwickshire.source_indicator == "Proportion of dependent drinkers not in treatment (%) (Current method)"
    assert Counter(row.extra["area_type"] for row in rows) == {"County": 3, "England": 2, "UA": 12}
    assert {row.area_level for row in rows} == {"country", "local-authority"}


def test_the_opiates_export_reads_with_time_period_range():
    rows = read(Fingertips, OPIATES)

    assert len(rows) == 13
    assert {row.period.label for row in rows} == {"2018/19", "2019/20", "2020/21"}
    assert rows[0].age == "15-64 yrs"


def test_a_row_two_cells_short_is_still_refused(tmp_path):
    # Only the one empty last cell may be left off; a row cut further is named.
    path = _edited_copy(tmp_path, ALCOHOL, ",20180000,,,1y\n", ",20180000,\n")

    assert problems(Fingertips, path) == ["row 2, column '(row)'"]


def test_a_gp_practice_row_is_named_and_refused(tmp_path):
    # GP practices (and PCNs, ICBs as Fingertips codes them) have no GSS code: the product has no level for them.
    path = _edited_copy(tmp_path, ALCOHOL, "E10000031,Warwickshire,County", "P84005,A surgery,GP")

    with_problem = problems(Fingertips, path)

    assert with_problem == ["row 2, column 'Area Code'"]


def test_the_icb_refusal_says_the_area_type(tmp_path):
    path = _edited_copy(tmp_path, ALCOHOL, "E10000031,Warwickshire,County", "nE54000057,An ICB,ICBs")

    with pytest.raises(InvalidInputError) as caught:
        read(Fingertips, path)

    message = caught.value.problems[0].message
    assert "'nE54000057'" in message
    assert "area type 'ICBs'" in message
    assert "not a GSS code" in message


def _with_cell(tmp_path, name: str, column: str, text: str):
    """A copy of a real export with one cell of its first data row replaced (written back with csv)."""
    import csv
    import io

    table = list(csv.reader(io.StringIO((DATA / name).read_text(encoding="utf-8-sig"), newline="")))
    table[1][table[0].index(column)] = text
    path = tmp_path / name.rsplit("/", 1)[-1]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    return path


@pytest.mark.parametrize("name", [COUNTY_UA, ALCOHOL, OPIATES])
@pytest.mark.parametrize(
    ("column", "bad"), [("Area Code", "E0800007"), ("Value", "twelve"), ("Time period", "sometime")]
)
def test_a_broken_cell_in_a_real_export_is_named_by_row_and_column(tmp_path, name, column, bad):
    path = _with_cell(tmp_path, name, column, bad)

    assert problems(Fingertips, path) == [f"row 2, column {column!r}"]


@pytest.mark.parametrize("name", [COUNTY_UA, ALCOHOL, OPIATES])
def test_a_real_export_with_a_renamed_column_is_refused_naming_it(tmp_path, name):
    path = _edited_copy(tmp_path, name, "Indicator Name", "Indicator Title")

    found = problems(Fingertips, path)

    assert "row 1, column 'Indicator Title'" in found
    assert "row 1, column 'indicator_name'" in found
