"""The engagement desk's survey upload (/delivery/voice/surveys/): upload a CSV or XLSX export, map its columns
(from the saved mapping, the Citizen Space preset or a guess), preview it redacted, import it all or nothing,
and tag it as a background job. Every file here is SYNTHETIC, built in the test; no real person's answers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.delivery.permissions import Role
from onestockport.jobs.models import Job
from onestockport.voice import survey_upload
from onestockport.voice.models import Engagement, PriorityTag, Respondent, Response, SurveyMapping
from tests.delivery.factories import make_user
from tests.queue import work_the_queue

pytestmark = pytest.mark.django_db

SURVEYS = "/delivery/voice/surveys/"
UPLOAD = SURVEYS + "upload/"
HEADER = [
    "Response ID",
    "Submitted on",
    "What is your name?",
    "What is your email address?",
    "What would make your neighbourhood better?",
    "Any other comments?",
    "May we publish your response?",
    "What is your age?",
    "Which ward do you live in?",
]
# SYNTHETIC answers, written for these tests.
ROWS = [
    [
        "ANON-SYN9-0001-A",
        "2026-05-02 09:15:00",
        "Synthetic Person One",
        "one@example.com",
        "Safer crossings near the primary school and slower traffic on the main road please",
        "Email me at synthetic.one@example.com if you want to know more.",
        "Yes",
        "65-74",
        "Marple North",
    ],
    [
        "ANON-SYN9-0002-B",
        "02/05/2026 10:20",
        "Synthetic Person Two",
        "two@example.com",
        "More youth clubs open in the school holidays, and cheaper buses into town for teenagers",
        "",
        "No",
        "16-24",
        "",
    ],
    [
        "ANON-SYN9-0003-C",
        "2026-05-03 11:05:00",
        "",
        "",
        "Plant more trees along the streets and fix the potholes on the way to the station",
        "My name is Sarah Jones and I live at 12 Acacia Road.",
        "Yes",
        "35-44",
        "Heatons North",
    ],
]


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def officer(db):
    return make_user("engagement", Role.ENGAGEMENT_OFFICER)


@pytest.fixture
def client(officer, loaded_plan):
    client = Client()
    client.force_login(officer)
    return client


def _upload(client: Client, content: bytes, *, name: str = "synthetic-survey.csv", **fields):
    data = {"engagement": "", "new_name": "Synthetic neighbourhood survey", **fields}
    return client.post(UPLOAD, {**data, "file": SimpleUploadedFile(name, content)})


def _selected(page: str) -> dict[str, str]:
    """Each column's chosen option on the columns page, by the column's heading."""
    found = {}
    for row in re.findall(r'<tr class="govuk-table__row">\s*<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', page, re.S):
        heading, cells = row
        option = re.search(r'<option value="([^"]*)" selected>', cells)
        found[heading.replace("&#x27;", "'")] = option.group(1) if option else ""
    return found


def _stored() -> set[str]:
    """The files in the upload folder (the test storage lives as long as the process)."""
    if not default_storage.exists(survey_upload.FOLDER):
        return set()
    return set(default_storage.listdir(survey_upload.FOLDER)[1])


def _choices(page: str) -> dict[str, str]:
    """The columns form as it stands, ready to post."""
    names = re.findall(r'<select class="govuk-select" id="id_(column_\d+)"', page)
    return dict(zip(names, _selected(page).values(), strict=True))


def test_csv_upload_keeps_the_file_and_prefills_the_columns_from_the_preset(client):
    response = _upload(client, _csv(ROWS))
    assert response.status_code == 302
    assert "/columns/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    selected = _selected(page)
    assert selected["Response ID"] == "respondent_id"
    assert selected["Submitted on"] == "submitted_at"
    assert selected["What is your name?"] == "ignore"
    assert selected["What is your email address?"] == "ignore"
    assert selected["Any other comments?"] == "question:text"
    assert selected["May we publish your response?"] == "consent"
    assert selected["What is your age?"] == "demographic:age_band"
    assert selected["Which ward do you live in?"] == "ward"
    assert selected["What would make your neighbourhood better?"] == "question:text"  # long answers: a guess
    assert "From the Citizen Space preset" in page
    assert "A guess: check it" in page
    assert "one@example.com" not in page  # the sample answers are redacted, and identifiers not shown
    assert "Synthetic Person One" not in page
    assert "Not shown: it looks like a name" in page
    assert "Safer crossings near the primary school" in page
    assert not Engagement.objects.exists()  # nothing is stored before the import


def test_xlsx_upload_reads_the_same_columns(client):
    response = _upload(client, _xlsx(ROWS), name="synthetic-survey.xlsx")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "3 responses read" in page
    assert _selected(page)["What is your age?"] == "demographic:age_band"
    preview = client.post(response["Location"], _choices(page))
    assert preview.status_code == 302
    client.post(preview["Location"].replace("/preview/", "/import/"))
    assert Respondent.objects.filter(engagement__name="Synthetic neighbourhood survey").count() == 3


def test_preview_shows_redacted_text_and_demographics_before_anything_is_stored(client):
    columns = _upload(client, _csv(ROWS))["Location"]
    page = client.get(columns).content.decode()
    preview = client.post(columns, _choices(page))
    assert preview.status_code == 302
    assert preview["Location"].endswith("/preview/")
    page = client.get(preview["Location"]).content.decode()
    assert "synthetic.one@example.com" not in page
    assert "Sarah Jones" not in page
    assert "12 Acacia Road" not in page
    assert "[email]" in page
    assert "[address]" in page
    assert "Age: 65 to 74" in page
    assert "Ward: Marple North" in page
    assert "Import 3 responses" in page
    assert not Respondent.objects.exists()


def test_values_that_would_be_refused_are_highlighted_and_block_the_import(client):
    rows = [row[:] for row in ROWS]
    rows[1][7] = "about forty"
    columns = _upload(client, _csv(rows))["Location"]
    page = client.get(columns).content.decode()
    page = client.get(client.post(columns, _choices(page))["Location"]).content.decode()
    assert "Refused" in page
    assert "row 3, column &#x27;What is your age?&#x27;" in page
    assert "unknown answer &#x27;about forty&#x27;" in page
    assert "Import 3 responses" not in page
    # Posting the import anyway stores nothing and names the row and column.
    response = client.post(columns.replace("/columns/", "/import/"))
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "row 3, column &#x27;What is your age?&#x27;" in response.content.decode()
    assert not Engagement.objects.exists()
    assert not Respondent.objects.exists()
    assert not SurveyMapping.objects.exists()


def test_import_saves_the_mapping_queues_tagging_and_leads_to_the_desk(
    client, use_fake_engine, django_capture_on_commit_callbacks
):
    columns = _upload(client, _csv(ROWS))["Location"]
    page = client.get(columns).content.decode()
    client.post(columns, _choices(page))
    (waiting,) = [entry["path"] for entry in client.session[survey_upload.SESSION_KEY].values()]
    assert default_storage.exists(waiting)
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued once the import commits
        response = client.post(columns.replace("/columns/", "/import/"))
    assert response.status_code == 302
    engagement = Engagement.objects.get(name="Synthetic neighbourhood survey")
    assert engagement.respondents.count() == 3
    assert engagement.respondents.filter(consent_to_quote=True).count() == 2
    assert not Response.objects.filter(text__contains="Synthetic Person").exists()  # names ignored
    mapping = SurveyMapping.objects.get(engagement=engagement)
    assert mapping.based_on == "citizen-space"
    assert mapping.as_mapping().columns[0].header == "Response ID"
    job = Job.objects.get(kind="voice-tag")
    assert response["Location"] == f"/delivery/voice/surveys/tagging/{job.pk}/"
    assert job.status == Job.Status.QUEUED
    assert job.params["engagement"] == engagement.slug
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in page
    assert f"/delivery/voice/?engagement={engagement.slug}" in page
    assert not default_storage.exists(waiting)  # the file waited only until the import
    work_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert PriorityTag.objects.filter(response__respondent__engagement=engagement).exists()
    assert "Finished" in client.get(response["Location"]).content.decode()
    status = client.get(f"/delivery/voice/surveys/tagging/{job.pk}/status.json").json()
    assert status["finished"] is True


def test_the_saved_mapping_is_offered_for_the_next_export(client):
    columns = _upload(client, _csv(ROWS))["Location"]
    choices = _choices(client.get(columns).content.decode())
    ward = next(name for name, value in choices.items() if value == "ward")
    choices[ward] = "ignore"  # the officer's own choice, to be remembered
    client.post(columns, choices)
    client.post(columns.replace("/columns/", "/import/"))
    engagement = Engagement.objects.get()
    later = [
        *ROWS,
        [
            "ANON-SYN9-0004-D",
            "2026-05-04 12:00:00",
            "",
            "",
            "Better lighting in the park",
            "",
            "No",
            "25-34",
            "Reddish North",
        ],
    ]
    response = _upload(client, _csv(later), engagement=engagement.slug, new_name="")
    page = client.get(response["Location"]).content.decode()
    assert _selected(page)["Which ward do you live in?"] == "ignore"
    assert "As saved for this engagement" in page
    client.post(response["Location"], _choices(page))
    client.post(response["Location"].replace("/columns/", "/import/"))
    assert engagement.respondents.count() == 4
    assert not engagement.respondents.exclude(ward="").exists()


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (_csv([ROWS[0], ROWS[1][:5]]), "row 3, column &#x27;(row)&#x27;: expected 9 cells, found 5"),
        (_csv([ROWS[0], [*ROWS[1][:4], "bad\x00text", *ROWS[1][5:]]]), "row 3, column &#x27;What would make"),
    ],
)
def test_a_malformed_file_is_refused_naming_row_and_column_and_nothing_is_kept(client, content, where):
    stored = _stored()
    response = _upload(client, content)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem with synthetic-survey.csv: nothing has been stored" in page
    assert where in page
    assert not Engagement.objects.exists()
    assert not client.session.get(survey_upload.SESSION_KEY)
    assert _stored() == stored


def test_the_columns_need_one_identifier_and_a_question(client):
    columns = _upload(client, _csv(ROWS))["Location"]
    choices = dict.fromkeys(_choices(client.get(columns).content.decode()), "ignore")
    response = client.post(columns, choices)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose exactly one column as the respondent identifier" in page
    assert "Choose at least one column as a question" in page


def test_other_roles_are_refused(loaded_plan):
    assert Client().get(SURVEYS).status_code == 302
    assert "sign-in" in Client().get(UPLOAD)["Location"]
    client = Client()
    client.force_login(make_user("performance", Role.PERFORMANCE_OFFICER))
    assert client.get(SURVEYS).status_code == 403
    assert _upload(client, _csv(ROWS)).status_code == 403
    assert not client.session.get(survey_upload.SESSION_KEY)
    admin = Client()
    admin.force_login(make_user("admin-user", Role.ADMINISTRATOR))
    assert admin.get(SURVEYS).status_code == 200


def test_without_a_task_queue_tagging_runs_in_the_request(client, use_fake_engine, settings):
    settings.TASKS = {}
    columns = _upload(client, _csv(ROWS))["Location"]
    client.post(columns, _choices(client.get(columns).content.decode()))
    response = client.post(columns.replace("/columns/", "/import/"))
    job = Job.objects.get(kind="voice-tag")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert not job.task_id
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page
    assert "tagged 5 responses" in page


def test_a_new_name_never_imports_into_another_engagement(client, loaded_plan):
    Engagement.objects.create(plan=loaded_plan, slug="synthetic-neighbourhood-survey", name="An older survey")
    assert survey_upload.engagement_slug(loaded_plan, "Synthetic neighbourhood survey!") == (
        "synthetic-neighbourhood-survey-2"
    )
    assert survey_upload.engagement_slug(loaded_plan, "an older survey") == "synthetic-neighbourhood-survey"


def test_an_export_left_waiting_is_deleted_after_a_day(client):
    before = _stored()
    location = _upload(client, _csv(ROWS))["Location"]
    waiting = _stored() - before
    assert len(waiting) == 1
    assert survey_upload.remove_abandoned() == 0  # written just now: kept for the officer to come back to
    assert _stored() - before == waiting
    survey_upload.remove_abandoned(older_than=dt.timedelta(0))
    assert not (_stored() & waiting)
    assert client.get(location).status_code in {302, 404}  # the officer is told it is gone, not shown an error
