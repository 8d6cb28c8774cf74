"""The annual report of the shipped plan with all its official data: the snapshot, the HTML and the PDF.

The command runs twice in-process: once taking a snapshot, once from that snapshot into another folder,
and the two outputs must be the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import re
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.delivery.models import Status, Update
from onestockport.plans.models import Action, Measure, Priority
from onestockport.reports.snapshot import Snapshot, read_snapshot, take_snapshot

# The shipped data is committed once per module; the database itself exists only while a test holds it.
pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def outputs(published_plan, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    with django_db_blocker.unblock():
        _run("report", "annual", "--year", "2026", "--out", str(first))
    [snapshot] = first.glob("annual-report-2026-snapshot-*.json")
    _run("report", "annual", "--year", "2026", "--out", str(second), "--snapshot", str(snapshot))
    return {
        "snapshot": snapshot,
        "html": first / "annual-report-2026.html",
        "pdf": first / "annual-report-2026.pdf",
        "html_again": second / "annual-report-2026.html",
        "pdf_again": second / "annual-report-2026.pdf",
    }


@pytest.fixture(scope="module")
def snapshot(outputs) -> Snapshot:
    return read_snapshot(outputs["snapshot"])


@pytest.fixture(scope="module")
def plan_names(published_plan, django_db_blocker) -> dict[str, list[str]]:
    with django_db_blocker.unblock():
        return {
            "priorities": list(Priority.objects.filter(plan=published_plan).values_list("name", flat=True)),
            "measures": list(Measure.objects.filter(priority__plan=published_plan).values_list("text", flat=True)),
        }


def _pdfinfo(path: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in text.splitlines())}


def _pdf_objects(path: Path) -> bytes:
    """The PDF's bytes with every compressed stream inflated (the catalog sits in an object stream)."""
    data = path.read_bytes()
    inflated = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, flags=re.DOTALL):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompressobj().decompress(stream))
    return b"\n".join(inflated)


def _words(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------- the snapshot


def test_the_snapshot_is_named_with_its_date_and_holds_the_whole_plan(outputs, snapshot):
    assert outputs["snapshot"].name == f"annual-report-2026-snapshot-{snapshot.as_at_utc:%Y-%m-%dT%H%M%SZ}.json"
    assert snapshot.year == 2026
    assert snapshot.plan.status == "Discussion draft"
    assert len(snapshot.themes) == 3
    assert len(snapshot.priorities) == 9
    assert sum(len(priority.actions) for priority in snapshot.priorities) == 68
    assert sum(len(priority.measures) for priority in snapshot.priorities) == 44
    assert [value.name for value in snapshot.plan.values]


def test_status_counts_add_up(snapshot):
    total = 0
    for priority in snapshot.priorities:
        assert sum(count.count for count in priority.status_counts) == len(priority.actions)
        for count in priority.status_counts:
            assert count.count == sum(1 for action in priority.actions if action.status == count.status)
        total += sum(count.count for count in priority.status_counts)
    assert total == 68
    # The public default: nothing approved, so every action says so.
    assert {action.status_label for p in snapshot.priorities for action in p.actions} == {"No update yet"}


def test_every_figure_has_its_source_and_period(snapshot):
    figures = [figure for p in snapshot.priorities for m in p.measures for figure in m.figures]
    assert len(figures) > 50
    for figure in figures:
        assert figure.source, figure.indicator
        assert figure.period, figure.indicator
        assert figure.series, figure.indicator
        assert figure.series[-1].period == figure.period
        assert figure.series[-1].value == figure.value
        assert all(point.period for point in [*figure.series, *figure.comparator_series])
    for measure in (m for p in snapshot.priorities for m in p.measures if not m.figures):
        assert measure.local_data_needed, f"{measure.slug} has neither figures nor what data it needs"


def test_an_approved_update_counts_only_up_to_the_end_of_the_year(published_plan, db):
    action = Action.objects.filter(priority__plan=published_plan).order_by("priority__position", "number").first()
    base = {"action": action, "narrative": "Synthetic test update.", "state": Update.State.APPROVED}
    Update.objects.create(
        **base, period="2026-Q2", period_start=dt.date(2026, 4, 1), period_end=dt.date(2026, 6, 30),
        status=Status.ON_TRACK,
    )  # fmt: skip
    Update.objects.create(
        **base, period="2027-Q1", period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 3, 31),
        status=Status.COMPLETE,
    )  # fmt: skip
    as_at = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)
    taken = take_snapshot(published_plan, year=2026, as_at=as_at)
    first = taken.priorities[0]
    assert (first.actions[0].status, first.actions[0].period) == ("on-track", "2026-Q2")
    assert {c.status: c.count for c in first.status_counts}["on-track"] == 1
    assert take_snapshot(published_plan, year=2027, as_at=as_at).priorities[0].actions[0].status == "complete"


# ---------------------------------------------------------------------------------------------- the HTML


def test_the_html_has_every_priority_and_measure(outputs, plan_names, snapshot):
    text = html.unescape(outputs["html"].read_text(encoding="utf-8"))
    assert '<html lang="en-GB">' in text
    for name in plan_names["priorities"]:
        assert name in text
    for measure in plan_names["measures"]:
        assert measure in text
    for figure in (f for p in snapshot.priorities for m in p.measures for f in m.figures):
        assert f"Source: {figure.source}" in text
    assert "Local data needed" in text
    assert "Easy read summary" in text
    assert text.count("<caption>") > 9 * 2  # status tables and every chart's numbers
    charts = len(re.findall(r'<svg [^>]*role="img"', text))
    assert charts > 40
    # Every chart is named by its own <title> and described by its <desc>.
    assert len(re.findall(r'<title id="chart-figure-[^"]+-title">', text)) == charts
    assert len(re.findall(r'<desc id="chart-figure-[^"]+-desc">', text)) == charts


def test_two_renders_of_one_snapshot_are_identical(outputs):
    assert outputs["html"].read_bytes() == outputs["html_again"].read_bytes()
    assert outputs["pdf"].read_bytes() == outputs["pdf_again"].read_bytes()


# ---------------------------------------------------------------------------------------------- the PDF


def test_the_pdf_metadata(outputs, snapshot):
    info = _pdfinfo(outputs["pdf"])
    assert info["Title"] == "One Stockport: Our Vision for 2030: annual progress report 2026"
    assert info["Author"] == "One Stockport"
    assert info["Subject"].startswith("Progress on the discussion draft One Stockport: Our Vision for 2030 in 2026")
    assert info["CreationDate"] == snapshot.as_at_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    assert 20 <= int(info["Pages"]) <= 150
    assert b"/Lang (en-GB)" in _pdf_objects(outputs["pdf"])


def test_the_pdf_text_is_extractable(outputs, plan_names):
    text = subprocess.run(
        ["pdftotext", "-layout", str(outputs["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = int(_pdfinfo(outputs["pdf"])["Pages"])
    flowing = _words(text)
    for name in plan_names["priorities"]:
        assert name in flowing
    assert f"Page 1 of {pages}" in flowing
    assert f"Page {pages} of {pages}" in flowing
    assert "No update yet" in flowing
