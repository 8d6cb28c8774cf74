"""Board packs: the status summary and approved updates of one delivery body's actions, as CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from onestockport.delivery.board_packs import board_pack
from onestockport.delivery.models import Update
from onestockport.delivery.periods import Period
from onestockport.delivery.reports.registry import FORMATS
from onestockport.plans.models import Action

from .factories import ActionFactory, PriorityFactory, make_update

pytestmark = pytest.mark.django_db

PERIOD = Period(2026, 3, 3)


@pytest.fixture
def pack_world(world):
    """Three actions through the Work and Skills Board: two approved updates for 2026-Q3, one draft;
    and an action of another body that must not appear."""
    officer = world.users["performance-officer"]
    make_update(
        world.own_action,
        period=PERIOD,
        state=Update.State.APPROVED,
        status="at-risk",
        narrative='=HYPERLINK("http://bad") The skills hub opened late.\nA second paragraph.',
        percent_complete=40,
        evidence_links=["https://example.org/hub"],
        reviewed_by=officer,
    )
    make_update(
        world.other_action,
        period=PERIOD,
        state=Update.State.APPROVED,
        status="complete",
        narrative="Done.",
        reviewed_by=officer,
    )
    make_update(world.contributed_action, period=PERIOD, state=Update.State.DRAFT, narrative="Not yet public")
    elsewhere = ActionFactory(priority=PriorityFactory(plan=world.plan), number=1, title="Another body's action")
    make_update(elsewhere, period=PERIOD, state=Update.State.APPROVED, narrative="Elsewhere")
    Update.objects.filter(period=PERIOD.label).update(reviewed_at="2026-10-05T10:00:00Z")
    return world


def _pack(world):
    return board_pack(plan=world.plan, body=world.body, period=PERIOD)


def test_the_pack_has_the_bodys_actions_and_only_approved_updates(pack_world):
    pack = _pack(pack_world)
    assert [row.action.title for row in pack.rows] == ["Own action", "Other action", "Shared action"]
    assert [row.status for row in pack.rows] == ["at-risk", "complete", "no-update"]
    assert {c["status"]: c["count"] for c in pack.counts} == {
        "not-started": 0,
        "on-track": 0,
        "at-risk": 1,
        "off-track": 0,
        "complete": 1,
        "awaiting-review": 0,
        "no-update": 1,
    }


def test_the_pack_shows_only_verified_milestone_completions(pack_world):
    """A board pack goes to the body's meeting: a partner's completion shows once the team verified it."""
    import datetime as dt

    from onestockport.delivery.models import Milestone

    Milestone.objects.create(
        action=pack_world.own_action, title="Unverified", due=dt.date(2026, 6, 30), done=dt.date(2026, 6, 1)
    )
    rows = {m.title: m for row in _pack(pack_world).rows for m in row.milestones}
    assert rows["Unverified"].done is None


def test_csv_has_one_row_per_action_and_defuses_formulas(pack_world):
    data = FORMATS["csv"].render(_pack(pack_world)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [r["Title"] for r in rows] == ["Own action", "Other action", "Shared action"]
    own = rows[0]
    assert own["Status"] == "At risk"
    assert own["Percent complete"] == "40"
    assert own["What has happened"].startswith("'=HYPERLINK")  # text, not a formula
    assert own["Evidence links"] == "https://example.org/hub"
    assert own["Approved on"] == "2026-10-05"
    assert rows[2]["Status"] == "No update yet"
    assert rows[2]["Update for the period"] == "None approved or sent"
    assert rows[2]["What has happened"] == ""  # the draft stays private
    assert "Elsewhere" not in data


def test_xlsx_has_a_summary_and_the_updates(pack_world):
    book = load_workbook(io.BytesIO(FORMATS["xlsx"].render(_pack(pack_world))))
    assert book.sheetnames == ["Summary", "Updates"]
    summary = [tuple(row) for row in book["Summary"].iter_rows(values_only=True)]
    assert ("At risk", 1) in summary
    assert ("Complete", 1) in summary
    assert ("Total", 3) in summary
    updates = list(book["Updates"].iter_rows(values_only=True))
    assert updates[0][:5] == ("Priority", "Action", "Title", "Lead partner", "Status")
    assert updates[1][2] == "Own action"
    assert updates[0][5:7] == ("Status from period", "Update for the period")
    assert updates[1][8].startswith("'=HYPERLINK")
    assert book["Updates"]["I2"].data_type == "s"  # stored as text


def test_pdf_renders_and_converts_to_png_pages(pack_world, tmp_path):
    pdf = FORMATS["pdf"].render(_pack(pack_world))
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
        assert "Work and Skills Board" in text.stdout
        assert "The skills hub opened late." in text.stdout
        assert "Not yet public" not in text.stdout
        assert "Page 1 of" in text.stdout
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(tmp_path / "page")], check=True)
        assert sorted(p.name for p in tmp_path.glob("page-*.png"))


def test_every_format_names_the_site_and_the_plan(pack_world, tmp_path):
    pack_world.plan.place_settings = {"site_name": "Synthetic Site Name", "name": "Testborough", "kind": "city"}
    pack_world.plan.save()
    pack = _pack(pack_world)
    path = tmp_path / "board-pack.pdf"
    path.write_bytes(FORMATS["pdf"].render(pack))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Synthetic Site Name · Synthetic test plan" in text
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Author:          Synthetic Site Name" in info
    summary = load_workbook(io.BytesIO(FORMATS["xlsx"].render(pack)))["Summary"]
    assert summary["A2"].value.startswith("Synthetic Site Name · Synthetic test plan. Approved updates only.")


def test_report_command_writes_the_file(pack_world, run_cli, tmp_path):
    output = tmp_path / "pack.xlsx"
    result = run_cli(
        "delivery",
        "report",
        "--body",
        "Work and Skills Board",
        "--period",
        "2026-Q3",
        "--format",
        "xlsx",
        "-o",
        str(output),
    )
    assert result.exit_code == 0, result.output
    assert "3 actions of Work and Skills Board, 2 approved update(s) for 2026-Q3" in result.output
    assert output.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--body", "No Such Board", "--period", "2026-Q3"], "no delivery body 'No Such Board'"),
        (["--body", "work-and-skills-board", "--period", "2026-Q9"], "'2026-Q9' is not a reporting period"),
        (["--body", "work-and-skills-board", "--format", "docx"], "'docx' is not one of"),
    ],
)
def test_report_command_explains_bad_input(world, run_cli, args, message):
    result = run_cli("delivery", "report", *args)
    assert result.exit_code != 0
    assert message in result.output


def test_board_pack_page_downloads_a_pdf(pack_world, client):
    client.force_login(pack_world.users["performance-officer"])
    response = client.get("/delivery/board-packs/?body=work-and-skills-board&period=2026-Q3&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="board-pack-work-and-skills-board-2026-Q3.pdf"'
    assert Action.objects.count() == 4
