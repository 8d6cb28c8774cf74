"""Every layout ONS Explore Local Statistics has published since 2023 is read; broken copies are refused.

The extracts in tests/data/importers/layouts/ons-els/ are real (see the README there: repository,
path, commit). The broken copies are made here, in a temporary folder, one fault at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.indicators.importers.base import ParsedObservation
from onestockport.indicators.importers.ons_els import OnsExploreLocalStatistics
from onestockport.indicators.models import Observation, Release
from onestockport.indicators.services import import_file
from onestockport.stats.periods import PeriodKind, parse_period

from .support import DATA

LAYOUTS = DATA / "layouts" / "ons-els"
FILES = sorted(path.name for path in LAYOUTS.glob("*.csv"))


@dataclass(frozen=True)
class Expected:
    """One row of an extract, as the file writes it: found by area code and period label."""

    file: str
    indicator: str
    area_code: str
    period: str
    value: float | None
    lower: float | None = None
    upper: float | None = None


EXPECTED = [
    Expected("ids16-value-2023.csv", "4G coverage", "E08000007", "2022", 99.98),
    Expected("ids16-value-six-digit-year.csv", "Anxiety", "E92000001", "2021/22", 3.13, 3.1, 3.16),
    Expected(
        "ids16-value-as-at-date.csv",
        "Schools and nursery schools rated good or outstanding",
        "E08000007",
        "2022-12-31",
        87.5,
    ),
    Expected(
        "ids16-rate-year-path.csv",
        "Cardiovascular mortality considered preventable in persons aged under 75",
        "E92000001",
        "2021",
        30.19121,
        29.70859,
        30.67969,
    ),
    Expected(
        "ids16-observation-gregorian-path.csv",
        "Circulatory mortality considered preventable in persons aged under 75 (England)",
        "E92000001",
        "2001-03",
        60.76835,
        60.31143,
        61.22786,
    ),
    Expected(
        "ids17-observation-count.csv",
        "Aged 16 years and over modelled unemployment",
        "E08000007",
        "Jul 2014-Jun 2015",
        5.0,
        4.1,
        5.9,
    ),
    Expected(
        "ids16-observation-csvw-out.csv",
        "Obese adults (aged 18 years and over)",
        "E92000001",
        "16 Nov 2015 - 15 Nov 2016",
        61.24163,
        61.00672,
        61.4707,
    ),
    Expected("ids14-observation.csv", "Cigarette smokers", "E92000001", "2018", 14.4, 14.2, 14.7),
    Expected("ids14-decimal-year.csv", "Carbon dioxide emissions", "E08000007", "2016", 4.37),
    Expected("ids-parent-areas-combined.csv", "Carbon dioxide emissions", "E92000001", "2016", 5.405685700562992),
    Expected("ids-parent-areas.csv", "Number of guest nights at a short-term let", "E08000007", "Apr 2024", 6280.0),
    Expected("upper-no-indicator.csv", "upper-no-indicator", "E92000001", "2018/19", 2.87, 2.84, 2.89),
    Expected("snake-lmi-month-range.csv", "employment-rate", "E92000001", "2016", 74.2, 74.0, 74.4),
    Expected("snake-numerator.csv", "Employment Rate", "E08000007", "Jul 2016-Jun 2017", 77.3, 74.7, 79.9),
    Expected("snake-mode-of-travel.csv", "snake-mode-of-travel", "E08000007", "2015", 9.652325574),
    Expected("snake-indicator-first.csv", "Male healthy life expectancy", "E08000007", "2011-13", 65.36, 63.76, 66.96),
    Expected("snake-no-indicator.csv", "snake-no-indicator", "E92000001", "2022/23", 79.7),
    Expected("snake-indicator-fourth.csv", "Engaged with the arts", "E08000007", "2023/24", 92.0, 89.0, 94.0),
    Expected("snake-notes-numerator.csv", "Employment rate", "E92000001", "2018", 75.4, 75.2, 75.60000000000001),
    Expected("snake-no-unit.csv", "Drive to work", "E08000007", "2017", 8.49925259193946),
    Expected("capital-underscore-total.csv", "Employment Rate", "N09000001", "2022", 74.8, 71.1, 78.5),
    Expected("capital-underscore.csv", "Apprenticeships starts (Scotland)", "S92000003", "2014/15", 569.0671532),
    Expected(
        "capital-no-polarity.csv",
        "Gross domestic product per head at current market price",
        "E08000007",
        "2009",
        21908.0,
    ),
    Expected("ni-indicator-first.csv", "Economically inactive", "N92000002", "2023", 24.7, 23.6, 25.8),
    Expected("current-bom-crlf.csv", "Active businesses", "E92000001", "2019", 2547030.0),
    Expected(
        "current-bom-lf.csv",
        "Adult obesity prevalence",
        "E08000007",
        "16 Nov 2023 - 15 Nov 2024",
        26.028489999999998,
        22.72048,
        29.44694,
    ),
    Expected("current-measure-first.csv", "Anxiety", "E08000007", "2021/22", 3.17, 2.88, 3.46),
    Expected("data-source-value.csv", "data-source-value", "E06000061", "2018/19", None),
]


def read(name: str | Path) -> list[ParsedObservation]:
    return OnsExploreLocalStatistics(LAYOUTS / name if isinstance(name, str) else name).read()


def row(rows: list[ParsedObservation], code: str, period: str) -> ParsedObservation:
    return next(found for found in rows if found.area_code == code and found.period.label == period)


def test_every_extract_has_an_expectation_and_a_readme_entry():
    readme = (LAYOUTS / "README.md").read_text(encoding="utf-8")
    assert sorted(expected.file for expected in EXPECTED) == FILES
    assert all(f"`{name}`" in readme for name in FILES)


def test_the_extracts_keep_the_publishers_bytes():
    """The byte-order marks and CRLF line ends the README describes are really there."""
    crlf = {name for name in FILES if b"\r\n" in (LAYOUTS / name).read_bytes()}
    bom = {name for name in FILES if (LAYOUTS / name).read_bytes().startswith(b"\xef\xbb\xbf")}
    assert {"ids16-value-2023.csv", "ids-parent-areas.csv", "current-bom-crlf.csv"} <= crlf & bom
    assert "current-bom-lf.csv" in bom - crlf
    assert "snake-indicator-first.csv" in crlf - bom


@pytest.mark.parametrize("expected", EXPECTED, ids=[expected.file for expected in EXPECTED])
def test_each_layout_is_read(expected):
    rows = read(expected.file)

    key = (expected.indicator, expected.area_code, expected.period)
    [found] = [found for found in rows if (found.source_indicator, found.area_code, found.period.label) == key]
    assert found.value == expected.value
    assert (found.lower_95, found.upper_95) == (expected.lower, expected.upper)
    # The whole extract was read: every data line became a row.
    lines = (LAYOUTS / expected.file).read_bytes().splitlines()
    assert len(rows) == len(lines) - 1


def test_the_old_descriptive_columns_are_kept_in_extra():
    found = row(read("ids16-value-2023.csv"), "E08000007", "2022")
    assert found.extra == {
        "variable_name": "4G coverage provided by at least one mobile network provider",
        "mission": "Mission 4",
        "category": "Boosting productivity, pay, jobs and living standards",
        "polarity": "1",
    }
    assert row(read("ids14-observation.csv"), "E08000007", "2019").extra["polarity"] == "-1"
    parent = row(read("ids-parent-areas-combined.csv"), "E08000007", "2016")
    assert parent.extra["local_authority_district"] == "Stockport"
    assert parent.note == ""
    england = row(read("ids-parent-areas-combined.csv"), "E92000001", "2016")
    assert england.note == "This data has been aggregated and may show differences to other published figures."
    assert england.lower_95 is None  # "na": no interval published


def test_counts_denominators_and_breakdowns_are_read():
    counted = row(read("ids17-observation-count.csv"), "E08000007", "Jul 2014-Jun 2015")
    assert counted.count == 7300.0
    rate = row(read("capital-underscore-total.csv"), "N09000001", "2022")
    assert (rate.count, rate.denominator) == (69000.0, 92000.0)
    travel = row(read("snake-mode-of-travel.csv"), "E08000007", "2015")
    assert (travel.category_type, travel.category) == ("mode of travel", "cycling")


def test_status_markers_become_missing_reasons_not_notes():
    withheld = row(read("data-source-value.csv"), "E06000061", "2018/19")
    assert withheld.value is None
    assert withheld.missing_reason == "not available"
    # pandas wrote an empty status as "nan": not a note.
    assert row(read("snake-no-indicator.csv"), "E92000001", "2022/23").note == ""


def test_lower_case_csvw_codes_and_periods_are_read():
    found = row(read("ids16-observation-csvw-out.csv"), "E08000007", "16 Nov 2019 - 15 Nov 2020")
    assert found.value == 64.28746
    assert found.area_name == "stockport"


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("201920", "2019/20", PeriodKind.FINANCIAL_YEAR),
        ("2013-01-01t00-00-00/p1y", "2013", PeriodKind.YEAR),
        ("2021-09-30t00-00-00", "2021-09-30", PeriodKind.DATE),
        ("01/2004 - 12/2004", "2004", PeriodKind.YEAR),
        ("01/2004-12/2004", "2004", PeriodKind.YEAR),
        ("04/2021 - 03/2022", "2021/22", PeriodKind.FINANCIAL_YEAR),
        ("As at 31 March 2023", "2023-03-31", PeriodKind.DATE),
        ("As of 13 January 2023", "2023-01-13", PeriodKind.DATE),
    ],
)
def test_the_older_ons_period_styles_parse(text, label, kind):
    parsed = parse_period(text)
    assert (parsed.label, parsed.kind) == (label, kind)


@pytest.mark.parametrize("text", ["201922", "201913", "13/2004 - 12/2004", "As at 31 February 2023", "2005.5"])
def test_impossible_or_ambiguous_periods_are_still_refused(text):
    with pytest.raises(ValueError, match="Cannot parse period"):
        parse_period(text)


# --- broken copies -------------------------------------------------------------------------------


@dataclass
class Table:
    """An extract as text: its byte-order mark, line end, and rows of cells."""

    bom: str
    newline: str
    rows: list[list[str]]

    @classmethod
    def load(cls, path: Path) -> Table:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        newline = "\r\n" if b"\r\n" in raw else "\n"
        return cls(bom, newline, list(csv.reader(io.StringIO(text, newline=""))))

    def column(self, *names: str) -> int:
        return next(i for i, heading in enumerate(self.rows[0]) if heading.strip().lower() in names)

    def write(self, path: Path) -> Path:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=self.newline).writerows(self.rows)
        path.write_bytes((self.bom + buffer.getvalue()).encode("utf-8"))
        return path


def unknown_column(table: Table) -> tuple[int, str]:
    table.rows[0].append("Confidence")
    for cells in table.rows[1:]:
        cells.append("high")
    return 1, "Confidence"


def bad_area_code(table: Table) -> tuple[int, str]:
    index = table.column("areacd")
    table.rows[-1][index] = "X123"
    return len(table.rows), table.rows[0][index].strip()


def truncated_last_row(table: Table) -> tuple[int, str]:
    table.rows[-1] = table.rows[-1][: len(table.rows[-1]) // 2]
    return len(table.rows), "(row)"


def unparseable_period(table: Table) -> tuple[int, str]:
    index = table.column("period")
    table.rows[-1][index] = "sometime in 2021"
    return len(table.rows), table.rows[0][index].strip()


BREAKS: dict[str, tuple[Callable[[Table], tuple[int, str]], str]] = {
    "unknown column": (unknown_column, "unknown column"),
    "bad area code": (bad_area_code, "9-character GSS code"),
    "truncated last row": (truncated_last_row, "cut short"),
    "unparseable period": (unparseable_period, "Cannot parse period"),
}


@pytest.mark.parametrize("fault", BREAKS)
@pytest.mark.parametrize("name", FILES)
def test_a_broken_copy_of_each_layout_is_refused_naming_row_and_column(tmp_path, name, fault):
    table = Table.load(LAYOUTS / name)
    edit, message = BREAKS[fault]
    line, column = edit(table)
    path = table.write(tmp_path / name)

    with pytest.raises(InvalidInputError) as caught:
        read(path)

    problems = caught.value.problems
    assert problems[0].path == f"row {line}, column {column!r}"
    assert message in problems[0].message
    assert str(path) in str(caught.value)


def test_a_nameless_column_must_stay_empty(tmp_path):
    """A trailing comma makes a column with no heading: harmless while empty, refused once it holds a value."""
    table = Table.load(LAYOUTS / "current-bom-lf.csv")
    table.rows[0].append("")
    for cells in table.rows[1:]:
        cells.append("")
    assert len(read(table.write(tmp_path / "empty.csv"))) == len(table.rows) - 1

    table.rows[2][-1] = "7"
    with pytest.raises(InvalidInputError) as caught:
        read(table.write(tmp_path / "filled.csv"))
    assert [problem.path for problem in caught.value.problems] == ["row 3, column '(no heading)'"]


# --- through the import service ------------------------------------------------------------------

HLE_MALE = ["healthy-life-expectancy-male"]


def england_and_stockport(tmp_path: Path, name: str) -> Path:
    """The extract's header and its England and Stockport lines, bytes unchanged (the other areas are not in
    the plan's register)."""
    lines = (LAYOUTS / name).read_bytes().splitlines(keepends=True)
    keep = [lines[0], *(line for line in lines[1:] if b",E92000001," in line or b",E08000007," in line)]
    path = tmp_path / "healthy-life-expectancy.csv"
    path.write_bytes(b"".join(keep))
    return path


@pytest.mark.django_db
def test_an_older_layout_imports_through_the_service(indicator_plan, tmp_path):
    path = england_and_stockport(tmp_path, "snake-indicator-first.csv")
    report = import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=HLE_MALE)

    assert report.added == 2
    stockport = Observation.objects.get(indicator__slug=HLE_MALE[0], area__code="E08000007")
    assert (stockport.period_label, stockport.value, stockport.lower_95) == ("2011-13", 65.36, 63.76)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", BREAKS)
def test_a_broken_older_layout_leaves_the_database_unchanged(indicator_plan, hle_extract, tmp_path, fault):
    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE_MALE)
    before = list(Observation.objects.order_by("pk").values_list("pk", "value", "is_current"))
    releases = Release.objects.count()
    source = england_and_stockport(tmp_path, "snake-indicator-first.csv")
    table = Table.load(source)
    edit, message = BREAKS[fault]
    line, column = edit(table)
    broken = table.write(tmp_path / "broken.csv")

    with pytest.raises(InvalidInputError) as caught:
        import_file(plan=indicator_plan, format_name="ons-els", path=broken, indicator_slugs=HLE_MALE)

    assert f"row {line}, column {column!r}: " in str(caught.value)
    assert message in str(caught.value)
    assert list(Observation.objects.order_by("pk").values_list("pk", "value", "is_current")) == before
    assert Release.objects.count() == releases
