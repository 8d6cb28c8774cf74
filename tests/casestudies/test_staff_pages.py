"""The staff pages, without JavaScript: write a case study with images and alt text, send it, review it.
All case studies and images here are SYNTHETIC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from onestockport.casestudies import pending_images
from onestockport.casestudies.models import CaseStudy

from .conftest import PLAN_TITLES, image_upload

pytestmark = pytest.mark.django_db


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _form(world, **changes) -> dict:
    data = {
        "version": 1,
        "title": "Synthetic case study from the form",
        "summary": "Synthetic summary.",
        "text": "Synthetic paragraph one.\r\n\r\nSynthetic paragraph two.",
        "partner": world.own.pk,
        "priorities": [world.priority.pk],
        "actions": [world.own_action.pk],
        "plan_title": "",
    }
    data.update(changes)
    return data


def test_the_form_lists_priorities_actions_and_the_plans_titles(titled):
    page = _client(titled, "partner-editor-own").get("/delivery/case-studies/new/").content.decode()
    assert f'type="checkbox" value="{titled.priority.pk}"' in page
    assert "Own action" in page
    assert f'<optgroup label="{titled.priority.name}"><option value="{PLAN_TITLES[0]}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert page.count('type="file"') == 3
    assert "Own Organisation" in page
    assert "Other Organisation" not in page


def test_write_with_two_images_then_submit_and_approve(titled):
    editor = _client(titled, "partner-editor-own")
    data = _form(
        titled,
        plan_title=PLAN_TITLES[1],
        consent_recorded="on",
        image_1=image_upload("one.png"),
        image_1_alt="A synthetic blue square",
        image_2=image_upload("two.jpg", "JPEG"),
        image_2_alt="Another synthetic square",
        image_2_caption="Synthetic caption",
    )
    response = editor.post("/delivery/case-studies/new/", data)
    assert response.status_code == 302
    case_study = CaseStudy.objects.get()
    assert [image.alt_text for image in case_study.images.all()] == [
        "A synthetic blue square",
        "Another synthetic square",
    ]
    page = editor.get(f"/delivery/case-studies/{case_study.pk}/").content.decode()
    assert 'alt="A synthetic blue square"' in page
    assert "Your organisation's partner lead sends the case study" in page
    lead = _client(titled, "partner-lead-own")
    assert lead.post(f"/delivery/case-studies/{case_study.pk}/submit/", {"version": 1}).status_code == 302
    officer = _client(titled, "performance-officer")
    assert "Approve and publish" in officer.get(f"/delivery/case-studies/{case_study.pk}/").content.decode()
    assert officer.post(f"/delivery/case-studies/{case_study.pk}/approve/", {"version": 2}).status_code == 302
    case_study.refresh_from_db()
    assert case_study.state == CaseStudy.State.APPROVED
    public = Client().get("/priorities/skilled/").content.decode()
    assert case_study.title in public
    assert f'{PLAN_TITLES[0]}: <span class="os-to-come">' in public
    assert f'{PLAN_TITLES[1]}: <span class="os-to-come">' not in public


def test_an_image_without_alt_text_or_a_bad_file_is_a_form_error(world):
    editor = _client(world, "partner-editor-own")
    response = editor.post("/delivery/case-studies/new/", _form(world, image_1=image_upload()))
    assert response.status_code == 400
    assert "Enter alt text for image 1" in response.content.decode()
    bad = _form(world, image_1=image_upload("fake.png", "GIF"), image_1_alt="Alt")
    response = editor.post("/delivery/case-studies/new/", bad)
    assert response.status_code == 400
    assert "Image 1 must be a PNG, JPEG or WebP image, not a GIF file" in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_submitting_without_consent_says_why(world):
    editor = _client(world, "partner-editor-own")
    editor.post("/delivery/case-studies/new/", _form(world))
    case_study = CaseStudy.objects.get()
    response = _client(world, "partner-lead-own").post(
        f"/delivery/case-studies/{case_study.pk}/submit/", {"version": 1}
    )
    assert response.status_code == 409
    assert "has agreed to it before submitting" in response.content.decode()


def test_an_image_can_be_removed_while_a_draft(world):
    editor = _client(world, "partner-editor-own")
    editor.post("/delivery/case-studies/new/", _form(world, image_1=image_upload(), image_1_alt="Alt"))
    case_study = CaseStudy.objects.get()
    [image] = case_study.images.all()
    data = _form(world, remove_images=[image.pk])
    assert editor.post(f"/delivery/case-studies/{case_study.pk}/edit/", data).status_code == 302
    assert not case_study.images.exists()


def test_the_list_shows_own_organisation_to_partners_and_all_to_the_team(world):
    from onestockport.casestudies import services

    from .conftest import content

    services.create_case_study(user=world.users["partner-editor-own"], plan=world.plan, content=content(world))
    other = content(world, title="Synthetic other organisation's", partner_id=world.other.pk)
    services.create_case_study(user=world.users["partner-editor-other"], plan=world.plan, content=other)
    own_page = _client(world, "partner-editor-own").get("/delivery/case-studies/").content.decode()
    team_page = _client(world, "performance-officer").get("/delivery/case-studies/").content.decode()
    assert "community garden" in own_page
    assert "other organisation" not in own_page
    assert "community garden" in team_page
    assert "other organisation" in team_page
    assert 'href="/delivery/case-studies/"' in team_page  # in the staff menu


def test_an_image_chosen_before_an_error_elsewhere_waits_for_the_next_save(world):
    editor = _client(world, "partner-editor-own")
    first = _form(world, title="", image_1=image_upload("kept.png"), image_1_alt="A kept synthetic square")
    response = editor.post("/delivery/case-studies/new/", first)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Already chosen: kept.png" in page
    [waiting] = pending_images.for_page(response.wsgi_request).values()
    assert f'name="image_1_kept" type="checkbox" value="{waiting.token}" checked' in page
    assert default_storage.exists(waiting.path)

    again = _form(world, image_1_alt="A kept synthetic square", image_1_kept=waiting.token)
    assert editor.post("/delivery/case-studies/new/", again).status_code == 302
    [image] = CaseStudy.objects.get().images.all()
    assert image.alt_text == "A kept synthetic square"
    assert not default_storage.exists(waiting.path)  # saved as the case study's image, the waiting copy gone


def test_an_unticked_waiting_image_is_deleted_not_saved(world):
    editor = _client(world, "partner-editor-own")
    response = editor.post("/delivery/case-studies/new/", _form(world, title="", image_1=image_upload()))
    [waiting] = pending_images.for_page(response.wsgi_request).values()
    assert editor.post("/delivery/case-studies/new/", _form(world)).status_code == 302  # not ticked
    assert not CaseStudy.objects.get().images.exists()
    assert not default_storage.exists(waiting.path)


def test_images_left_waiting_a_day_are_deleted(world):
    editor = _client(world, "partner-editor-own")
    response = editor.post("/delivery/case-studies/new/", _form(world, title="", image_1=image_upload()))
    [waiting] = pending_images.for_page(response.wsgi_request).values()
    assert pending_images.remove_abandoned() == 0
    assert pending_images.remove_abandoned(older_than=dt.timedelta(0)) >= 1  # with any other test's
    assert not default_storage.exists(waiting.path)
