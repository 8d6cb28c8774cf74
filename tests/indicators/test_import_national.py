"""A national file (every English council) imports whole for English areas, now the register knows them
all; rows for areas outside England are set aside and counted; an unknown or malformed code is still
refused, named by its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.indicators.models import Observation
from onestockport.indicators.services import import_file
from onestockport.places.england import england_areas

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data" / "importers"
SHARED_ELS = Path(__file__).resolve().parents[3] / "shared" / "data" / "raw" / "ons_explore_local_statistics"
NATIONAL = SHARED_ELS / "employment-rate.csv"  # ONS ELS as published: UK, nations, regions, every council
INDICATOR = "employment-rate-16-64"
SELECTED = "Employment rate"  # the catalogue's selector for the indicator

needs_national = pytest.mark.skipif(not NATIONAL.is_file(), reason="the shared raw data folder is not here")


def _lines() -> list[str]:
    return NATIONAL.read_text(encoding="utf-8-sig").splitlines(keepends=True)


def _code(line: str) -> str:
    return line.split(",", 1)[0]


@pytest.fixture
def english_cut(tmp_path) -> tuple[Path, list[str]]:
    """Every row of the real national file for an English area the lookup knows: England, the nine
    regions, every council and combined authority (7,000-odd rows, of which half are the indicator's)."""
    english = {area.code for area in england_areas()}
    lines = _lines()
    kept = [line for line in lines[1:] if _code(line) in english]
    path = tmp_path / "english" / NATIONAL.name
    path.parent.mkdir()
    path.write_text(lines[0] + "".join(kept), encoding="utf-8")
    return path, kept


@needs_national
def test_every_english_row_of_a_national_file_is_imported(indicator_plan, english_cut):
    path, kept = english_cut
    wanted = [line for line in kept if f",{SELECTED}," in line]

    report = import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=[INDICATOR])

    stored = Observation.objects.filter(indicator__slug=INDICATOR, is_current=True)
    assert report.added + report.repeated == len(wanted)
    assert stored.count() == report.added
    areas = set(stored.values_list("area__code", flat=True))
    assert areas == {_code(line) for line in wanted}
    assert len([code for code in areas if code.startswith(("E06", "E07", "E08", "E09", "E10"))]) > 300
    assert {code[:3] for code in areas} >= {"E92", "E12", "E47", "E06", "E07", "E08", "E09", "E10"}


def test_rows_outside_england_are_set_aside_and_counted_not_refused(indicator_plan):
    # A real extract of the national file: the UK, Wales, Scotland, Northern Ireland and two of their
    # councils beside England, the North West and the place. The product holds English areas only.
    path = DATA / "employment-rate-uk-extract.csv"

    report = import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=[INDICATOR])

    stored = Observation.objects.filter(indicator__slug=INDICATOR, is_current=True)
    assert sorted(stored.values_list("area__code", flat=True)) == ["E08000007", "E12000002", "E92000001"]
    assert report.set_aside == {"United Kingdom": 1, "Wales": 2, "Scotland": 2, "Northern Ireland": 1}
    assert "6 rows for areas the product does not hold set aside (Wales 2, Scotland 2" in report.summary()


@needs_national
def test_the_national_file_as_published_imports_every_english_row(indicator_plan, english_cut):
    _, kept = english_cut
    wanted = [line for line in kept if f",{SELECTED}," in line]

    report = import_file(plan=indicator_plan, format_name="ons-els", path=NATIONAL, indicator_slugs=[INDICATOR])

    assert report.added + report.repeated == len(wanted)
    assert set(report.set_aside) == {
        "United Kingdom",
        "Great Britain",
        "England and Wales",
        "Wales",
        "Scotland",
        "Northern Ireland",
    }


@needs_national
@pytest.mark.parametrize(
    ("code", "expected"),
    [("E08000999", "unknown area code 'E08000999'"), ("E6000001", "9-character GSS code")],
)
def test_one_bad_code_in_an_english_national_file_is_named_and_nothing_is_written(
    indicator_plan, english_cut, code, expected
):
    path, _ = english_cut
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Synthetic edit of a real row: its area code replaced by an unknown or malformed one.
    target = next(i for i, line in enumerate(lines) if i > 100 and f",{SELECTED}," in line)
    lines[target] = code + lines[target][len(_code(lines[target])) :]
    path.write_text("".join(lines), encoding="utf-8")

    with pytest.raises(InvalidInputError) as caught:
        import_file(plan=indicator_plan, format_name="ons-els", path=path, indicator_slugs=[INDICATOR])

    assert f"row {target + 1}" in str(caught.value)
    assert expected in str(caught.value)
    assert not Observation.objects.exists()
