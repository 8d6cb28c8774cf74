"""Case-study fixtures: delivery's synthetic world (two organisations, a user for every role) and
SYNTHETIC case studies and images made for these tests."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from onestockport.casestudies import services
from onestockport.casestudies.models import CaseStudy

from ..delivery.conftest import World, world  # noqa: F401  (the fixture, for this folder's tests)

PLAN_TITLES = ["Synthetic promised case study A", "Synthetic promised case study B"]


def image_upload(name: str = "photo.png", kind: str = "PNG", size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    """A small SYNTHETIC image, drawn here, of the given format."""
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, kind)
    return SimpleUploadedFile(name, out.getvalue())


def content(world: World, **changes) -> services.CaseStudyContent:  # noqa: F811
    values = {
        "title": "Synthetic case study: a community garden",
        "summary": "SYNTHETIC test text: neighbours grew food together.",
        "text": "First synthetic paragraph.\n\nSecond synthetic paragraph.",
        "partner_id": world.own.pk,
        "priority_ids": (world.priority.pk,),
        "action_ids": (),
        "plan_title": "",
        "consent_recorded": True,
        "consent_note": "",
    }
    values.update(changes)
    return services.CaseStudyContent(**values)


@pytest.fixture
def titled(world: World) -> World:  # noqa: F811
    """The world's priority lists two case studies to come, as a plan file's `case_studies` does."""
    world.priority.case_studies = list(PLAN_TITLES)
    world.priority.save()
    return world


def approved_case_study(world: World, **changes) -> CaseStudy:  # noqa: F811
    """A SYNTHETIC case study written by the own organisation's editor, sent by its lead, approved by an officer."""
    editor, lead, officer = (
        world.users[key] for key in ("partner-editor-own", "partner-lead-own", "performance-officer")
    )
    case_study = services.create_case_study(
        user=editor,
        plan=world.plan,
        content=content(world, **changes),
        images=[services.NewImage(image_upload(), "A synthetic blue square")],
    )
    case_study = services.submit_case_study(user=lead, case_study_id=case_study.pk, expected_version=case_study.version)
    return services.approve_case_study(user=officer, case_study_id=case_study.pk, expected_version=case_study.version)
