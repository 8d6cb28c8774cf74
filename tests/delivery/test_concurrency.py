"""Two people edit the same update: the second save is refused, clearly, and their text stays on screen."""

from __future__ import annotations

import pytest
from django.test import Client

from onestockport.delivery.errors import StaleEdit
from onestockport.delivery.models import Update
from onestockport.delivery.services import UpdateContent, edit_update

from .factories import make_update

pytestmark = pytest.mark.django_db


def _form(response) -> dict:
    """What the browser would send back from the edit page: the fields as rendered, version included."""
    form = response.context["form"]
    return {
        "version": form["version"].value(),
        "status": form["status"].value(),
        "narrative": form["narrative"].value(),
        "percent_complete": form["percent_complete"].value() or "",
        "evidence_links": form["evidence_links"].value() or "",
    }


def test_second_of_two_signed_in_editors_is_refused_and_keeps_their_text(world):
    update = make_update(world.own_action, narrative="The original narrative.")
    editor, lead = Client(), Client()
    editor.force_login(world.users["partner-editor-own"])
    lead.force_login(world.users["partner-lead-own"])
    url = f"/delivery/updates/{update.pk}/edit/"

    # Both open the edit page of version 1.
    editor_form, lead_form = _form(editor.get(url)), _form(lead.get(url))
    assert editor_form["version"] == lead_form["version"] == 1

    first = editor.post(url, {**editor_form, "narrative": "The editor's account of the quarter."})
    assert first.status_code == 302

    second = lead.post(url, {**lead_form, "status": "at-risk", "narrative": "The lead's different account."})
    assert second.status_code == 409
    page = second.content.decode()
    assert "There is a problem" in page
    assert "after you opened it. Your changes have not been saved." in page
    assert "Test Partner-Editor-Own (Own Organisation)" in page  # who saved in between
    assert "The lead&#x27;s different account.</textarea>" in page  # their text is still on screen
    assert 'value="at-risk" checked' in page

    update.refresh_from_db()
    assert update.narrative == "The editor's account of the quarter."  # nothing silently overwritten
    assert update.status == "on-track"
    assert update.version == 2
    assert update.history.count() == 2  # created, then the one accepted edit


def test_a_stale_version_is_refused_by_the_service_too(world):
    update = make_update(world.own_action)
    user = world.users["partner-editor-own"]
    content = UpdateContent(status="on-track", narrative="First save")
    edit_update(user=user, update_id=update.pk, expected_version=1, content=content)
    with pytest.raises(StaleEdit):
        edit_update(user=user, update_id=update.pk, expected_version=1, content=content)
    assert Update.objects.get(pk=update.pk).version == 2


def test_approving_a_version_the_reviewer_has_not_seen_is_refused(world):
    update = make_update(world.own_action, state=Update.State.SUBMITTED)
    officer = Client()
    officer.force_login(world.users["performance-officer"])
    Update.objects.filter(pk=update.pk).update(version=5)  # changed since the officer loaded the page
    response = officer.post(f"/delivery/updates/{update.pk}/approve/", {"version": 1})
    assert response.status_code == 409
    assert Update.objects.get(pk=update.pk).state == Update.State.SUBMITTED
