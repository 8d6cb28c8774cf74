"""Who delivers many actions at once: the checkbox page, the CSV upload with its preview, the dashboard.

Plans, partners and files are synthetic (tests/delivery/conftest.py).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.plans.models import Action

from .factories import ActionFactory

pytestmark = pytest.mark.django_db
HEADER = "priority,action,lead partner,contributing partners\r\n"


def _officer(world) -> Client:
    client = Client()
    client.force_login(world.users["performance-officer"])
    return client


def _upload(client, text: str, name: str = "owners.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post("/delivery/ownership/upload/", {"file": file})


def _snapshot() -> list[tuple]:
    return [
        (a.pk, a.lead_partner_id, tuple(sorted(a.contributing_partners.values_list("pk", flat=True))))
        for a in Action.objects.order_by("pk")
    ]


def test_unowned_actions_come_first(world):
    ActionFactory(priority=world.priority, number=9, title="Nobody leads this", lead_partner=None)
    page = _officer(world).get("/delivery/ownership/").content.decode()
    assert page.index("Nobody leads this") < page.index("Own action")
    dashboard = _officer(world).get("/delivery/dashboard/").content.decode()
    assert "No lead partner (1)" in dashboard
    assert dashboard.index('id="unowned"') < dashboard.index('id="review"')


def test_set_lead_and_add_contributors_to_many(world):
    chosen = [world.own_action.pk, world.other_action.pk]
    response = _officer(world).post(
        "/delivery/ownership/",
        {"actions": chosen, "lead_partner": world.own.pk, "contributing_partners": [world.other.pk]},
    )
    assert response.status_code == 302
    for pk in chosen:
        action = Action.objects.get(pk=pk)
        assert action.lead_partner == world.own
        assert list(action.contributing_partners.all()) == [world.other]
    assert Action.objects.get(pk=world.contributed_action.pk).lead_partner == world.other  # not chosen
    assert world.own_action.history.count() >= 2  # recorded, with who did it


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Select at least one action"),
        ({"actions": ["99999999999999999999999"]}, "Select actions from the list"),
        ({"actions": ["<script>"], "lead_partner": "1"}, "Select actions from the list"),
        ({"actions": ["{own}"]}, "Select a lead partner or at least one contributing partner"),
        ({"actions": ["{own}"], "lead_partner": "x' OR 1=1"}, "Select a lead partner from the list"),
    ],
)
def test_bad_choices_change_nothing(world, data, error):
    before = _snapshot()
    data = {
        k: [str(world.own_action.pk) if v == "{own}" else v for v in vs] if isinstance(vs, list) else vs
        for k, vs in data.items()
    }
    response = _officer(world).post("/delivery/ownership/", data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert _snapshot() == before


def test_csv_preview_then_apply(world):
    client = _officer(world)
    text = HEADER + "skilled,2,own-org,Other Organisation\r\nSkilled and confident,3,,own-org\r\n"
    before = _snapshot()
    preview = client.post("/delivery/ownership/upload/", {"file": SimpleUploadedFile("o.csv", text.encode())})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Check the changes" in page
    assert "Apply these changes" in page
    assert _snapshot() == before  # a preview changes nothing
    applied = client.post("/delivery/ownership/upload/", {"text": text, "name": "o.csv"})
    assert applied.status_code == 302
    assert Action.objects.get(pk=world.other_action.pk).lead_partner == world.own
    # Row 3: lead left as it is; own-org already contributes.
    assert Action.objects.get(pk=world.contributed_action.pk).lead_partner == world.other


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("action,lead partner\r\n1,own-org\r\n", "row 1: missing column(s) priority, contributing partners"),
        (HEADER + "skilled,1,own-org,\r\nnowhere,1,own-org,\r\n", "row 3, column priority: no priority called"),
        (HEADER + "skilled,one,own-org,\r\n", "row 2, column action: “one” is not an action number"),
        (HEADER + "skilled,77,own-org,\r\n", "row 2, column action: Skilled and confident has no action 77"),
        (HEADER + "skilled,1,Acme Ltd,\r\n", "row 2, column lead partner: no partner called"),
        (HEADER + "skilled,1,own-org,own-org; Nobody\r\n", "row 2, column contributing partners: no partner"),
        (HEADER + "skilled,1,own-org,\r\nskilled,1,other-org,\r\n", "is already on row 2"),
        (HEADER, "the file has no rows after its header"),
    ],
)
def test_csv_errors_name_row_and_column_and_apply_nothing(world, text, error):
    before = _snapshot()
    response = _upload(_officer(world), text)
    assert response.status_code == 400
    page = response.content.decode()
    assert "nothing has been changed" in page
    assert error in page
    assert "Apply these changes" not in page
    assert _snapshot() == before


def test_a_tampered_confirmation_is_checked_again(world):
    before = _snapshot()
    response = _officer(world).post("/delivery/ownership/upload/", {"text": HEADER + "skilled,1,Evil Corp,\r\n"})
    assert response.status_code == 400
    assert _snapshot() == before


def test_not_utf8_is_refused(world):
    file = SimpleUploadedFile("o.csv", b"\xff\xfe\x00p\x00r")
    response = _officer(world).post("/delivery/ownership/upload/", {"file": file})
    assert "not UTF-8" in response.content.decode()


def test_the_template_round_trips(world):
    client = _officer(world)
    template = client.get("/delivery/ownership/ownership.csv")
    assert template["Content-Disposition"] == 'attachment; filename="ownership.csv"'
    text = template.content.decode()
    assert text.startswith("priority,action,lead partner,contributing partners")
    assert "skilled,3,other-org,own-org" in text
    preview = _upload(client, text)
    assert preview.status_code == 200
    assert "Check the changes" in preview.content.decode()
