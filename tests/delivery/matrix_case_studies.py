"""The permission matrix's cells for case studies (/delivery/case-studies/): each attempt plants a SYNTHETIC
case study of the "own" organisation in the world's plan (rolled back after the cell) and says whether the
write happened. Partner roles write for their own organisation; a partner lead (or the team) submits; the
performance team reviews (delivery's EDIT_UPDATE, SUBMIT_UPDATE and REVIEW_UPDATE capabilities).

Each returns (wrote, status, location); test_permission_matrix.py makes Cells of them.
"""

from __future__ import annotations

from django.test import Client

from onestockport.casestudies.models import CaseStudy

from .conftest import World
from .matrix_core import Endpoint, read, wrap
from .matrix_pages import OWN_WRITERS, TEAM

Attempt = tuple[bool, int, str]
PARTNER_ROLES = {"partner-editor-own", "partner-editor-other", "partner-lead-own", "partner-lead-other"}
WRITERS = frozenset({*PARTNER_ROLES, *TEAM})  # each for their own organisation: the form is theirs to open
DRAFT_MARKER = "Zq7CaseStudyDraft"


def _case_study(world: World, state: str = CaseStudy.State.DRAFT) -> CaseStudy:
    case_study = CaseStudy.objects.create(
        plan=world.plan,
        title=DRAFT_MARKER,
        summary="Synthetic summary.",
        text="Synthetic text.",
        partner=world.own,
        consent_recorded=True,
        state=state,
        author=world.users["partner-editor-own"],
    )
    case_study.priorities.add(world.priority)
    return case_study


def _post(client: Client, url: str, data: dict | None = None) -> tuple[int, str]:
    response = client.post(url, data or {})
    return response.status_code, response.get("Location", "")


def _form(world: World, title: str, version: int = 1) -> dict:
    return {
        "version": version,
        "title": title,
        "summary": "Synthetic summary.",
        "text": "Synthetic text.",
        "partner": world.own.pk,
        "priorities": [world.priority.pk],
    }


def create(world: World, client: Client, role: str, tmp) -> Attempt:
    status, location = _post(client, "/delivery/case-studies/new/", _form(world, f"Written by {role}"))
    return CaseStudy.objects.filter(title=f"Written by {role}").exists(), status, location


def edit(world: World, client: Client, role: str, tmp) -> Attempt:
    case_study = _case_study(world)
    status, location = _post(client, f"/delivery/case-studies/{case_study.pk}/edit/", _form(world, "Changed"))
    case_study.refresh_from_db()
    return case_study.title == "Changed", status, location


def _step(step: str, start: str):
    def attempt(world: World, client: Client, role: str, tmp) -> Attempt:
        case_study = _case_study(world, start)
        data = {"version": case_study.version, "comment": "Synthetic: add the dates."}
        status, location = _post(client, f"/delivery/case-studies/{case_study.pk}/{step}/", data)
        case_study.refresh_from_db()
        return case_study.state != start, status, location

    return attempt


ENDPOINTS = [
    Endpoint("case study create", "url", frozenset(OWN_WRITERS), wrap(create)),
    Endpoint("case study edit", "url", frozenset(OWN_WRITERS), wrap(edit)),
    Endpoint(
        "case study submit",
        "url",
        frozenset({"partner-lead-own", *TEAM}),
        wrap(_step("submit", CaseStudy.State.DRAFT)),
    ),
    Endpoint("case study approve", "url", frozenset(TEAM), wrap(_step("approve", CaseStudy.State.SUBMITTED))),
    Endpoint("case study return", "url", frozenset(TEAM), wrap(_step("return", CaseStudy.State.SUBMITTED))),
    Endpoint(
        "read: case study form",
        "read",
        WRITERS,
        read(lambda w: "/delivery/case-studies/new/", b"Write a case study"),
    ),
    Endpoint(
        "read: draft case study",
        "read",
        frozenset(OWN_WRITERS),
        read(lambda w: f"/delivery/case-studies/{_case_study(w).pk}/", DRAFT_MARKER.encode()),
    ),
]
