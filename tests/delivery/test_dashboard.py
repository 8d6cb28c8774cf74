"""The performance team's dashboard: missing updates, overdue milestones, status counts."""

from __future__ import annotations

import datetime as dt

import pytest

from onestockport.delivery import selectors
from onestockport.delivery.models import Milestone, Update
from onestockport.delivery.periods import Period

from .factories import make_update

pytestmark = pytest.mark.django_db

PERIOD = Period(2026, 3, 3)
TODAY = dt.date(2026, 8, 20)


def test_dashboard_finds_missing_updates_and_overdue_milestones(world):
    make_update(world.own_action, period=PERIOD, state=Update.State.APPROVED, status="at-risk")
    make_update(world.other_action, period=PERIOD, state=Update.State.DRAFT)
    Milestone.objects.create(action=world.other_action, title="Late one", due=dt.date(2026, 6, 30))
    Milestone.objects.create(action=world.other_action, title="Done one", due=dt.date(2026, 6, 30), done=TODAY)
    Milestone.objects.create(action=world.other_action, title="Future", due=dt.date(2027, 6, 30))

    data = selectors.dashboard(world.plan, period=PERIOD, today=TODAY)

    assert [a.title for a in data.missing] == ["Other action", "Shared action"]
    assert [(o.title, o.due) for o in data.overdue] == [
        ("Plant 100 synthetic trees", dt.date(2025, 12, 31)),  # the plan's commitment, not recorded as done
        ("Late one", dt.date(2026, 6, 30)),
    ]
    counts = {s["status"]: s["count"] for s in data.statuses}
    assert counts["at-risk"] == 1
    assert counts["no-update"] == 2
    assert [(r.name, r.total) for r in data.by_priority] == [("Skilled and confident", 3)]
    assert [r.name for r in data.by_partner] == ["Other Organisation", "Own Organisation"]
    assert [(r.name, r.total) for r in data.by_body] == [("Work and Skills Board", 3)]


def test_dashboard_page(world, client):
    make_update(world.own_action, state=Update.State.SUBMITTED)
    client.force_login(world.users["performance-officer"])
    page = client.get("/delivery/dashboard/").content.decode()
    assert "Waiting for review (1)" in page
    assert "No update this period (2)" in page
    assert "Overdue milestones (1)" in page
    assert "By delivery body" in page
