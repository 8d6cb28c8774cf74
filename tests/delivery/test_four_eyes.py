"""Four eyes: nobody approves an update they wrote. ONESTOCKPORT_FOUR_EYES=False lifts it for a one-person team.

An update's authors are everyone who created it, saved a change to its content or attached a file to it;
pressing "submit" or "return" does not make someone an author.
"""

from __future__ import annotations

import importlib
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.errors import FourEyesRefused
from onestockport.delivery.history import update_authors
from onestockport.delivery.models import Update

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test"


def _write(world, author: str) -> Update:
    return services.create_update(
        user=world.users[author], action=world.own_action, content=services.UpdateContent("on-track", "Written.")
    )


def _submit(world, update: Update, by: str = "partner-lead-own") -> Update:
    return services.submit_update(user=world.users[by], update_id=update.pk, expected_version=update.version)


def _approve(world, update: Update, by: str) -> Update:
    return services.approve_update(user=world.users[by], update_id=update.pk, expected_version=update.version)


def test_an_officer_cannot_write_submit_and_approve_alone(world):
    update = _submit(world, _write(world, "performance-officer"), by="performance-officer")
    with pytest.raises(FourEyesRefused, match="someone else in the performance team must approve it"):
        _approve(world, update, by="performance-officer")
    assert Update.objects.get(pk=update.pk).state == Update.State.SUBMITTED
    assert _approve(world, update, by="administrator").state == Update.State.APPROVED


def test_editing_the_content_or_attaching_a_file_makes_an_author(world):
    update = _write(world, "partner-editor-own")
    update = services.edit_update(
        user=world.users["administrator"],
        update_id=update.pk,
        expected_version=update.version,
        content=services.UpdateContent("on-track", "Written."),
        files=[SimpleUploadedFile("a.pdf", PDF)],
    )
    update = services.edit_update(
        user=world.users["performance-officer"],
        update_id=update.pk,
        expected_version=update.version,
        content=services.UpdateContent("at-risk", "Rewritten by the officer."),
    )
    names = {user.username for user in update_authors(update)}
    assert names == {"partner-editor-own", "administrator", "performance-officer"}
    update = _submit(world, update)
    for officer in ("performance-officer", "administrator"):
        with pytest.raises(FourEyesRefused):
            _approve(world, update, by=officer)


def test_returning_an_update_does_not_make_the_reviewer_an_author(world):
    update = _submit(world, _write(world, "partner-editor-own"))
    update = services.return_update(
        user=world.users["performance-officer"], update_id=update.pk, expected_version=update.version, comment="More."
    )
    update = services.edit_update(
        user=world.users["partner-editor-own"],
        update_id=update.pk,
        expected_version=update.version,
        content=services.UpdateContent("on-track", "Written, with more."),
    )
    update = _submit(world, update)
    assert {user.username for user in update_authors(update)} == {"partner-editor-own"}
    assert _approve(world, update, by="performance-officer").state == Update.State.APPROVED


def _page(world, update: Update, role: str) -> tuple[int, str]:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(f"/delivery/updates/{update.pk}/")
    return response.status_code, response.content.decode()


def test_the_author_sees_why_there_is_no_approve_button(world):
    update = _submit(world, _write(world, "performance-officer"), by="performance-officer")
    _, page = _page(world, update, "performance-officer")
    assert "Approve and publish" not in page
    assert "You wrote part of this update, so someone else in the performance team must approve it." in page
    assert "Return to the partner" in page  # sending it back for changes is still open to them
    _, other = _page(world, update, "administrator")
    assert "Approve and publish" in other

    client = Client()
    client.force_login(world.users["performance-officer"])
    response = client.post(f"/delivery/updates/{update.pk}/approve/", {"version": update.version})
    assert response.status_code == 403
    assert "someone else in the performance team must approve it" in response.content.decode()
    assert Update.objects.get(pk=update.pk).state == Update.State.SUBMITTED


def test_a_one_person_team_can_turn_four_eyes_off(world, settings):
    settings.ONESTOCKPORT_FOUR_EYES = False
    update = _submit(world, _write(world, "performance-officer"), by="performance-officer")
    _, page = _page(world, update, "performance-officer")
    assert "Approve and publish" in page
    assert "must approve it" not in page
    assert _approve(world, update, by="performance-officer").state == Update.State.APPROVED


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("1", True), ("0", False)])
def test_the_setting_is_read_from_the_environment(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("ONESTOCKPORT_FOUR_EYES", raising=False)
    else:
        monkeypatch.setenv("ONESTOCKPORT_FOUR_EYES", value)
    original = sys.modules.pop("config.settings.base")
    try:
        base = importlib.import_module("config.settings.base")
        assert base.ONESTOCKPORT_FOUR_EYES is expected
    finally:
        sys.modules["config.settings.base"] = original
