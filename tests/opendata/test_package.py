"""The open data package built from the shipped plan and all its official data: valid, complete, consistent."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from frictionless import validate

from onestockport.cli import cli
from onestockport.csv_safety import safe_cell
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.opendata.licences import CC_BY, OGL
from onestockport.opendata.package import DESCRIPTOR_NAME
from onestockport.opendata.resources import TABLES
from onestockport.plans.selectors import plan_stats

pytestmark = pytest.mark.django_db

FRICTIONLESS = Path(sys.executable).parent / "frictionless"
# The shipped data has no approved case study, so the tables left out while empty are not in its package.
ALWAYS = [table for table in TABLES if not table.omit_when_empty]


def _problems(report) -> list[tuple[str, str, str]]:
    """(resource, error type, message) for every error, by table."""
    return [(task.name, error.type, error.message) for task in report.tasks for error in task.errors]


def test_the_package_validates_with_the_frictionless_library(package_dir):
    report = validate(package_dir / DESCRIPTOR_NAME)

    assert report.valid, _problems(report)[:20]
    # Every file was read as a table against its schema (a JSON file read as plain JSON would pass unread).
    assert len(report.tasks) == 2 * len(ALWAYS)
    assert {task.type for task in report.tasks} == {"table"}
    assert sum(task.stats["rows"] for task in report.tasks if task.name == "observations-json") > 10_000


def test_the_package_validates_with_the_frictionless_command(package_dir):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", DESCRIPTOR_NAME, "--json"],
        cwd=package_dir,
        capture_output=True,
        text=True,
        timeout=240,
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert json.loads(result.stdout)["valid"] is True


def test_validation_catches_a_wrong_type_and_a_broken_key(package_dir, tmp_path):
    """The check above can fail: a number that is text and an action of no priority are both reported."""
    broken = tmp_path / "broken"
    shutil.copytree(package_dir, broken)
    observations = json.loads((broken / "observations.json").read_text(encoding="utf-8"))
    observations[0]["value"] = "about forty"
    (broken / "observations.json").write_text(json.dumps(observations), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((broken / "actions.csv").read_text(encoding="utf-8"))))
    rows[0]["priority"] = "no-such-priority"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    (broken / "actions.csv").write_text(buffer.getvalue(), encoding="utf-8")

    report = validate(broken / DESCRIPTOR_NAME)

    found = {(task, kind) for task, kind, _ in _problems(report)}
    assert ("observations-json", "type-error") in found
    assert ("actions", "foreign-key") in found
    assert ("actions", "hash-count") in found  # the CSV no longer matches its declared checksum


def test_row_counts_match_the_database(package, published_plan, django_db_blocker):
    rows = {files.table.name: files.rows for files in package.tables}
    with django_db_blocker.unblock():
        stats = plan_stats(published_plan)
        observations = Observation.objects.filter(indicator__plan=published_plan, is_current=True).count()
        indicators = Indicator.objects.filter(plan=published_plan).count()
        releases = Release.objects.filter(observations__indicator__plan=published_plan).distinct().count()

    assert rows["actions"] == stats["actions"] == 68
    assert rows["measures"] == stats["measures"] == 44
    assert rows["priorities"] == stats["priorities"] == 9
    assert rows["themes"] == stats["themes"]
    assert rows["commitments"] == stats["commitments"]
    assert rows["partners"] == stats["partners"]
    assert rows["delivery-bodies"] == stats["delivery_bodies"]
    assert rows["indicators"] == indicators
    assert rows["releases"] == releases
    assert rows["observations"] == observations > 10_000


def _cells(text: str | None) -> str:
    """A JSON value as its CSV twin writes it (formula-like text with a ' in front, see csv_safety)."""
    return "" if text is None else str(safe_cell(text))


@pytest.mark.parametrize("table", ALWAYS, ids=lambda table: table.name)
def test_csv_and_json_hold_the_same_rows(package_dir, package, table):
    csv_rows = list(csv.reader(io.StringIO((package_dir / f"{table.name}.csv").read_text(encoding="utf-8"))))
    json_rows = json.loads((package_dir / f"{table.name}.json").read_text(encoding="utf-8"))

    assert csv_rows[0] == list(table.field_names)
    assert [list(row) for row in json_rows] == [list(table.field_names)] * len(json_rows)
    assert csv_rows[1:] == [[_cells(row[name]) for name in table.field_names] for row in json_rows]
    assert len(json_rows) == next(files.rows for files in package.tables if files.table is table)


def test_paths_are_relative_and_licences_are_named(package):
    descriptor = package.descriptor

    assert descriptor["licenses"] == [OGL]
    for resource in descriptor["resources"]:
        assert "/" not in resource["path"]
        assert not resource["path"].startswith(".")
        assert resource["licenses"], resource["name"]
    observations = next(r for r in descriptor["resources"] if r["name"] == "observations")
    # The emissions figures are mySociety's transformation, under CC BY 4.0: said so, not hidden under OGL.
    assert observations["licenses"] == [OGL, CC_BY]
    actions = next(r for r in descriptor["resources"] if r["name"] == "actions")
    assert actions["licenses"] == [OGL]


def test_sources_name_every_publisher_with_figures(package, published_plan, django_db_blocker):
    with django_db_blocker.unblock():
        publishers = set(
            Indicator.objects.filter(plan=published_plan, observations__is_current=True).values_list(
                "publisher", flat=True
            )
        )
    titles = {source["title"] for source in package.descriptor["sources"]}

    assert publishers <= titles
    assert all(source.licence for source in package.sources)


def test_actions_carry_their_latest_approved_status(package_dir):
    actions = json.loads((package_dir / "actions.json").read_text(encoding="utf-8"))

    # The shipped data has no approved update: every action says so, in the site's words.
    assert {(a["status"], a["status_label"]) for a in actions} == {("no-update", "No update yet")}
    assert {a["id"] for a in actions} >= {"caring-and-growing/1", "climate-friendly/1"}


def test_the_command_writes_the_package_and_summarises_it(published_plan, django_db_blocker, tmp_path):
    out = tmp_path / "package"
    with django_db_blocker.unblock():
        result = CliRunner().invoke(cli, ["data", "package", "--out", str(out)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert (out / DESCRIPTOR_NAME).is_file()
    assert {path.name for path in out.iterdir()} == {DESCRIPTOR_NAME} | {
        f"{table.name}.{extension}" for table in ALWAYS for extension in ("csv", "json")
    }
    assert "68 rows" in result.output
    assert f"Wrote {2 * len(ALWAYS) + 1} files" in result.output


def test_the_command_refuses_an_unknown_plan(published_plan, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        result = CliRunner().invoke(cli, ["data", "package", "--out", str(tmp_path), "--plan", "no-such-plan"])

    assert result.exit_code == 1
    assert "no-such-plan" in result.output
