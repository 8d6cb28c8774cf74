"""The permission matrix's cells for the engagement desk (/delivery/voice/): each attempt plants SYNTHETIC
responses, tags and quotes in the world's plan (rolled back after the cell) and says whether the write happened.

Each returns (wrote, status, location); test_permission_matrix.py makes Cells of them.
"""

from __future__ import annotations

from django.test import Client

from onestockport.voice.models import Engagement, PriorityTag, Quote, Response

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
]
