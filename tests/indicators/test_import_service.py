"""Importing publisher files: all or nothing, idempotent, revisions kept as history."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError, OneStockportError
from onestockport.indicators.models import Observation, Release
from onestockport.indicators.services import import_file

pytestmark = pytest.mark.django_db
HLE = ["healthy-life-expectancy-female", "healthy-life-expectancy-male"]


def snapshot() -> list[tuple]:
    return list(Observation.objects.order_by("pk").values_list("pk", "value", "is_current"))


def test_import_fills_the_catalogue_indicators(indicator_plan, hle_extract):
    report = import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE)
    assert report.added > 0
    stockport = Observation.objects.filter(indicator__slug="healthy-life-expectancy-female", area__code="E08000007")
    latest = stockport.order_by("-period_start").first()
    assert latest.lower_95 is not None
    assert latest.upper_95 is not None
    assert latest.lower_95 <= latest.value <= latest.upper_95
    assert latest.release.file_name == "healthy-life-expectancy.csv"
    assert len(latest.release.checksum) == 64


def test_reimporting_the_same_release_changes_nothing(indicator_plan, hle_extract):
    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE)
    before = snapshot()
    report = import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE)
    assert report.already_imported
    assert snapshot() == before
    assert Release.objects.count() == 1


def test_a_revised_figure_keeps_its_history(indicator_plan, hle_extract, tmp_path):
    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE)
    lines = hle_extract.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("E08000007,") and "female" in line.lower())
    cells = lines[target].split(",")
    old_value = cells[5]
    cells[5] = "99.9"
    lines[target] = ",".join(cells)
    revised = tmp_path / "revised" / "healthy-life-expectancy.csv"
    revised.parent.mkdir()
    revised.write_text("".join(lines), encoding="utf-8")

    report = import_file(plan=indicator_plan, format_name="ons-els", path=revised, indicator_slugs=HLE)

    assert report.revised == 1
    assert report.added == 0
    history = Observation.objects.filter(is_current=False).get()
    assert history.value == float(old_value)
    assert history.superseded_by.file_name == "healthy-life-expectancy.csv"
    current = Observation.objects.get(
        indicator=history.indicator, area=history.area, period_label=history.period_label, is_current=True
    )
    assert current.value == 99.9


def recode_stockport(lines: list[str], code: str) -> list[str]:
    index = next(i for i, line in enumerate(lines) if line.startswith("E08000007,"))
    lines[index] = lines[index].replace("E08000007", code, 1)
    return lines


def broken_copy(source: Path, tmp_path: Path, edit) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "broken" / source.name
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda lines: [lines[0].replace("observation", "obsrevation"), *lines[1:]], "unknown column"),
        (lambda lines: [*lines[:-1], lines[-1][: len(lines[-1]) // 2]], "cut short"),
        (lambda lines: recode_stockport(lines, "E08000999"), "unknown area code"),
        (lambda lines: recode_stockport(lines, "X123"), "9-character GSS code"),
    ],
)
def test_a_malformed_file_leaves_the_database_unchanged(indicator_plan, hle_extract, tmp_path, edit, expected):
    import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=HLE)
    before, releases = snapshot(), Release.objects.count()
    path = broken_copy(hle_extract, tmp_path, edit)
    with pytest.raises(InvalidInputError) as caught:
        import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=HLE)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)
    assert snapshot() == before
    assert Release.objects.count() == releases


def test_a_non_numeric_value_is_named_by_row_and_column(indicator_plan, hle_extract, tmp_path):
    def edit(lines):
        cells = lines[2].split(",")
        cells[5] = "sixty"
        lines[2] = ",".join(cells)
        return lines

    path = broken_copy(hle_extract, tmp_path, edit)
    with pytest.raises(InvalidInputError) as caught:
        import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=HLE)
    assert "row 3, column 'observation'" in str(caught.value)
    assert "'sixty'" in str(caught.value)
    assert not Observation.objects.exists()


def test_unknown_format_and_indicator_are_clear_errors(indicator_plan, hle_extract):
    with pytest.raises(OneStockportError, match="unknown format 'nope'"):
        import_file(plan=indicator_plan, format_name="nope", path=hle_extract)
    with pytest.raises(OneStockportError, match="no published indicator"):
        import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract, indicator_slugs=["made-up"])


def test_a_missing_file_is_a_clear_error(indicator_plan, tmp_path):
    with pytest.raises(InvalidInputError, match="cannot read the file"):
        import_file(plan=indicator_plan, format_name="ons-els", path=tmp_path / "absent.csv")


def test_rows_of_a_file_the_catalogue_names_are_matched_without_naming_indicators(indicator_plan, hle_extract):
    report = import_file(plan=indicator_plan, format_name="ons-els", path=hle_extract)
    assert set(report.by_indicator) >= set(HLE)
