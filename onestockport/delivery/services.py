"""Every write of delivery tracking: permission first, then the change, recorded in history with its author."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from onestockport.plans.models import Action, Commitment, DeliveryBody, Partner, Plan

from . import notifications, permissions, selectors
from .errors import DeliveryError, DuplicateUpdate, FourEyesRefused, InvalidTransition, StaleEdit
from .evidence import EvidenceRejected, check_upload, removed_on_failure
from .history import person_label
from .models import (
    EVIDENCE_FILES_MAX,
    EVIDENCE_LINKS_MAX,
    NARRATIVE_MAX_LENGTH,
    EvidenceFile,
    Membership,
    Milestone,
    Status,
    Update,
)
from .periods import Period
from .permissions import ADMIN_SITE_ROLES, GROUP_NAMES, ORGANISATION_ROLES, Capability, Role, require
from .text import clean_text

logger = logging.getLogger(__name__)


def _by(instance, user):
    """Name the author in the history record simple-history writes on save."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    return instance


# --- Updates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateContent:
    status: str
    narrative: str
    percent_complete: int | None = None
    evidence_links: Sequence[str] = ()

    def cleaned(self) -> UpdateContent:
        narrative = clean_text(self.narrative)
        if self.status not in Status.values:
            raise DeliveryError(f"unknown status {self.status!r}")
        if not narrative:
            raise DeliveryError("the narrative is empty")
        if len(narrative) > NARRATIVE_MAX_LENGTH:
            raise DeliveryError(f"the narrative must be {NARRATIVE_MAX_LENGTH:,} characters or fewer")
        if self.percent_complete is not None and not 0 <= self.percent_complete <= 100:
            raise DeliveryError("percent complete must be between 0 and 100")
        links = [clean_text(link, multiline=False) for link in self.evidence_links]
        links = [link for link in links if link]
        if len(links) > EVIDENCE_LINKS_MAX:
            raise DeliveryError(f"at most {EVIDENCE_LINKS_MAX} evidence links")
        if any(not link.startswith(("https://", "http://")) for link in links):
            raise DeliveryError("evidence links must start with https:// or http://")
        return UpdateContent(self.status, narrative, self.percent_complete, tuple(links))


def create_update(
    *,
    user,
    action: Action,
    content: UpdateContent,
    period: Period | None = None,
    files: Iterable[UploadedFile] = (),
) -> Update:
    """A draft update for the action and period (the current one by default); one per period."""
    require(user, Capability.EDIT_UPDATE, action)
    period = period or selectors.current_period()
    content = content.cleaned()
    if Update.objects.filter(action=action, period=period.label).exists():
        raise DuplicateUpdate(f"{action} already has an update for {period.label}; edit that one instead")
    try:
        with removed_on_failure() as written, transaction.atomic():
            update = _by(
                Update(
                    action=action,
                    period=period.label,
                    period_start=period.start,
                    period_end=period.end,
                    status=content.status,
                    narrative=content.narrative,
                    percent_complete=content.percent_complete,
                    evidence_links=list(content.evidence_links),
                    created_by=user,
                ),
                user,
            )
            update.save()
            for upload in files:
                _attach(update, upload, user, written)
    except IntegrityError:
        # Two people pressed "create" for the same period at once: the other one won.
        raise DuplicateUpdate(f"{action} already has an update for {period.label}; edit that one instead") from None
    return update


def _locked(update_id: int, expected_version: int) -> Update:
    """Compare and increment the version in one UPDATE ... WHERE version = n; refuse when it moved.

    Runs inside the caller's transaction, which holds the row until it commits.
    """
    claimed = Update.objects.filter(pk=update_id, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        current = Update.objects.filter(pk=update_id).first()
        if current is None:
            raise DeliveryError("that update no longer exists")
        last = current.history.select_related("history_user").first()
        who = person_label(last.history_user) if last else "someone else"
        when = timezone.localtime(last.history_date).strftime("%-d %B %Y at %H:%M") if last else "since"
        raise StaleEdit(
            f"{who} changed this update on {when}, after you opened it. Your changes have not been saved. "
            "Your text is still below: copy anything you need, then open the latest version and make your changes "
            "again."
        )
    return Update.objects.select_related("action__priority").get(pk=update_id)


def _load_for(user, update_id: int, capability: Capability) -> Update:
    update = selectors.get_update(update_id)
    if update is None:
        raise DeliveryError("that update does not exist")
    require(user, capability, update.action)
    return update


def edit_update(
    *,
    user,
    update_id: int,
    expected_version: int,
    content: UpdateContent,
    files: Iterable[UploadedFile] = (),
) -> Update:
    """Save new content over the version the user started from; refuse if anyone saved in between."""
    current = _load_for(user, update_id, Capability.EDIT_UPDATE)
    if not current.editable:
        raise InvalidTransition(f"a {current.get_state_display().lower()} update cannot be changed")
    content = content.cleaned()
    with removed_on_failure() as written, transaction.atomic():
        update = _locked(update_id, expected_version)
        if not update.editable:
            raise InvalidTransition(f"a {update.get_state_display().lower()} update cannot be changed")
        update.status = content.status
        update.narrative = content.narrative
        update.percent_complete = content.percent_complete
        update.evidence_links = list(content.evidence_links)
        _by(update, user).save()
        for upload in files:
            _attach(update, upload, user, written)
    return update


def _transition(
    *,
    user,
    update_id: int,
    expected_version: int,
    capability: Capability,
    allowed_from: set[str],
    to: str,
    verb: str,
) -> tuple[Update, dt.datetime]:
    current = _load_for(user, update_id, capability)
    if current.state not in allowed_from:
        raise InvalidTransition(f"a {current.get_state_display().lower()} update cannot be {verb}")
    update = _locked(update_id, expected_version)
    if update.state not in allowed_from:
        raise InvalidTransition(f"a {update.get_state_display().lower()} update cannot be {verb}")
    update.state = to
    return update, timezone.now()


@transaction.atomic
def submit_update(*, user, update_id: int, expected_version: int) -> Update:
    """Send a draft (or returned) update to the performance team for review."""
    update, now = _transition(
        user=user,
        update_id=update_id,
        expected_version=expected_version,
        capability=Capability.SUBMIT_UPDATE,
        allowed_from={Update.State.DRAFT, Update.State.RETURNED},
        to=Update.State.SUBMITTED,
        verb="submitted",
    )
    update.submitted_at = now
    _by(update, user).save()
    notifications.queue_update_email(notifications.SUBMITTED, update, user)
    return update


@transaction.atomic
def approve_update(*, user, update_id: int, expected_version: int) -> Update:
    """Publish a submitted update; the milestone completions it reports become public with it.

    Four eyes: nobody approves an update they wrote part of (permissions.four_eyes_refusal).
    """
    current = _load_for(user, update_id, Capability.REVIEW_UPDATE)
    refusal = permissions.four_eyes_refusal(user, current)
    if refusal:
        permissions.log_refusal(user, "approve an update they wrote part of", current.action)
        raise FourEyesRefused(refusal)
    update, now = _transition(
        user=user,
        update_id=update_id,
        expected_version=expected_version,
        capability=Capability.REVIEW_UPDATE,
        allowed_from={Update.State.SUBMITTED},
        to=Update.State.APPROVED,
        verb="approved",
    )
    update.reviewed_at, update.reviewed_by, update.review_comment = now, user, ""
    _by(update, user).save()
    for milestone in Milestone.objects.filter(action=update.action, done__isnull=False, verified_at__isnull=True):
        milestone.verified_at = now
        _by(milestone, user).save()
    notifications.queue_update_email(notifications.APPROVED, update, user)
    return update


@transaction.atomic
def return_update(*, user, update_id: int, expected_version: int, comment: str) -> Update:
    """Send a submitted update back to the partner with a comment saying what to change."""
    comment = clean_text(comment)
    if not comment:
        raise DeliveryError("say what needs to change before returning the update")
    if len(comment) > NARRATIVE_MAX_LENGTH:
        raise DeliveryError(f"the comment must be {NARRATIVE_MAX_LENGTH:,} characters or fewer")
    update, now = _transition(
        user=user,
        update_id=update_id,
        expected_version=expected_version,
        capability=Capability.REVIEW_UPDATE,
        allowed_from={Update.State.SUBMITTED},
        to=Update.State.RETURNED,
        verb="returned",
    )
    update.reviewed_at, update.reviewed_by, update.review_comment = now, user, comment
    _by(update, user).save()
    notifications.queue_update_email(notifications.RETURNED, update, user)
    return update


def _attach(update: Update, upload: UploadedFile, user, written: list[str] | None = None) -> EvidenceFile:
    """Store the file and its row; `written` collects the stored name, for removal if the transaction fails."""
    if update.files.count() >= EVIDENCE_FILES_MAX:
        raise EvidenceRejected(f"An update can have at most {EVIDENCE_FILES_MAX} files")
    file_type = check_upload(upload)
    evidence = EvidenceFile(
        update=update,
        token=secrets.token_hex(16),
        original_name=_safe_name(upload.name or "evidence")[:200],
        extension=file_type.extension,
        content_type=file_type.content_type,
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(f"evidence{file_type.extension}", upload, save=False)  # stored under its token
    if written is not None:
        written.append(evidence.file.name)
    _by(evidence, user).save()
    return evidence


def _safe_name(name: str) -> str:
    """The uploader's file name for display and downloads: no folders, quotes or hidden control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return clean_text(name.replace('"', ""), multiline=False) or "evidence"


@transaction.atomic
def delete_evidence(*, user, evidence_id: int) -> Update:
    evidence = EvidenceFile.objects.select_related("update__action__priority").filter(pk=evidence_id).first()
    if evidence is None:
        raise DeliveryError("that file does not exist")
    require(user, Capability.EDIT_UPDATE, evidence.update.action)
    if not evidence.update.editable:
        raise InvalidTransition("files cannot be removed from an update once it is submitted")
    stored = evidence.file.name
    _by(evidence, user).delete()
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))
    return evidence.update


# --- Milestones ----------------------------------------------------------------------------------


def _verified(user, action: Action) -> dt.datetime | None:
    """A completion recorded by the performance team needs no further review."""
    from .permissions import can

    return timezone.now() if can(user, Capability.REVIEW_UPDATE, action) else None


def create_milestone(*, user, action: Action, title: str, due: dt.date) -> Milestone:
    require(user, Capability.EDIT_MILESTONE, action)
    title = clean_text(title, multiline=False)
    if not title:
        raise DeliveryError("the milestone needs a title")
    milestone = _by(Milestone(action=action, title=title[:300], due=due), user)
    milestone.save()
    return milestone


def _milestone(milestone_id: int) -> Milestone:
    milestone = Milestone.objects.select_related("action__priority").filter(pk=milestone_id).first()
    if milestone is None:
        raise DeliveryError("that milestone does not exist")
    return milestone


def edit_milestone(*, user, milestone_id: int, title: str, due: dt.date) -> Milestone:
    """Change a milestone's title or date; those of the plan's own commitments come from the plan."""
    milestone = _milestone(milestone_id)
    require(user, Capability.EDIT_MILESTONE, milestone.action)
    if milestone.commitment_id:
        raise InvalidTransition("this milestone is one of the plan's dated commitments: its title and date are fixed")
    title = clean_text(title, multiline=False)
    if not title:
        raise DeliveryError("the milestone needs a title")
    milestone.title, milestone.due = title[:300], due
    _by(milestone, user).save()
    return milestone


def complete_milestone(*, user, milestone_id: int, done: dt.date | None, evidence_url: str = "") -> Milestone:
    """Record (or clear, with done=None) a milestone's completion; it goes public once verified."""
    milestone = _milestone(milestone_id)
    require(user, Capability.EDIT_MILESTONE, milestone.action)
    return _record_completion(user, milestone, done, evidence_url)


def complete_commitment(*, user, commitment_id: int, done: dt.date | None, evidence_url: str = "") -> Milestone:
    """Record completion of one of the plan's dated commitments, as a milestone of its action."""
    commitment = Commitment.objects.select_related("action__priority").filter(pk=commitment_id).first()
    if commitment is None:
        raise DeliveryError("that commitment does not exist")
    require(user, Capability.EDIT_MILESTONE, commitment.action)
    milestone = Milestone.objects.filter(commitment=commitment).first() or Milestone(
        action=commitment.action, commitment=commitment, title=commitment.what[:300], due=commitment.due
    )
    return _record_completion(user, milestone, done, evidence_url)


def _record_completion(user, milestone: Milestone, done: dt.date | None, evidence_url: str) -> Milestone:
    evidence_url = evidence_url.strip()
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise DeliveryError("the evidence link must start with https:// or http://")
    if done is not None and done > timezone.localdate():
        raise DeliveryError("the completion date cannot be in the future")
    milestone.done, milestone.evidence_url = done, evidence_url
    milestone.verified_at = _verified(user, milestone.action) if done else None
    _by(milestone, user).save()
    return milestone


# --- Ownership -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ownership:
    lead_partner: Partner | None
    contributing_partners: Sequence[Partner] = ()
    delivery_body: DeliveryBody | None = None
    contact_role: str = ""
    start_date: dt.date | None = None
    due_date: dt.date | None = None


@transaction.atomic
def edit_ownership(*, user, action: Action, ownership: Ownership) -> Action:
    """Set who delivers the action, through which body, and when; the performance team's call."""
    require(user, Capability.EDIT_OWNERSHIP, action)
    plan_id = action.priority.plan_id
    partners = [ownership.lead_partner, *ownership.contributing_partners]
    if any(p is not None and p.plan_id != plan_id for p in partners) or (
        ownership.delivery_body is not None and ownership.delivery_body.plan_id != plan_id
    ):
        raise DeliveryError("partners and delivery bodies must belong to the action's plan")
    if ownership.start_date and ownership.due_date and ownership.due_date < ownership.start_date:
        raise DeliveryError("the due date must be on or after the start date")
    action.lead_partner = ownership.lead_partner
    action.delivery_body = ownership.delivery_body
    action.contact_role = clean_text(ownership.contact_role, multiline=False)[:200]
    action.start_date, action.due_date = ownership.start_date, ownership.due_date
    _by(action, user).save()
    contributors = {p.pk for p in ownership.contributing_partners if p != ownership.lead_partner}
    if set(action.contributing_partners.values_list("pk", flat=True)) != contributors:
        action.contributing_partners.set(contributors)
    return action


# --- Accounts ------------------------------------------------------------------------------------


def assign_role(*, user, role: Role, partner: Partner | None = None):
    """Give the user one delivery role (replacing any other); partner roles need their organisation."""
    if role in ORGANISATION_ROLES and partner is None:
        raise DeliveryError(f"a {role.label.lower()} must belong to a partner organisation")
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=role.group_name)  # its permissions are set after migrate
        user.groups.remove(*Group.objects.filter(name__in=GROUP_NAMES.values()).exclude(pk=group.pk))
        user.groups.add(group)
        user.is_staff = role in ADMIN_SITE_ROLES
        user.save(update_fields=["is_staff"])
        if role in ORGANISATION_ROLES:
            Membership.objects.update_or_create(user=user, defaults={"partner": partner})
        else:
            Membership.objects.filter(user=user).delete()
    if hasattr(user, "_delivery_roles"):
        del user._delivery_roles
    return user


# --- Reminders -----------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    period: Period
    sent: dict[str, list[Action]] = field(default_factory=dict)  # email address -> actions
    no_lead: list[Action] = field(default_factory=list)
    no_editors: list[Action] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        actions = len({action.pk for actions in self.sent.values() for action in actions})
        verb = "Would send" if self.dry_run else "Sent"
        lines = [f"{verb} {len(self.sent)} reminder(s) for {self.period.label} covering {actions} action(s)"]
        if self.no_lead:
            lines.append(f"{len(self.no_lead)} action(s) missing an update have no lead partner to remind")
        if self.no_editors:
            lines.append(f"{len(self.no_editors)} action(s) missing an update have no partner user with an email")
        return "\n".join(lines)


def send_reminders(*, plan: Plan, period: Period, user=None, dry_run: bool = False) -> ReminderReport:
    """Email the editors and leads of each lead and contributing partner the actions that still lack an update
    for the period (notifications.plan_reminders says who gets what).

    `user` is who asked (from the dashboard or `--user`); the command run by an operator passes None.
    """
    if user is not None:
        require(user, Capability.OVERSEE)
    planned = notifications.plan_reminders(plan, period)
    report = ReminderReport(period=period, dry_run=dry_run, no_lead=planned.no_lead, no_editors=planned.no_editors)
    for reminder in planned.reminders:
        report.sent[reminder.recipient.email] = reminder.actions
    sent = 0 if dry_run else notifications.send_reminder_messages(planned.reminders)
    logger.info("reminders for %s: %d sent", period.label, sent)
    return report
