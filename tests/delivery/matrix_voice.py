"""The permission matrix's cells for the engagement desk (/delivery/voice/): each attempt plants SYNTHETIC
responses, tags and quotes in the world's plan (rolled back after the cell) and says whether the write happened.

Each returns (wrote, status, location); test_permission_matrix.py makes Cells of them.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.jobs.models import Job
from onestockport.voice import survey_upload
from onestockport.voice.models import Engagement, PriorityTag, Quote, Respondent, Response

from .conftest import World
from .matrix_core import Endpoint, read, wrap

DESK_READERS = frozenset({"engagement-officer", "administrator"})  # Capability.REVIEW_VOICE

Attempt = tuple[bool, int, str]


def _tag(world: World, score: float = 0.9) -> PriorityTag:
    engagement, _ = Engagement.objects.get_or_create(plan=world.plan, slug="matrix", defaults={"name": "Matrix"})
    question, _ = engagement.questions.get_or_create(key="comment", defaults={"text": "Comment", "kind": "text"})
    respondent = engagement.respondents.create(source_id_hash="matrix", row=2, consent_to_quote=True)
    text = "Synthetic: more apprenticeships."
    response = Response.objects.create(respondent=respondent, question=question, text=text)
    return PriorityTag.objects.create(response=response, priority=world.priority, rank=1, score=score)


def _post(client: Client, url: str, data: dict | None = None) -> tuple[int, str]:
    response = client.post(url, data or {})
    return response.status_code, response.get("Location", "")


def confirm_tag(world: World, client: Client, role: str, tmp) -> Attempt:
    tag = _tag(world)
    status, location = _post(client, f"/delivery/voice/tags/{tag.pk}/confirm/")
    tag.refresh_from_db()
    return tag.status == PriorityTag.Status.CONFIRMED, status, location


def bulk_confirm(world: World, client: Client, role: str, tmp) -> Attempt:
    tag = _tag(world)
    status, location = _post(client, "/delivery/voice/bulk-confirm/", {"responses": [tag.response_id]})
    tag.refresh_from_db()
    return tag.status == PriorityTag.Status.CONFIRMED, status, location


def make_quote(world: World, client: Client, role: str, tmp) -> Attempt:
    tag = _tag(world)
    data = {"text": "More apprenticeships.", "priority": world.priority.pk}
    status, location = _post(client, f"/delivery/voice/responses/{tag.response_id}/quote/", data)
    return Quote.objects.filter(response_id=tag.response_id).exists(), status, location


def approve_quote(world: World, client: Client, role: str, tmp) -> Attempt:
    tag = _tag(world)
    quote = Quote.objects.create(
        response=tag.response, priority=world.priority, text="More apprenticeships.", consent_recorded=True
    )
    status, location = _post(client, f"/delivery/voice/quotes/{quote.pk}/approve/")
    quote.refresh_from_db()
    return quote.approved, status, location


SURVEY = b"Response ID,Comment\r\nSYN-1,Synthetic: more apprenticeships.\r\n"  # SYNTHETIC
TOKEN = "matrixsurvey"


def _plant_survey(world: World, client: Client, role: str, choices: list[str]) -> str:
    """A survey export waiting in the client's session, as the upload page leaves it."""
    path = default_storage.save(f"{survey_upload.FOLDER}/{TOKEN}.csv", ContentFile(SURVEY))
    user = world.users.get(role)
    session = client.session
    session[survey_upload.SESSION_KEY] = {
        TOKEN: {
            "token": TOKEN,
            "path": path,
            "name": "matrix.csv",
            "size": len(SURVEY),
            "engagement": "matrix-survey",
            "engagement_name": "Matrix survey",
            "headings": ["Response ID", "Comment"],
            "samples": [["SYN-1"], ["Synthetic: more apprenticeships."]],
            "rows": 1,
            "choices": choices,
            "user": user.pk if user else None,
        }
    }
    session.save()
    return path


def upload_survey(world: World, client: Client, role: str, tmp) -> Attempt:
    upload = SimpleUploadedFile("matrix.csv", SURVEY)
    status, location = _post(client, "/delivery/voice/surveys/upload/", {"new_name": "Matrix survey", "file": upload})
    waiting = client.session.get(survey_upload.SESSION_KEY) or {}
    for entry in waiting.values():
        default_storage.delete(entry["path"])
    return bool(waiting), status, location


def map_survey_columns(world: World, client: Client, role: str, tmp) -> Attempt:
    path = _plant_survey(world, client, role, [])
    data = {"column_0": "respondent_id", "column_1": "question:text"}
    status, location = _post(client, f"/delivery/voice/surveys/upload/{TOKEN}/columns/", data)
    chosen = client.session[survey_upload.SESSION_KEY][TOKEN]["choices"]
    default_storage.delete(path)
    return bool(chosen), status, location


def import_survey(world: World, client: Client, role: str, tmp) -> Attempt:
    path = _plant_survey(world, client, role, ["respondent_id", "question:text"])
    status, location = _post(client, f"/delivery/voice/surveys/upload/{TOKEN}/import/")
    default_storage.delete(path)
    return Respondent.objects.filter(engagement__slug="matrix-survey").exists(), status, location


def _tagging_job(world: World) -> str:
    job = Job.objects.create(kind="voice-tag", title="Matrix tagging", params={"plan": world.plan.slug})
    return f"/delivery/voice/surveys/tagging/{job.pk}/"


ENDPOINTS = [
    Endpoint(
        "admin: voice review desk",
        "admin",
        frozenset({"engagement-officer", "administrator"}),
        read(lambda w: "/admin/voice/response/", b"response"),
    ),
    Endpoint("voice: confirm a tag", "url", DESK_READERS, wrap(confirm_tag)),
    Endpoint("voice: bulk confirm", "url", DESK_READERS, wrap(bulk_confirm)),
    Endpoint("voice: make a quote", "url", DESK_READERS, wrap(make_quote)),
    Endpoint("voice: approve a quote", "url", DESK_READERS, wrap(approve_quote)),
    Endpoint(
        "read: review desk", "read", DESK_READERS, read(lambda w: "/delivery/voice/", b"Only suggestions scoring")
    ),
    Endpoint("read: quotes", "read", DESK_READERS, read(lambda w: "/delivery/voice/quotes/", b"Awaiting approval")),
    Endpoint("voice: upload a survey", "url", DESK_READERS, wrap(upload_survey)),
    Endpoint("voice: map a survey's columns", "url", DESK_READERS, wrap(map_survey_columns)),
    Endpoint("voice: import a survey", "url", DESK_READERS, wrap(import_survey)),
    Endpoint("read: surveys", "read", DESK_READERS, read(lambda w: "/delivery/voice/surveys/", b"Upload a survey")),
    Endpoint(
        "read: survey upload form",
        "read",
        DESK_READERS,
        read(lambda w: "/delivery/voice/surveys/upload/", b"Upload and map the columns"),
    ),
    Endpoint("read: tagging progress", "read", DESK_READERS, read(_tagging_job, b"Review the responses")),
]
