"""What the delivery forms accept: ids in range, and plain text without hidden control characters."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.forms import OwnershipForm
from onestockport.delivery.models import Milestone, Update
from onestockport.plans.models import Action

from .factories import make_update

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [
    "99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "abc",
    "1.5",
    "\uff11\uff12",
]  # the last: full-width digits


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize("field", ["lead_partner", "contributing_partners", "delivery_body"])
def test_ownership_ids_out_of_range_are_a_form_error_not_a_crash(world, field, value):
    response = _client(world, "performance-officer").post(
        f"/delivery/actions/{world.own_action.pk}/ownership/",
        {"lead_partner": world.own.pk, "contact_role": "Changed", field: value},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select a valid choice" in page
    assert Action.objects.get(pk=world.own_action.pk).contact_role != "Changed"


def test_ownership_form_still_takes_real_ids(world):
    form = OwnershipForm(
        {"lead_partner": str(world.other.pk), "contributing_partners": [str(world.own.pk)]}, action=world.own_action
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead_partner"] == world.other
    assert list(form.cleaned_data["contributing_partners"]) == [world.own]


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808"])
def test_a_version_out_of_range_is_a_form_error_not_a_crash(world, value):
    update = make_update(world.own_action)
    client = _client(world, "partner-editor-own")
    edit = client.post(
        f"/delivery/updates/{update.pk}/edit/", {"version": value, "status": "on-track", "narrative": "x"}
    )
    assert edit.status_code == 200
    submit = _client(world, "partner-lead-own").post(f"/delivery/updates/{update.pk}/submit/", {"version": value})
    assert submit.status_code == 400
    assert Update.objects.get(pk=update.pk).version == 1


@pytest.mark.parametrize("path", ["/delivery/actions/99999999999999999999/", "/delivery/updates/99999999999999999999/"])
def test_ids_out_of_range_in_addresses_are_not_found(world, path):
    assert _client(world, "performance-officer").get(path).status_code == 404


# --- text -----------------------------------------------------------------------------------------

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: makes "exe.pdf" display as "fdp.exe"
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x00\x07\x1b\x7f\x85\x9b"


def test_clean_text_removes_bidirectional_and_control_characters():
    from onestockport.delivery.text import clean_text

    assert clean_text(f"Line{HIDDEN} one\r\nLine\ttwo\u2028three") == "Line one\nLine\ttwo\nthree"
    assert clean_text(f"a{RLO}b\nc", multiline=False) == "ab c"
    # Letters of right-to-left scripts and the plain direction marks stay: people's names need them.
    words = "\u0645\u0631\u062d\u0628\u0627 \u200f\u05e9\u05dc\u05d5\u05dd\u200e 2030"  # Arabic, Hebrew
    assert clean_text(words) == words


def test_every_delivery_form_cleans_its_free_text(world):
    editor, officer = _client(world, "partner-editor-own"), _client(world, "performance-officer")
    action = world.own_action

    editor.post(
        f"/delivery/actions/{action.pk}/updates/new/",
        {
            "version": 1,
            "status": "on-track",
            "narrative": f"Hub {RLO}open\u2066ed\u2069\x1b[31m",
            "evidence_file": SimpleUploadedFile(f"report{RLO}fdp.exe\u2066.pdf", b"%PDF-1.4 test"),
        },
    )
    update = Update.objects.get(action=action)
    assert update.narrative == "Hub opened[31m"
    assert update.files.get().original_name == "reportfdp.exe.pdf"

    editor.post(f"/delivery/actions/{action.pk}/milestones/new/", {"title": f"Open {RLO}buh", "due": "2027-03-31"})
    assert Milestone.objects.filter(title="Open buh").exists()

    services.submit_update(user=world.users["partner-lead-own"], update_id=update.pk, expected_version=1)
    officer.post(f"/delivery/updates/{update.pk}/return/", {"version": 2, "comment": f"Say {RLO}more\u2067"})
    assert Update.objects.get(pk=update.pk).review_comment == "Say more"

    officer.post(
        f"/delivery/actions/{action.pk}/ownership/",
        {"lead_partner": world.own.pk, "contact_role": f"Head of {RLO}Skills\n"},
    )
    assert Action.objects.get(pk=action.pk).contact_role == "Head of Skills"


def test_the_services_clean_text_too(world):
    """The commands and the demo write through the services, not the forms."""
    update = services.create_update(
        user=world.users["partner-editor-own"],
        action=world.own_action,
        content=services.UpdateContent("on-track", f"Quiet{RLO} text\u2068"),
    )
    assert update.narrative == "Quiet text"
