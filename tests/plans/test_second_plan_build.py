"""The second shipped plan, built from nothing with documented settings only, names no other place.

scripts/build_plan.py runs setup, site build, report poster, report annual, data package and a voice
import of synthetic responses from the plan's own wards, fetches the API's answers, and lists every
occurrence of the default plan's place name. It may appear only as a comparator in a table of figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECOND_PLAN = "our-manchester-2025"
DEFAULT_PLACE = "Stockport"  # the default plan's place, which the second plan's build must not name

pytestmark = pytest.mark.plan_build


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("second-plan")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_plan.py"), SECOND_PLAN, str(out), "--forbid", DEFAULT_PLACE],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    return result, out


def test_every_command_succeeds_and_the_default_place_is_named_only_in_figures(build):
    result, _ = build
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_the_build_wrote_each_output(build):
    _, out = build
    assert [
        (out / "export" / "index.html").is_file(),
        (out / "poster" / "poster.pdf").is_file(),
        any((out / "annual").glob("*.pdf")),
        (out / "package" / "datapackage.json").is_file(),
    ] == [True, True, True, True]


def test_the_export_is_the_second_plans(build):
    _, out = build
    home = (out / "export" / "index.html").read_text(encoding="utf-8")
    assert "Manchester" in home


def test_the_occurrence_report_was_written(build):
    _, out = build
    summary = json.loads((out / "occurrences.json").read_text(encoding="utf-8"))
    assert summary["elsewhere"] == []
