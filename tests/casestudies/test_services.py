"""The case-study workflow: consent before submitting, review by the performance team only, images with alt
text, and a bad image refused with a clear message. All case studies here are SYNTHETIC."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from onestockport.casestudies import services
from onestockport.casestudies.errors import CaseStudyError, ImageRejected
from onestockport.casestudies.models import CaseStudy, CaseStudyImage
from onestockport.delivery import notifications
from onestockport.delivery.errors import FourEyesRefused, InvalidTransition, PermissionRefused, StaleEdit

from .conftest import PLAN_TITLES, approved_case_study, content, image_upload

pytestmark = pytest.mark.django_db


def _draft(world, **changes) -> CaseStudy:
    return services.create_case_study(
        user=world.users["partner-editor-own"], plan=world.plan, content=content(world, **changes)
    )


def test_a_partner_writes_a_draft_of_its_own_organisation(world):
    case_study = _draft(world)
    assert case_study.state == CaseStudy.State.DRAFT
    assert case_study.author == world.users["partner-editor-own"]
    assert list(case_study.priorities.all()) == [world.priority]
    assert case_study.paragraphs == ["First synthetic paragraph.", "Second synthetic paragraph."]


def test_a_partner_may_not_write_for_another_organisation(world):
    with pytest.raises(PermissionRefused):
        services.create_case_study(
            user=world.users["partner-editor-own"], plan=world.plan, content=content(world, partner_id=world.other.pk)
        )
    with pytest.raises(PermissionRefused):
        services.create_case_study(user=world.users["engagement-officer"], plan=world.plan, content=content(world))
    assert not CaseStudy.objects.exists()


def test_an_action_brings_its_priority_and_text_is_plain(world):
    case_study = _draft(world, priority_ids=(), action_ids=(world.own_action.pk,), text="<b>Bold</b>\u202e claim")
    assert list(case_study.priorities.all()) == [world.priority]
    assert case_study.text == "<b>Bold</b> claim"  # kept as typed, escaped on output; hidden controls removed


def test_the_plan_title_must_be_one_its_priorities_list(titled):
    with pytest.raises(CaseStudyError, match="not a case study the plan lists"):
        _draft(titled, plan_title="A title the plan never promised")
    assert _draft(titled, plan_title=PLAN_TITLES[0]).plan_title == PLAN_TITLES[0]


def test_submitting_needs_consent(world):
    case_study = _draft(world, consent_recorded=False)
    lead = world.users["partner-lead-own"]
    with pytest.raises(CaseStudyError, match="agreed"):
        services.submit_case_study(user=lead, case_study_id=case_study.pk, expected_version=case_study.version)
    case_study.refresh_from_db()
    assert case_study.state == CaseStudy.State.DRAFT


def test_only_a_lead_or_the_team_submits_and_only_the_team_approves(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case_study = _draft(world)
    with pytest.raises(PermissionRefused):
        services.submit_case_study(
            user=world.users["partner-editor-own"], case_study_id=case_study.pk, expected_version=case_study.version
        )
    case_study = services.submit_case_study(
        user=world.users["partner-lead-own"], case_study_id=case_study.pk, expected_version=case_study.version
    )
    for role in ("partner-lead-own", "partner-editor-own", "engagement-officer", "partner-lead-other"):
        with pytest.raises(PermissionRefused):
            services.approve_case_study(
                user=world.users[role], case_study_id=case_study.pk, expected_version=case_study.version
            )
    approved = services.approve_case_study(
        user=world.users["performance-officer"], case_study_id=case_study.pk, expected_version=case_study.version
    )
    assert approved.state == CaseStudy.State.APPROVED
    assert approved.reviewed_by == world.users["performance-officer"]
    with pytest.raises(InvalidTransition):
        services.edit_case_study(
            user=world.users["partner-editor-own"],
            case_study_id=approved.pk,
            expected_version=approved.version,
            content=content(world),
        )


def test_the_author_may_not_approve_their_own(world, settings):
    settings.ONESTOCKPORT_FOUR_EYES = True
    officer = world.users["performance-officer"]
    case_study = services.create_case_study(user=officer, plan=world.plan, content=content(world))
    case_study = services.submit_case_study(user=officer, case_study_id=case_study.pk, expected_version=1)
    with pytest.raises(FourEyesRefused):
        services.approve_case_study(user=officer, case_study_id=case_study.pk, expected_version=case_study.version)


def test_return_needs_a_comment_and_emails_the_author(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case_study = _draft(world)
    officer = world.users["performance-officer"]
    with django_capture_on_commit_callbacks(execute=True):
        case_study = services.submit_case_study(
            user=world.users["partner-lead-own"], case_study_id=case_study.pk, expected_version=1
        )
    submitted_to = {address for message in mail.outbox for address in message.to}
    assert officer.email in submitted_to
    assert world.users["partner-editor-own"].email not in submitted_to
    with pytest.raises(CaseStudyError, match="say what needs to change"):
        services.return_case_study(user=officer, case_study_id=case_study.pk, expected_version=2, comment="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.return_case_study(
            user=officer, case_study_id=case_study.pk, expected_version=2, comment="Add the dates."
        )
    assert returned.state == CaseStudy.State.RETURNED
    assert returned.review_comment == "Add the dates."
    [message] = mail.outbox
    assert message.to == [world.users["partner-editor-own"].email]
    assert "Add the dates." in message.body
    assert "returned" in message.subject


def test_a_stale_edit_is_refused(world):
    case_study = _draft(world)
    editor = world.users["partner-editor-own"]
    services.edit_case_study(user=editor, case_study_id=case_study.pk, expected_version=1, content=content(world))
    with pytest.raises(StaleEdit):
        services.edit_case_study(user=editor, case_study_id=case_study.pk, expected_version=1, content=content(world))


def test_images_need_alt_text(world):
    editor = world.users["partner-editor-own"]
    with pytest.raises(ImageRejected, match="needs alt text"):
        services.create_case_study(
            user=editor, plan=world.plan, content=content(world), images=[services.NewImage(image_upload(), "  ")]
        )
    assert not CaseStudy.objects.exists()
    assert not CaseStudyImage.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("page.png", b"<html><script>alert(1)</script></html>"), "must be a PNG, JPEG or WebP"),
        (image_upload("anim.gif", "GIF"), "must be a PNG, JPEG or WebP image, not a GIF"),
        (SimpleUploadedFile("cut.png", image_upload().read()[:60]), "damaged or incomplete"),
        (SimpleUploadedFile("empty.jpg", b""), "is empty"),
    ],
    ids=["html-named-png", "gif", "truncated", "empty"],
)
def test_a_bad_image_is_refused_with_a_clear_error(world, upload, message):
    with pytest.raises(ImageRejected, match=message) as refused:
        services.create_case_study(
            user=world.users["partner-editor-own"],
            plan=world.plan,
            content=content(world),
            images=[services.NewImage(upload, "Alt")],
        )
    assert str(refused.value).startswith("Image 1")
    assert not CaseStudy.objects.exists()


def test_a_too_large_image_is_refused(world, settings):
    settings.ONESTOCKPORT_CASE_STUDY_IMAGE_MAX_BYTES = 100
    with pytest.raises(ImageRejected, match="smaller than"):
        services.create_case_study(
            user=world.users["partner-editor-own"],
            plan=world.plan,
            content=content(world),
            images=[services.NewImage(image_upload(size=(200, 200)), "Alt")],
        )


def test_a_stored_image_is_re_encoded_without_metadata_and_scaled(world):
    exif = Image.Exif()
    exif[0x010E] = "Synthetic description with a private detail"  # ImageDescription
    source = Image.new("RGB", (3200, 1600), (200, 30, 30))
    out = io.BytesIO()
    source.save(out, "JPEG", exif=exif)
    upload = SimpleUploadedFile("big.jpeg", out.getvalue())
    case_study = services.create_case_study(
        user=world.users["partner-editor-own"],
        plan=world.plan,
        content=content(world),
        images=[services.NewImage(upload, "A red synthetic rectangle", "Caption")],
    )
    [image] = case_study.images.all()
    assert (image.extension, image.content_type, image.width, image.height) == (".jpg", "image/jpeg", 1600, 800)
    assert image.file.name.startswith("case-studies/")
    assert "big" not in image.file.name
    with default_storage.open(image.file.name) as stored, Image.open(stored) as reread:
        assert b"private detail" not in reread.info.get("exif", b"")


def test_approved_case_study_fixture_is_public(world):
    case_study = approved_case_study(world)
    assert case_study.state == CaseStudy.State.APPROVED
    assert case_study.images.count() == 1


def test_approving_retires_the_stored_public_pages(world, django_capture_on_commit_callbacks):
    """The app's tables are published content: its approval changes the content version on commit."""
    from django.db import connection

    from onestockport.server.content_version import change_version, current_version, writes_content

    assert writes_content('UPDATE "casestudies_casestudy" SET "state" = %s')
    case_study = _draft(world)
    case_study = services.submit_case_study(
        user=world.users["partner-lead-own"], case_study_id=case_study.pk, expected_version=1
    )
    connection.run_on_commit.clear()  # the setup's writes queued a change already: see only the approval's
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.approve_case_study(
            user=world.users["performance-officer"], case_study_id=case_study.pk, expected_version=2
        )
    assert change_version in callbacks
    assert current_version().token != before.token


def test_digest_users_get_case_studies_in_their_weekly_digest_only(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    officer = world.users["performance-officer"]
    notifications.set_digest(officer, True)
    start = timezone.now()
    case_study = _draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_case_study(
            user=world.users["partner-lead-own"], case_study_id=case_study.pk, expected_version=1
        )
    assert officer.email not in {address for message in mail.outbox for address in message.to}

    mail.outbox.clear()
    assert notifications.send_due_digests(now=start + dt.timedelta(days=7, minutes=1)) == 1
    [digest] = mail.outbox
    assert digest.to == [officer.email]
    assert f"submitted, {case_study.title}" in digest.body
    assert f"/delivery/case-studies/{case_study.pk}/" in digest.body
    assert "No updates were submitted, returned or approved." in digest.body
