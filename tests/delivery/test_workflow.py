"""The update workflow: draft → submitted → approved (public) or returned with a comment."""

from __future__ import annotations

import pytest
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.errors import DeliveryError, DuplicateUpdate, InvalidTransition, PermissionRefused
from onestockport.delivery.models import Milestone, Update

from .factories import make_update

pytestmark = pytest.mark.django_db


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_full_workflow_through_the_pages(world):
    editor, lead, officer = (
        _client(world, r) for r in ("partner-editor-own", "partner-lead-own", "performance-officer")
    )
    action = world.own_action

    response = editor.post(
        f"/delivery/actions/{action.pk}/updates/new/",
        {"version": 1, "status": "on-track", "percent_complete": "30", "narrative": "Work began in July."},
    )
    update = Update.objects.get(action=action)
    assert response["Location"] == f"/delivery/updates/{update.pk}/"
    assert (update.state, update.created_by.username) == ("draft", "partner-editor-own")

    # An editor cannot send it to the performance team; the lead can.
    assert editor.post(f"/delivery/updates/{update.pk}/submit/", {"version": 1}).status_code == 403
    assert lead.post(f"/delivery/updates/{update.pk}/submit/", {"version": 1}).status_code == 302

    # Returned with a comment, edited, sent again, approved.
    assert officer.post(f"/delivery/updates/{update.pk}/return/", {"version": 2, "comment": ""}).status_code == 400
    officer.post(f"/delivery/updates/{update.pk}/return/", {"version": 2, "comment": "Say what began."})
    update.refresh_from_db()
    assert (update.state, update.review_comment) == ("returned", "Say what began.")
    assert "Say what began." in editor.get(f"/delivery/updates/{update.pk}/edit/").content.decode()
    editor.post(
        f"/delivery/updates/{update.pk}/edit/",
        {"version": 3, "status": "on-track", "narrative": "The skills hub opened in July."},
    )
    lead.post(f"/delivery/updates/{update.pk}/submit/", {"version": 4})
    assert officer.post(f"/delivery/updates/{update.pk}/approve/", {"version": 5}).status_code == 302
    update.refresh_from_db()
    assert (update.state, update.reviewed_by.username) == ("approved", "performance-officer")
    assert [r.state for r in update.history.order_by("history_date", "history_id")] == [
        "draft",
        "submitted",
        "returned",
        "returned",
        "submitted",
        "approved",
    ]


@pytest.mark.parametrize(
    ("state", "step", "role"),
    [
        ("draft", "approve", "performance-officer"),
        ("draft", "return", "performance-officer"),
        ("returned", "approve", "performance-officer"),
        ("approved", "submit", "partner-lead-own"),
        ("approved", "return", "performance-officer"),
        ("approved", "approve", "performance-officer"),
        ("submitted", "submit", "partner-lead-own"),
    ],
)
def test_invalid_transitions_are_refused(world, state, step, role):
    update = make_update(world.own_action, state=state)
    response = _client(world, role).post(
        f"/delivery/updates/{update.pk}/{step}/", {"version": update.version, "comment": "A comment"}
    )
    assert response.status_code == 409
    assert "There is a problem" in response.content.decode()
    update.refresh_from_db()
    assert (update.state, update.version) == (state, 1)


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_submitted_and_approved_updates_cannot_be_edited(world, state):
    update = make_update(world.own_action, state=state, narrative="Locked")
    client = _client(world, "partner-editor-own")
    response = client.post(
        f"/delivery/updates/{update.pk}/edit/", {"version": 1, "status": "on-track", "narrative": "Changed"}
    )
    assert response.status_code == 409
    assert Update.objects.get(pk=update.pk).narrative == "Locked"
    assert client.get(f"/delivery/updates/{update.pk}/edit/").status_code == 302  # back to the update page


def test_one_update_per_action_per_period(world):
    user = world.users["partner-editor-own"]
    content = services.UpdateContent(status="on-track", narrative="First")
    services.create_update(user=user, action=world.own_action, content=content)
    with pytest.raises(DuplicateUpdate):
        services.create_update(user=user, action=world.own_action, content=content)
    # The page sends a second attempt to the existing update instead.
    response = _client(world, "partner-editor-own").get(f"/delivery/actions/{world.own_action.pk}/updates/new/")
    assert response.status_code == 302


def test_contributing_partners_may_report_too(world):
    user = world.users["partner-editor-own"]
    update = services.create_update(
        user=user, action=world.contributed_action, content=services.UpdateContent("on-track", "We contributed.")
    )
    assert update.action == world.contributed_action


def test_narrative_is_cleaned_and_length_limited(world):
    user = world.users["partner-editor-own"]
    update = services.create_update(
        user=user,
        action=world.own_action,
        content=services.UpdateContent("on-track", "  Line one\r\nLine\x00 two\x07  "),
    )
    assert update.narrative == "Line one\nLine two"
    with pytest.raises(DeliveryError, match="2,000 characters"):
        services.edit_update(
            user=user, update_id=update.pk, expected_version=1, content=services.UpdateContent("on-track", "x" * 2001)
        )
    response = _client(world, "partner-editor-own").post(
        f"/delivery/updates/{update.pk}/edit/", {"version": 1, "status": "on-track", "narrative": "x" * 2001}
    )
    assert "must be 2,000 characters or fewer" in response.content.decode()
    assert 'data-maxlength="2000"' in response.content.decode()


def test_evidence_links_must_be_web_addresses(world):
    response = _client(world, "partner-editor-own").post(
        f"/delivery/actions/{world.own_action.pk}/updates/new/",
        {"version": 1, "status": "on-track", "narrative": "x", "evidence_links": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "Enter a link that starts with https://" in response.content.decode()
    assert not Update.objects.exists()


def test_approval_publishes_the_milestones_reported_with_it(world):
    editor = world.users["partner-editor-own"]
    officer = world.users["performance-officer"]
    milestone = services.complete_commitment(user=editor, commitment_id=world.commitment.pk, done=None)
    milestone = services.complete_commitment(
        user=editor, commitment_id=world.commitment.pk, done=milestone.due.replace(day=1)
    )
    assert milestone.verified_at is None
    update = make_update(world.own_action, state=Update.State.SUBMITTED)
    services.approve_update(user=officer, update_id=update.pk, expected_version=1)
    assert Milestone.objects.get(pk=milestone.pk).verified_at is not None


def test_commitment_milestones_keep_the_plans_wording(world):
    officer = world.users["performance-officer"]
    milestone = services.complete_commitment(user=officer, commitment_id=world.commitment.pk, done=None)
    assert milestone.title == world.commitment.what
    with pytest.raises(InvalidTransition):
        services.edit_milestone(user=officer, milestone_id=milestone.pk, title="New", due=milestone.due)


def test_partner_cannot_write_to_another_organisations_action_through_the_service(world):
    with pytest.raises(PermissionRefused):
        services.create_milestone(
            user=world.users["partner-lead-own"], action=world.other_action, title="x", due=world.commitment.due
        )


def test_forms_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["partner-editor-own"])
    response = client.post(
        f"/delivery/actions/{world.own_action.pk}/updates/new/",
        {"version": 1, "status": "on-track", "narrative": "x"},
    )
    assert response.status_code == 403
    assert not Update.objects.exists()
    page = client.get(f"/delivery/actions/{world.own_action.pk}/updates/new/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
