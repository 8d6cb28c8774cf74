"""Actions with their delivery status: the list shows it, filters by it, and flags overdue commitments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from onestockport.delivery import outcomes
from onestockport.delivery.models import Milestone, Status, Update
from onestockport.plans.models import Action, Commitment
from tests.delivery.factories import make_update

pytestmark = pytest.mark.django_db


def _action(priority: str, number: int) -> Action:
    return Action.objects.get(priority__slug=priority, number=number)


def test_the_list_shows_each_action_s_latest_approved_status(client, loaded_plan):
    make_update(_action("climate-friendly", 5), state=Update.State.APPROVED, status=Status.ON_TRACK)
    make_update(_action("climate-friendly", 6), state=Update.State.DRAFT, status=Status.OFF_TRACK)
    page = client.get("/actions/?priority=climate-friendly").content.decode()
    assert page.count("On track") == 2  # the filter's option and action 5's tag
    assert page.count("Off track") == 1  # the option only: a draft is not public


def test_filtering_by_status_without_javascript(client, loaded_plan):
    make_update(_action("climate-friendly", 5), state=Update.State.APPROVED, status=Status.ON_TRACK)
    page = client.get("/actions/?status=on-track").content.decode()
    assert "1 action found" in page
    assert "/priorities/climate-friendly/actions/5/" in page
    no_update = client.get("/actions/?status=no-update").content.decode()
    assert f"{Action.objects.count() - 1} actions found" in no_update


def test_an_unknown_status_is_ignored_and_said(client, loaded_plan):
    page = client.get("/actions/?status=<script>").content.decode()
    assert "That choice is not available" in page
    assert f"{Action.objects.count()} actions" in page
    assert "<script>" not in page.split("</head>")[1].replace("<script>document.body", "")


def test_a_dated_commitment_past_its_date_is_overdue(client, loaded_plan):
    clean_air = _action("climate-friendly", 7)
    commitment = clean_air.commitments.get()
    assert commitment.due < timezone.localdate()
    progress = outcomes.public_progress([clean_air], today=timezone.localdate())[clean_air.pk]
    assert progress.overdue == [commitment]
    page = client.get("/actions/?status=overdue").content.decode()
    assert "/priorities/climate-friendly/actions/7/" in page
    assert "Overdue" in page
    assert commitment.what in page


def test_a_verified_completion_or_a_complete_action_is_not_overdue(loaded_plan):
    action = _action("climate-friendly", 7)
    commitment = action.commitments.get()
    today = timezone.localdate()
    Milestone.objects.create(
        action=action, commitment=commitment, title=commitment.what, due=commitment.due, done=commitment.due
    )
    assert outcomes.public_progress([action], today=today)[action.pk].is_overdue  # not yet verified
    Milestone.objects.filter(commitment=commitment).update(verified_at=timezone.now())
    assert not outcomes.public_progress([action], today=today)[action.pk].is_overdue
    Milestone.objects.all().delete()
    make_update(action, state=Update.State.APPROVED, status=Status.COMPLETE)
    assert not outcomes.public_progress([action], today=today)[action.pk].is_overdue


def test_a_commitment_not_yet_due_is_not_overdue(loaded_plan):
    trees = _action("climate-friendly", 5)
    due = Commitment.objects.filter(action=trees).order_by("due").first().due
    assert not outcomes.public_progress([trees], today=due)[trees.pk].is_overdue
    assert outcomes.public_progress([trees], today=due + dt.timedelta(days=1))[trees.pk].is_overdue


def test_the_action_page_says_a_commitment_is_overdue_not_that_it_is_unreported(client, loaded_plan):
    page = client.get("/priorities/climate-friendly/actions/7/").content.decode()
    assert "Overdue" in page
    assert "with no completion recorded" in page
    make_update(_action("climate-friendly", 7), state=Update.State.APPROVED, status=Status.COMPLETE)
    assert "Overdue" not in client.get("/priorities/climate-friendly/actions/7/").content.decode()
