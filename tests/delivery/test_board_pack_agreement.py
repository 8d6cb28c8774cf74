"""Board packs and the dashboard agree: one selector, one period list, and a PDF whose rows never split.

All data here is synthetic.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections import defaultdict

import pytest

from onestockport.delivery import selectors
from onestockport.delivery.board_packs import board_pack
from onestockport.delivery.forms import BoardPackForm
from onestockport.delivery.models import Update
from onestockport.delivery.periods import Period
from onestockport.delivery.reports.registry import FORMATS

from .factories import ActionFactory, make_update

pytestmark = pytest.mark.django_db

Q2, Q3 = Period(2026, 2, 3), Period(2026, 3, 3)


@pytest.fixture
def mixed_world(world):
    """Where the old code disagreed: an approved status from the period before (the dashboard showed
    it, the pack counted "no approved update"), an update sent in and not yet reviewed (invisible in
    the pack), and a draft (no update for either)."""
    make_update(world.own_action, period=Q2, state=Update.State.APPROVED, status="on-track")
    make_update(world.other_action, period=Q3, state=Update.State.SUBMITTED, status="at-risk")
    make_update(world.contributed_action, period=Q3, state=Update.State.DRAFT)
    return world


def _counts(items) -> dict[str, int]:
    return {item["status"]: item["count"] for item in items}


def test_the_pack_counts_equal_the_dashboards_for_the_same_body_and_period(mixed_world):
    pack = board_pack(plan=mixed_world.plan, body=mixed_world.body, period=Q3)
    data = selectors.dashboard(mixed_world.plan, period=Q3, today=dt.date(2026, 9, 1))
    (row,) = [row for row in data.by_body if row.name == mixed_world.body.name]
    dashboard_counts = dict(zip(selectors.SUMMARY_ORDER, row.counts, strict=True))
    assert [item["status"] for item in data.statuses] == selectors.SUMMARY_ORDER  # the columns' order
    assert _counts(pack.counts) == dashboard_counts
    assert dashboard_counts == {
        "not-started": 0,
        "on-track": 1,  # carried from 2026-Q2, as the public sees it
        "at-risk": 0,  # the submitted update's status is not published
        "off-track": 0,
        "complete": 0,
        "awaiting-review": 1,
        "no-update": 1,
    }
    assert row.total == len(pack.rows) == 3


def test_pack_rows_say_where_the_status_comes_from_and_what_waits(mixed_world):
    pack = board_pack(plan=mixed_world.plan, body=mixed_world.body, period=Q3)
    rows = {row.action.title: row for row in pack.rows}
    assert (rows["Own action"].status, rows["Own action"].status_period, rows["Own action"].update) == (
        "on-track",
        "2026-Q2",
        None,  # the narrative section holds only this period's approved updates
    )
    assert rows["Other action"].status_label == "Submitted, awaiting review"
    assert rows["Other action"].awaiting_review
    assert rows["Shared action"].status == "no-update"
    csv = FORMATS["csv"].render(pack).decode("utf-8-sig")
    assert "Submitted, awaiting review" in csv
    assert "None approved or sent" in csv


def test_a_later_periods_approval_does_not_reach_back_into_an_earlier_pack(mixed_world):
    make_update(mixed_world.contributed_action, period=Period(2026, 4, 3), state=Update.State.APPROVED)
    pack = board_pack(plan=mixed_world.plan, body=mixed_world.body, period=Q3)
    assert {row.action.title: row.status for row in pack.rows}["Shared action"] == "no-update"


def test_the_period_is_chosen_from_the_plans_reporting_periods(mixed_world):
    form = BoardPackForm(plan=mixed_world.plan)
    labels = [value for value, _ in form.fields["period"].choices]
    current = selectors.current_period()
    assert labels[0] == current.label
    assert "2026-Q2" in labels  # back to the plan's first update
    assert labels == sorted(labels, reverse=True)
    good = BoardPackForm({"body": "work-and-skills-board", "period": "2026-Q3", "format": "pdf"}, plan=mixed_world.plan)
    assert good.is_valid(), good.errors
    assert good.cleaned_data["period"] == Q3
    for wrong in ("2026-Q9", "next quarter", "2099-Q1", ""):
        form = BoardPackForm({"body": "work-and-skills-board", "period": wrong, "format": "pdf"}, plan=mixed_world.plan)
        assert not form.is_valid()
        assert form.errors["period"] == ["Select a reporting period"]


def test_the_form_page_shows_an_error_for_a_typed_period(mixed_world, client):
    client.force_login(mixed_world.users["performance-officer"])
    response = client.get("/delivery/board-packs/?body=work-and-skills-board&period=2026-Q9&format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Select a reporting period" in response.content.decode()
    assert '<select class="govuk-select govuk-select--error" id="id_period"' in response.content.decode()


# ------------------------------------------------------------------------------------ the PDF


ROWS = 70  # more than the shipped plan's 68 actions


def _words(pdf) -> list[tuple[int, float, str]]:
    """(page, top y, word) for every word pdftotext finds, in reading order."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, page = [], 0
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("<page "):
            page += 1
        elif line.startswith("<word "):
            y = float(line.split('yMin="')[1].split('"')[0])
            words.append((page, y, line.split(">", 1)[1].rsplit("<", 1)[0]))
    return words


def test_pdf_rows_never_split_and_the_header_repeats_on_every_page(world, tmp_path):
    for n in range(ROWS):
        # Titles of 1 to 6 lines, within the field's 300 characters (PostgreSQL enforces it): without the
        # CSS rule, rows split (checked by removing it).
        ActionFactory(
            priority=world.priority,
            number=100 + n,
            title=f"Rowbegin{n:03d} " + "synthetic words to wrap over several lines " * (1 + n % 6) + f"Rowend{n:03d}",
        )
    pack = board_pack(plan=world.plan, body=world.body, period=Q3)
    path = tmp_path / "pack.pdf"
    path.write_bytes(FORMATS["pdf"].render(pack))
    words = _words(path)

    begins = {w[8:]: (page, y) for page, y, w in words if w.startswith("Rowbegin")}
    ends = {w[6:]: (page, y) for page, y, w in words if w.startswith("Rowend")}
    assert len(begins) == len(ends) == ROWS
    split = sorted(n for n in begins if begins[n][0] != ends[n][0])
    assert split == [], f"rows split across pages: {split}"

    first_row_y: dict[int, float] = defaultdict(lambda: float("inf"))
    for page, y in begins.values():
        first_row_y[page] = min(first_row_y[page], y)
    pages = sorted(first_row_y)
    assert len(pages) >= 3  # the table really runs over several pages
    headers = {page: y for page, y, w in words if w == "Overdue"}  # the header's last column
    for page in pages:
        assert headers.get(page, float("inf")) < first_row_y[page], f"no header row at the top of page {page}"
