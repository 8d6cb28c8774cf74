"""Every write of case studies: permission first, then the change, recorded in history with its author.

Draft → submitted (needs the consent of everyone shown) → approved (public) or returned with a comment,
as delivery updates are. Published pages are retired by the content version: this app's tables are
content tables (onestockport.server.content_version.CONTENT_APPS), so an approval commits a new version.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onestockport.delivery import permissions
from onestockport.delivery.errors import FourEyesRefused, InvalidTransition, StaleEdit
from onestockport.delivery.evidence import removed_on_failure
from onestockport.delivery.text import clean_text
from onestockport.plans.models import Action, Partner, Plan, Priority

from . import access, notifications
from .errors import CaseStudyError, ImageRejected
from .images import check_image
from .models import (
    ALT_TEXT_MAX_LENGTH,
    CAPTION_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    IMAGES_MAX,
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CaseStudy,
    CaseStudyImage,
)


def _by(instance, user):
    """Name the author in the history record simple-history writes on save."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    return instance


@dataclass(frozen=True)
class NewImage:
    upload: UploadedFile
    alt_text: str
    caption: str = ""


@dataclass(frozen=True)
class CaseStudyContent:
    title: str
    summary: str
    text: str
    partner_id: int
    priority_ids: Sequence[int]
    action_ids: Sequence[int] = ()
    plan_title: str = ""
    consent_recorded: bool = False
    consent_note: str = ""


@dataclass(frozen=True)
class _Resolved:
    title: str
    summary: str
    text: str
    partner: Partner
    priorities: list[Priority]
    actions: list[Action]
    plan_title: str
    consent_recorded: bool
    consent_note: str


def _limited(text: str, limit: int, what: str, *, multiline: bool = True) -> str:
    cleaned = clean_text(text, multiline=multiline)
    if len(cleaned) > limit:
        raise CaseStudyError(f"the {what} must be {limit:,} characters or fewer")
    return cleaned


def _resolve(plan: Plan, content: CaseStudyContent) -> _Resolved:
    """Clean the text and find the plan's partner, priorities and actions; an action brings its priority."""
    title = _limited(content.title, TITLE_MAX_LENGTH, "title", multiline=False)
    summary = _limited(content.summary, SUMMARY_MAX_LENGTH, "summary")
    text = _limited(content.text, TEXT_MAX_LENGTH, "text")
    if not title:
        raise CaseStudyError("enter a title")
    if not summary:
        raise CaseStudyError("enter a summary")
    if not text:
        raise CaseStudyError("enter the case study's text")
    partner = Partner.objects.filter(plan=plan, pk=content.partner_id).first()
    if partner is None:
        raise CaseStudyError("choose the organisation the case study is about")
    actions = list(Action.objects.filter(priority__plan=plan, pk__in=list(content.action_ids)))
    if len(actions) != len(set(content.action_ids)):
        raise CaseStudyError("one of the chosen actions is not in the plan")
    priority_ids = set(content.priority_ids) | {action.priority_id for action in actions}
    priorities = list(Priority.objects.filter(plan=plan, pk__in=priority_ids).order_by("position"))
    if len(priorities) != len(priority_ids):
        raise CaseStudyError("one of the chosen priorities is not in the plan")
    if not priorities:
        raise CaseStudyError("choose at least one priority the case study shows")
    plan_title = clean_text(content.plan_title, multiline=False)
    if plan_title and not any(plan_title in priority.case_studies for priority in priorities):
        raise CaseStudyError(
            f"“{plan_title}” is not a case study the plan lists for the chosen priorities; "
            "choose its priority too, or another title"
        )
    note = _limited(content.consent_note, COMMENT_MAX_LENGTH, "consent note")
    return _Resolved(
        title, summary, text, partner, priorities, actions, plan_title, bool(content.consent_recorded), note
    )


def _apply(case_study: CaseStudy, resolved: _Resolved) -> None:
    case_study.title, case_study.summary, case_study.text = resolved.title, resolved.summary, resolved.text
    case_study.partner = resolved.partner
    case_study.plan_title = resolved.plan_title
    case_study.consent_recorded, case_study.consent_note = resolved.consent_recorded, resolved.consent_note


def _set_links(case_study: CaseStudy, resolved: _Resolved) -> None:
    case_study.priorities.set(resolved.priorities)
    case_study.actions.set(resolved.actions)


def create_case_study(*, user, plan: Plan, content: CaseStudyContent, images: Iterable[NewImage] = ()) -> CaseStudy:
    """A draft case study of the content's organisation, written by the user."""
    resolved = _resolve(plan, content)
    access.require(user, access.WRITE, resolved.partner)
    with removed_on_failure() as written, transaction.atomic():
        case_study = CaseStudy(plan=plan, author=user if getattr(user, "is_authenticated", False) else None)
        _apply(case_study, resolved)
        _by(case_study, user).save()
        _set_links(case_study, resolved)
        for image in images:
            _attach(case_study, image, user, written)
    return case_study


def _load(user, case_study_id: int, capability) -> CaseStudy:
    case_study = CaseStudy.objects.select_related("partner", "plan").filter(pk=case_study_id).first()
    if case_study is None:
        raise CaseStudyError("that case study does not exist")
    access.require(user, capability, case_study.partner)
    return case_study


def _locked(case_study_id: int, expected_version: int) -> CaseStudy:
    """Compare and increment the version in one UPDATE; refuse when someone saved in between."""
    claimed = CaseStudy.objects.filter(pk=case_study_id, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(
            "Someone else changed this case study after you opened it. Your changes have not been saved: "
            "copy anything you need, then open the latest version and make your changes again."
        )
    return CaseStudy.objects.select_related("partner", "plan").get(pk=case_study_id)


def edit_case_study(
    *,
    user,
    case_study_id: int,
    expected_version: int,
    content: CaseStudyContent,
    images: Iterable[NewImage] = (),
    remove_image_ids: Iterable[int] = (),
) -> CaseStudy:
    """Save new content (and images) over the version the user started from."""
    current = _load(user, case_study_id, access.WRITE)
    resolved = _resolve(current.plan, content)
    access.require(user, access.WRITE, resolved.partner)  # moving it to another organisation needs that one too
    with removed_on_failure() as written, transaction.atomic():
        case_study = _locked(case_study_id, expected_version)
        if not case_study.editable:
            raise InvalidTransition(f"a {case_study.get_state_display().lower()} case study cannot be changed")
        _apply(case_study, resolved)
        _by(case_study, user).save()
        _set_links(case_study, resolved)
        removed = list(case_study.images.filter(pk__in=list(remove_image_ids)))
        for image in removed:
            stored = image.file.name
            image.delete()
            transaction.on_commit(lambda stored=stored, storage=image.file.storage: storage.delete(stored))
        for image in images:
            _attach(case_study, image, user, written)
    return case_study


def _attach(case_study: CaseStudy, new: NewImage, user, written: list[str]) -> CaseStudyImage:
    position = case_study.images.count()
    subject = f"Image {position + 1}"
    if position >= IMAGES_MAX:
        raise ImageRejected(f"A case study can have at most {IMAGES_MAX} images")
    alt_text = clean_text(new.alt_text, multiline=False)
    if not alt_text:
        raise ImageRejected(f"{subject} needs alt text: say what the image shows, for people who cannot see it")
    if len(alt_text) > ALT_TEXT_MAX_LENGTH:
        raise ImageRejected(f"{subject}: the alt text must be {ALT_TEXT_MAX_LENGTH} characters or fewer")
    caption = clean_text(new.caption, multiline=False)
    if len(caption) > CAPTION_MAX_LENGTH:
        raise ImageRejected(f"{subject}: the caption must be {CAPTION_MAX_LENGTH} characters or fewer")
    checked = check_image(new.upload, subject=subject)
    image = CaseStudyImage(
        case_study=case_study,
        token=secrets.token_hex(16),
        extension=checked.extension,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        size=checked.content.size,
        alt_text=alt_text,
        caption=caption,
        position=position,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    image.file.save(f"image{checked.extension}", checked.content, save=False)  # stored under its token
    written.append(image.file.name)
    image.save()
    return image


def _transition(user, case_study_id: int, expected_version: int, capability, allowed: set[str], to: str, verb: str):
    current = _load(user, case_study_id, capability)
    if current.state not in allowed:
        raise InvalidTransition(f"a {current.get_state_display().lower()} case study cannot be {verb}")
    case_study = _locked(case_study_id, expected_version)
    if case_study.state not in allowed:
        raise InvalidTransition(f"a {case_study.get_state_display().lower()} case study cannot be {verb}")
    case_study.state = to
    return case_study, timezone.now()


@transaction.atomic
def submit_case_study(*, user, case_study_id: int, expected_version: int) -> CaseStudy:
    """Send a draft (or returned) case study to the performance team; only with consent recorded."""
    case_study, now = _transition(
        user,
        case_study_id,
        expected_version,
        access.SUBMIT,
        {CaseStudy.State.DRAFT, CaseStudy.State.RETURNED},
        CaseStudy.State.SUBMITTED,
        "submitted",
    )
    if not case_study.consent_recorded:
        raise CaseStudyError(
            "confirm that everyone shown or named in the case study has agreed to it before submitting it"
        )
    case_study.submitted_at = now
    _by(case_study, user).save()
    notifications.queue_email(notifications.SUBMITTED, case_study, user)
    return case_study


def four_eyes_refusal(user, case_study: CaseStudy) -> str:
    """Nobody approves a case study they wrote (ONESTOCKPORT_FOUR_EYES=False lifts the rule)."""
    if settings.ONESTOCKPORT_FOUR_EYES and case_study.author_id is not None and case_study.author_id == user.pk:
        return "you wrote this case study, so someone else in the performance team must approve it"
    return ""


@transaction.atomic
def approve_case_study(*, user, case_study_id: int, expected_version: int) -> CaseStudy:
    """Publish a submitted case study on its priorities' and actions' pages."""
    current = _load(user, case_study_id, access.REVIEW)
    refusal = four_eyes_refusal(user, current)
    if refusal:
        permissions.log_refusal(user, "approve a case study they wrote")
        raise FourEyesRefused(refusal)
    case_study, now = _transition(
        user,
        case_study_id,
        expected_version,
        access.REVIEW,
        {CaseStudy.State.SUBMITTED},
        CaseStudy.State.APPROVED,
        "approved",
    )
    if not case_study.consent_recorded:  # cannot happen through submit; kept for a record changed by hand
        raise CaseStudyError("the case study has no recorded consent, so it cannot be published")
    case_study.reviewed_at, case_study.reviewed_by, case_study.review_comment = now, user, ""
    _by(case_study, user).save()
    notifications.queue_email(notifications.APPROVED, case_study, user)
    return case_study


@transaction.atomic
def return_case_study(*, user, case_study_id: int, expected_version: int, comment: str) -> CaseStudy:
    """Send a submitted case study back to its organisation with a comment saying what to change."""
    comment = _limited(comment, COMMENT_MAX_LENGTH, "comment")
    if not comment:
        raise CaseStudyError("say what needs to change before returning the case study")
    case_study, now = _transition(
        user,
        case_study_id,
        expected_version,
        access.REVIEW,
        {CaseStudy.State.SUBMITTED},
        CaseStudy.State.RETURNED,
        "returned",
    )
    case_study.reviewed_at, case_study.reviewed_by, case_study.review_comment = now, user, comment
    _by(case_study, user).save()
    notifications.queue_email(notifications.RETURNED, case_study, user)
    return case_study
