"""History: every change to actions, milestones and updates, with who, when and the difference."""

from __future__ import annotations

import pytest
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.selectors import action_history, word_diff

pytestmark = pytest.mark.django_db


def test_history_view_shows_the_difference_of_a_changed_narrative(world):
    editor, lead = world.users["partner-editor-own"], world.users["partner-lead-own"]
    update = services.create_update(
        user=editor,
        action=world.own_action,
        content=services.UpdateContent("on-track", "The hub opened in July with 20 places."),
    )
    services.edit_update(
        user=lead,
        update_id=update.pk,
        expected_version=1,
        content=services.UpdateContent("at-risk", "The hub opened in August with 12 places."),
    )
    client = Client()
    client.force_login(world.users["partner-lead-own"])  # the action's own partners may see who changed what
    page = client.get(f"/delivery/actions/{world.own_action.pk}/history/").content.decode()

    assert "Update for " in page
    assert " changed" in page
    assert "Test Partner-Lead-Own (Own Organisation)" in page  # who
    assert "Test Partner-Editor-Own (Own Organisation)" in page  # who created it
    assert (
        'The hub opened in <del class="os-diff__del"><span class="govuk-visually-hidden">removed: </span>July</del> '
        '<ins class="os-diff__ins"><span class="govuk-visually-hidden">added: </span>August</ins> with '
        '<del class="os-diff__del"><span class="govuk-visually-hidden">removed: </span>20</del> '
        '<ins class="os-diff__ins"><span class="govuk-visually-hidden">added: </span>12</ins> places.'
    ) in page
    assert 'On track</td><td class="govuk-table__cell">At risk' in page  # status before → after
    assert "<time datetime=" in page  # when


def test_history_records_ownership_milestones_and_evidence(world):
    officer = world.users["performance-officer"]
    services.edit_ownership(
        user=officer,
        action=world.own_action,
        ownership=services.Ownership(
            lead_partner=world.own, contributing_partners=[world.other], contact_role="Head of Skills"
        ),
    )
    services.create_milestone(user=officer, action=world.own_action, title="Hub open", due=world.commitment.due)
    entries = action_history(world.own_action)
    kinds = {(entry.kind, entry.verb) for entry in entries}
    assert ("action", "changed") in kinds
    assert ("milestone", "created") in kinds
    changed = next(e for e in entries if e.kind == "action" and any(c.field == "Contact role" for c in e.changes))
    assert changed.who == "Test Performance-Officer (performance team)"
    partners = [c for e in entries for c in e.changes if c.field == "Contributing partners"]
    assert [(c.before, c.after) for c in partners] == [("\u2013", "Other Organisation")]


def test_word_diff_escapes_what_people_typed():
    diff = word_diff("safe text", "safe <script>alert(1)</script>")
    assert "<script>" not in diff
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in diff


def test_history_needs_a_signed_in_delivery_user(world, client):
    response = client.get(f"/delivery/actions/{world.own_action.pk}/history/")
    assert response.status_code == 302
    assert response["Location"].startswith("/delivery/sign-in/")


def test_another_organisations_history_is_refused(world):
    """History holds drafts, review comments and private file names: not for other organisations."""
    update = services.create_update(
        user=world.users["partner-editor-own"],
        action=world.own_action,
        content=services.UpdateContent("on-track", "First words."),
    )
    services.edit_update(
        user=world.users["partner-editor-own"],
        update_id=update.pk,
        expected_version=1,
        content=services.UpdateContent("on-track", "Secret draft words."),
    )
    for role in ("partner-editor-other", "partner-lead-other"):
        client = Client()
        client.force_login(world.users[role])
        response = client.get(f"/delivery/actions/{world.own_action.pk}/history/")
        assert response.status_code == 403, role
        assert "Secret draft" not in response.content.decode()
    # Their own organisation's action (led by `other`, which `own` contributes to) stays open to them.
    client = Client()
    client.force_login(world.users["partner-editor-other"])
    assert client.get(f"/delivery/actions/{world.contributed_action.pk}/history/").status_code == 200
