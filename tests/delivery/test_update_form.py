"""Writing and reviewing updates: several files at once, kept across a validation error; the plan, its
milestones and the last approved update beside the form; the change against last quarter; next to review.

All plans, updates and files here are synthetic.
"""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.delivery import reviewing, services
from onestockport.delivery.models import EvidenceFile, Status, Update
from onestockport.delivery.pending_uploads import FIELD_NAME, SESSION_KEY
from onestockport.delivery.permissions import Role
from onestockport.delivery.selectors import current_period

from .factories import make_update, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    settings.STORAGES = {**settings.STORAGES}


def _client(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _new_url(world) -> str:
    return f"/delivery/actions/{world.own_action.pk}/updates/new/"


def _files(*pairs):
    return [SimpleUploadedFile(name, content) for name, content in pairs]


# --- 1. Several files at once, kept after a validation error -----------------------------------------


def test_the_form_offers_a_multiple_file_input(world):
    page = _client(world, "partner-editor-own").get(_new_url(world)).content.decode()
    assert 'type="file" multiple' in page
    assert 'name="evidence_file"' in page


def test_several_files_are_saved_as_evidence_in_one_go(world):
    client = _client(world, "partner-editor-own")
    files = _files(("report.pdf", PDF), ("photo.png", PNG), ("figures.csv", b"a,b\n1,2\n"))
    response = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "Three files", "evidence_file": files}
    )
    assert response.status_code == 302
    update = Update.objects.get(action=world.own_action)
    assert sorted(update.files.values_list("original_name", flat=True)) == ["figures.csv", "photo.png", "report.pdf"]


def test_each_bad_file_is_named_and_nothing_is_saved(world):
    client = _client(world, "partner-editor-own")
    files = _files(("report.pdf", PDF), ("fake.pdf", b"<html></html>"), ("page.html", b"<html></html>"))
    response = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "Bad files", "evidence_file": files}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“fake.pdf” is not a real PDF" in page
    assert "“page.html” must be a PDF, PNG, JPG, DOCX, XLSX or CSV" in page
    assert not Update.objects.exists()
    assert not EvidenceFile.objects.exists()


def test_too_many_files_at_once_are_refused(world):
    client = _client(world, "partner-editor-own")
    files = _files(*[(f"r{i}.pdf", PDF) for i in range(11)])
    response = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "Many", "evidence_file": files}
    )
    assert "Select 10 files or fewer" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_files_chosen_before_a_validation_error_are_kept_and_saved_next_time(world):
    client = _client(world, "partner-editor-own")
    files = _files(("report.pdf", PDF), ("photo.png", PNG))
    # The narrative is missing: the form fails, but the two good files wait for the next try.
    response = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "", "evidence_file": files}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter what has happened this period" in page
    assert "Files already chosen" in page
    assert "report.pdf" in page
    assert "photo.png" in page
    waiting = client.session[SESSION_KEY]
    assert len(waiting) == 2
    assert all(default_storage.exists(entry["path"]) for entry in waiting.values())
    by_name = {entry["name"]: token for token, entry in waiting.items()}

    # The user unticks the photo, fixes the text and saves: the report is attached, the photo is gone.
    response = client.post(
        _new_url(world),
        {"version": 1, "status": "on-track", "narrative": "Fixed", FIELD_NAME: [by_name["report.pdf"]]},
    )
    assert response.status_code == 302
    update = Update.objects.get(action=world.own_action)
    evidence = update.files.get()
    assert evidence.original_name == "report.pdf"
    assert evidence.file.read() == PDF
    assert client.session.get(SESSION_KEY) == {}
    assert not any(default_storage.exists(entry["path"]) for entry in waiting.values())  # no copies left behind


def test_good_files_are_kept_when_another_file_is_bad(world):
    client = _client(world, "partner-editor-own")
    files = _files(("report.pdf", PDF), ("fake.pdf", b"not a pdf"))
    page = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "x", "evidence_file": files}
    ).content.decode()
    assert "“fake.pdf” is not a real PDF" in page
    assert [entry["name"] for entry in client.session[SESSION_KEY].values()] == ["report.pdf"]


def test_waiting_files_belong_to_their_user_and_page(world):
    editor = _client(world, "partner-editor-own")
    editor.post(
        _new_url(world),
        {"version": 1, "status": "on-track", "narrative": "", "evidence_file": _files(("report.pdf", PDF))},
    )
    token = next(iter(editor.session[SESSION_KEY]))
    # A token from another session is ignored: nothing is attached from it.
    lead = _client(world, "partner-lead-own")
    lead.post(_new_url(world), {"version": 1, "status": "on-track", "narrative": "Mine", FIELD_NAME: [token]})
    assert not EvidenceFile.objects.exists()


def test_an_edit_keeps_files_across_an_error_too(world):
    update = make_update(world.own_action)
    client = _client(world, "partner-editor-own")
    url = f"/delivery/updates/{update.pk}/edit/"
    data = {"version": 1, "status": "on-track", "narrative": "x", "percent_complete": "lots"}
    client.post(url, {**data, "evidence_file": _files(("report.pdf", PDF))})
    token = next(iter(client.session[SESSION_KEY]))
    response = client.post(url, {**data, "percent_complete": "40", FIELD_NAME: [token]})
    assert response.status_code == 302
    assert update.files.get().original_name == "report.pdf"


# --- 2. The plan, its milestones and the last approved update beside the form ---------------------------


def _approved_last_quarter(world, **extra) -> Update:
    return make_update(
        world.own_action,
        period=current_period().previous(),
        state=Update.State.APPROVED,
        status=extra.pop("status", Status.ON_TRACK),
        narrative=extra.pop("narrative", "The synthetic hub opened in the spring."),
    )


def test_the_form_shows_the_whole_plan_text_commitments_milestones_and_last_update(world):
    action = world.own_action
    action.text = "Open **synthetic** hubs across the area."
    action.sub_items = ["First synthetic sub-point, kept whole.", "Second synthetic sub-point."]
    action.save()
    _approved_last_quarter(world)
    page = _client(world, "partner-editor-own").get(_new_url(world)).content.decode()
    assert "Open <strong>synthetic</strong> hubs across the area." in page
    assert "First synthetic sub-point, kept whole." in page
    assert "Second synthetic sub-point." in page
    assert world.commitment.wording in page
    assert world.commitment.what in page  # the milestones list includes the plan's commitments
    assert "The last approved update" in page
    assert "The synthetic hub opened in the spring." in page
    assert current_period().previous().label in page


def test_the_action_page_shows_the_plan_text(world):
    world.own_action.sub_items = ["A synthetic sub-point."]
    world.own_action.save()
    page = _client(world, "partner-editor-own").get(f"/delivery/actions/{world.own_action.pk}/").content.decode()
    assert "What the plan says" in page
    assert "A synthetic sub-point." in page


# --- 3. The change against last quarter, and next to review -------------------------------------------


def test_reviewers_see_the_change_against_the_last_approved_update(world):
    _approved_last_quarter(world, status=Status.ON_TRACK, narrative="The hub opened in the spring.")
    update = make_update(
        world.own_action,
        state=Update.State.SUBMITTED,
        status=Status.AT_RISK,
        narrative="The hub opened in the summer.",
    )
    page = _client(world, "performance-officer").get(f"/delivery/updates/{update.pk}/").content.decode()
    assert "Against the last approved update" in page
    assert "Changed from" in page
    assert '<del class="os-diff__del"><span class="govuk-visually-hidden">removed: </span>spring.</del>' in page
    assert '<ins class="os-diff__ins"><span class="govuk-visually-hidden">added: </span>summer.</ins>' in page


def test_an_unchanged_text_says_so(world):
    _approved_last_quarter(world, narrative="Same words.")
    update = make_update(world.own_action, state=Update.State.SUBMITTED, narrative="Same  words.")
    page = _client(world, "performance-officer").get(f"/delivery/updates/{update.pk}/").content.decode()
    assert "The text is the same as last time." in page
    assert "Unchanged" in page


def test_after_approving_the_reviewer_goes_to_the_next_update_waiting(world):
    first = make_update(world.own_action, state=Update.State.SUBMITTED, version=2)
    second = make_update(world.other_action, state=Update.State.SUBMITTED, version=2)
    officer = _client(world, "performance-officer")
    response = officer.post(f"/delivery/updates/{first.pk}/approve/", {"version": 2})
    assert response.status_code == 302
    assert response["Location"] == f"/delivery/updates/{second.pk}/"

    response = officer.post(f"/delivery/updates/{second.pk}/return/", {"version": 2, "comment": "More, please."})
    assert response["Location"] == "/delivery/dashboard/"
    page = officer.get(response["Location"]).content.decode()
    assert "No more updates are waiting for review." in page


def test_next_to_review_skips_an_update_the_reviewer_wrote_part_of(world):
    officer = world.users["performance-officer"]
    first = make_update(world.own_action, state=Update.State.SUBMITTED, version=2)
    own = services.create_update(
        user=officer,
        action=world.other_action,
        content=services.UpdateContent("on-track", "Synthetic: by the officer."),
    )
    services.submit_update(user=officer, update_id=own.pk, expected_version=1)
    response = _client(world, "performance-officer").post(f"/delivery/updates/{first.pk}/approve/", {"version": 2})
    assert response["Location"] == "/delivery/dashboard/"  # their own update waits for someone else
    other = make_user("second-officer", Role.PERFORMANCE_OFFICER)
    assert reviewing.next_to_review(world.plan, reviewer=other).pk == own.pk


def test_the_service_flow_is_unchanged_for_submit(world):
    update = services.create_update(
        user=world.users["partner-editor-own"],
        action=world.own_action,
        content=services.UpdateContent(status="on-track", narrative="x", percent_complete=None, evidence_links=[]),
    )
    response = _client(world, "partner-lead-own").post(f"/delivery/updates/{update.pk}/submit/", {"version": 1})
    assert response["Location"] == f"/delivery/updates/{update.pk}/"


def test_a_waiting_file_removed_from_storage_meanwhile_is_forgotten(world):
    client = _client(world, "partner-editor-own")
    client.post(
        _new_url(world),
        {"version": 1, "status": "on-track", "narrative": "", "evidence_file": _files(("report.pdf", PDF))},
    )
    token, entry = next(iter(client.session[SESSION_KEY].items()))
    default_storage.delete(entry["path"])  # as `clean-evidence --delete` would after a long wait
    response = client.post(_new_url(world), {"version": 1, "status": "on-track", "narrative": "x", FIELD_NAME: [token]})
    assert response.status_code == 302
    assert not EvidenceFile.objects.exists()


# --- 4. Dates in three boxes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the due date"),
        ("", "3", "2027", "Due date must include a day"),
        ("31", "", "", "Due date must include a month and year"),
        ("31", "2", "2027", "Due date must be a real date"),
        ("x", "2", "2027", "Due date must be a real date"),
        ("1", "2", "27", "Due date: the year must include 4 numbers"),
    ],
)
def test_a_milestone_date_has_three_boxes_and_clear_errors(world, day, month, year, message):
    client = _client(world, "partner-editor-own")
    url = f"/delivery/actions/{world.own_action.pk}/milestones/new/"
    response = client.post(url, {"title": "Synthetic", "due_day": day, "due_month": month, "due_year": year})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_due"' in page  # the summary links to the day box
    assert f'name="due_month" type="text" inputmode="numeric" value="{month}"' in page  # what was typed stays


def test_a_milestone_date_in_three_boxes_is_saved(world):
    client = _client(world, "partner-editor-own")
    url = f"/delivery/actions/{world.own_action.pk}/milestones/new/"
    response = client.post(url, {"title": "Synthetic", "due_day": "31", "due_month": "3", "due_year": "2027"})
    assert response.status_code == 302
    assert world.own_action.milestones.get(title="Synthetic").due.isoformat() == "2027-03-31"
    form = client.get(url).content.decode()
    assert 'name="due_day"' in form
    assert 'name="due_year"' in form


def test_an_empty_file_among_several_is_named(world):
    client = _client(world, "partner-editor-own")
    files = _files(("report.pdf", PDF), ("blank.pdf", b""))
    page = client.post(
        _new_url(world), {"version": 1, "status": "on-track", "narrative": "x", "evidence_file": files}
    ).content.decode()
    assert "“blank.pdf”" in page
    assert not EvidenceFile.objects.exists()
