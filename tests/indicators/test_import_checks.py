"""`onestockport data import` on files that must be refused, a lost race, and the summary's arithmetic.

Each refusal is checked through the command, as a person meets it: exit 1, a message naming the
file, row and column, and the database exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.test import override_settings

from onestockport.cli import cli
from onestockport.indicators import services
from onestockport.indicators.models import Observation, Release
from onestockport.indicators.services import import_file

from .importers.support import DATA

pytestmark = pytest.mark.django_db
RAW = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
PROGRESS_8 = RAW / "children" / "tdl_progress_8_score.csv"  # academic years, 96 rows


def database() -> tuple[list[tuple], list[tuple]]:
    """Every observation's figure and every release: what a refused import must leave as it was."""
    observations = list(
        Observation.objects.order_by("pk").values_list(
            "pk", "indicator__slug", "area__code", "period_label", "value", "is_current", "release_id"
        )
    )
    releases = list(Release.objects.order_by("pk").values_list("pk", "checksum", "indicators", "observations_added"))
    return observations, releases


def data_import(*args: str):
    return CliRunner().invoke(cli, ["data", "import", *args])


def copy_with(source: Path, target: Path, edit) -> Path:
    """`source` with `edit` applied to its lines (line endings kept), under the same name in `target`."""
    lines = source.read_bytes().decode("utf-8-sig").splitlines(keepends=True)
    path = target / source.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return path


def second_value_column(heading: str):
    """Repeat the file's value column as its last column, every figure 99999."""

    def edit(lines: list[str]) -> list[str]:
        ending = "\r\n" if lines[0].endswith("\r\n") else "\n"
        edited = [lines[0].rstrip("\r\n") + f",{heading}{ending}"]
        edited += [line.rstrip("\r\n") + f",99999{ending}" for line in lines[1:] if line.strip()]
        return edited

    return edit


@pytest.mark.parametrize(
    ("format_name", "source", "heading", "first"),
    [
        ("tdl-tidy", PROGRESS_8, "value", "value"),
        ("tdl-tidy", DATA / "tdl_admissions_care_homes_65p.csv", "Value ", "value"),
        ("fingertips-tidy", DATA / "tdl_obese_reception.csv", "value", "value"),
        ("ons-els", None, "value", "observation"),  # an alias of `observation`
    ],
)
def test_a_second_value_column_is_refused_and_nothing_changes(
    indicator_plan, hle_extract, tmp_path, format_name, source, heading, first
):
    source = source or hle_extract
    good = data_import(format_name, str(source))
    assert good.exit_code == 0, good.output
    before = database()
    assert before[0]

    path = copy_with(source, tmp_path / "dup", second_value_column(heading))
    result = data_import(format_name, str(path))

    assert result.exit_code == 1, result.output
    assert str(path) in result.output
    assert f"row 1, column {heading.strip()!r}" in result.output
    assert f"{first!r}" in result.output
    assert database() == before


def nul_in(column: str, text: str = "\x00"):
    """Put `text` into `column` of the first Stockport row of an ONS file."""

    def edit(lines: list[str]) -> list[str]:
        header = lines[0].rstrip("\r\n").split(",")
        index = next(i for i, line in enumerate(lines) if line.startswith("E08000007,"))
        cells = lines[index].rstrip("\n").split(",")
        cells[header.index(column)] = cells[header.index(column)][:2] + text + cells[header.index(column)][2:]
        lines[index] = ",".join(cells) + "\n"
        return lines

    return edit


@pytest.mark.parametrize("column", ["observation", "areanm"])
def test_a_nul_byte_is_refused_by_row_and_column(indicator_plan, hle_extract, tmp_path, column):
    assert data_import("ons-els", str(hle_extract)).exit_code == 0
    before = database()
    path = copy_with(hle_extract, tmp_path / "nul", nul_in(column))
    row = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "\x00" in line)

    result = data_import("ons-els", str(path))

    assert result.exit_code == 1, result.output
    assert f"row {row}, column {column!r}" in result.output
    assert "U+0000" in result.output
    assert "migrate" not in result.output
    assert database() == before


def test_a_file_over_the_size_limit_is_refused_by_the_command(indicator_plan, hle_extract):
    size = hle_extract.stat().st_size
    with override_settings(ONESTOCKPORT_IMPORT_MAX_BYTES=1000):
        result = data_import("ons-els", str(hle_extract))
    assert result.exit_code == 1
    assert str(hle_extract) in result.output
    assert f"{size:,} bytes" in result.output
    assert "1,000 bytes" in result.output
    assert not Observation.objects.exists()
    assert not Release.objects.exists()


def other_import(plan, path: Path) -> None:
    """What another `data import` of the same file, running at the same time, commits."""
    with pytest.MonkeyPatch.context() as unpatched:
        unpatched.setattr(services, "_release", ORIGINAL_RELEASE, raising=False)
        unpatched.setattr(services, "_areas_for", ORIGINAL_AREAS_FOR)
        import_file(plan=plan, format_name="ons-els", path=path)


ORIGINAL_RELEASE = getattr(services, "_release", None)
ORIGINAL_AREAS_FOR = services._areas_for


def assert_one_clean_release(result) -> None:
    assert result.exit_code == 0, result.output
    assert "imported before" in result.output
    assert "Traceback" not in result.output
    assert "migrate" not in result.output
    release = Release.objects.get()
    current = Observation.objects.filter(is_current=True)
    assert current.count() == release.observations_added > 0
    assert not Observation.objects.filter(is_current=False).exists()
    assert set(Observation.objects.values_list("release_id", flat=True)) == {release.pk}


def test_an_import_racing_another_finds_its_release_under_lock(indicator_plan, hle_extract, monkeypatch):
    """Another import of the same file commits while this one is reading and checking the file."""

    def areas_for(path, assigned):
        other_import(indicator_plan, hle_extract)
        return ORIGINAL_AREAS_FOR(path, assigned)

    monkeypatch.setattr(services, "_areas_for", areas_for)
    assert_one_clean_release(data_import("ons-els", str(hle_extract)))


def test_an_import_that_loses_the_race_at_the_insert_is_already_imported(indicator_plan, hle_extract, monkeypatch):
    """The other import commits between this one's check (under lock) and its insert: the unique
    constraint catches it, and the outcome is the same as if the check had seen it."""

    def check_then_lose(format_name, checksum, *, lock=False):
        found = ORIGINAL_RELEASE(format_name, checksum, lock=lock)
        if lock and found is None and not Release.objects.exists():
            other_import(indicator_plan, hle_extract)
        return found  # what the check saw before the other import committed

    monkeypatch.setattr(services, "_release", check_then_lose)
    assert_one_clean_release(data_import("ons-els", str(hle_extract)))


def test_the_summary_counts_each_row_once_for_an_academic_year_file(indicator_plan, tmp_path):
    report = import_file(plan=indicator_plan, format_name="tdl-tidy", path=PROGRESS_8)
    assert report.rows_read == 96
    assert (report.added, report.skipped) == (96, 0)

    revised = copy_with(
        PROGRESS_8, tmp_path / "revised", lambda lines: [lines[0], *(line.replace(",0.", ",1.") for line in lines[1:])]
    )
    report = import_file(plan=indicator_plan, format_name="tdl-tidy", path=revised)

    assert report.revised > 0
    assert report.added + report.revised + report.unchanged + report.repeated + report.skipped == report.rows_read
    assert f"{report.skipped} rows not used" in report.summary()
    assert report.skipped == 0
