"""Delivery emails: on submit, return and approve; reminders (previewed before sending); the weekly digest.

Workflow emails are queued with transaction.on_commit, so a decision that rolls back sends nothing, and a
mail failure is logged, never undoing the decision. Everyone named gets each email as it happens unless
their NotificationPreference asks for the weekly digest (`send_due_digests`, run by the worker's
scheduler tick and by `onestockport delivery digest`). Every email names the plan (Plan.title), its site
(the plan folder's site name) and links to the configured site address (ONESTOCKPORT_SITE_URL).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from onestockport.plans.models import Action, Partner, Plan

from . import permissions, selectors
from .mail import compose, email_context, site_url
from .models import NotificationPreference, Update
from .periods import Period
from .permissions import GROUP_NAMES, Role

logger = logging.getLogger(__name__)

SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
DIGEST_EVERY = dt.timedelta(days=7)


def _common(plan: Plan) -> dict:
    return {"plan": plan, **email_context()}


def _send(messages: list[EmailMessage], what: str) -> int:
    """Send, logging (not raising) a failure: the change the email reports has already happened."""
    if not messages:
        return 0
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:
        logger.exception("email failed: %s, %d message(s) not sent", what, len(messages))
        return 0
    logger.info("email sent: %s, %d message(s)", what, len(messages))
    return len(messages)


def wants_digest(user) -> bool:
    return NotificationPreference.objects.filter(user=user, digest=True).exists()


def set_digest(user, digest: bool) -> NotificationPreference:
    """Choose the weekly digest (its week starts now) or each email as it happens."""
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    if digest and not preference.digest:
        preference.last_digest_at = timezone.now()  # the first digest covers the week from now, nothing before
    preference.digest = digest
    preference.save()
    return preference


# --- Submit, return, approve ---------------------------------------------------------------------


def _active_with_email(users) -> list:
    return list(users.filter(is_active=True).exclude(email="").distinct().order_by("username"))


def submit_recipients(action: Action) -> list:
    """The lead partner's partner leads and the performance officers."""
    users = get_user_model().objects
    leads = (
        _active_with_email(
            users.filter(delivery_membership__partner=action.lead_partner, groups__name=Role.PARTNER_LEAD.group_name)
        )
        if action.lead_partner_id
        else []
    )
    officers = _active_with_email(users.filter(groups__name=GROUP_NAMES[Role.PERFORMANCE_OFFICER]))
    return list({user.pk: user for user in [*leads, *officers]}.values())


def queue_update_email(kind: str, update: Update, actor) -> None:
    """Send the email once the surrounding transaction commits; nothing if it rolls back."""
    update_id, actor_id = update.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_update_email(kind, update_id, actor_id))


def send_update_email(kind: str, update_id: int, actor_id: int | None) -> int:
    """Email those the change concerns, except whoever made it and those on the weekly digest."""
    try:
        update = Update.objects.select_related("action__priority__plan", "created_by", "reviewed_by").get(pk=update_id)
        if kind == SUBMITTED:
            recipients = submit_recipients(update.action)
        else:
            author = update.created_by
            recipients = [author] if author is not None and author.is_active and author.email else []
        recipients = [user for user in recipients if user.pk != actor_id and not wants_digest(user)]
        actor = get_user_model().objects.filter(pk=actor_id).first()
        action = update.action
        what = f"action {action.number}, {action.title}"
        subjects = {
            SUBMITTED: f"{action.priority.plan.title}: update submitted for review, {what}",
            RETURNED: f"{action.priority.plan.title}: update returned for changes, {what}",
            APPROVED: f"{action.priority.plan.title}: update approved, {what}",
        }
        messages = []
        for recipient in recipients:
            context = {
                **_common(action.priority.plan),
                "recipient": recipient,
                "update": update,
                "action": action,
                "actor": actor,
                "link": site_url() + reverse("delivery:update", args=[update.pk]),
            }
            messages.append(compose(subjects[kind], f"update_{kind}.txt", context, recipient.email))
    except Exception:
        logger.exception("email failed: could not prepare the %s email for update %s", kind, update_id)
        return 0
    return _send(messages, f"update {update_id} {kind}")


# --- Reminders -----------------------------------------------------------------------------------


@dataclass
class Reminder:
    recipient: object
    partner: Partner
    actions: list[Action]
    message: EmailMessage


@dataclass
class ReminderPlan:
    """Who would be reminded of what: the preview shows it, the confirm sends exactly it."""

    reminders: list[Reminder] = field(default_factory=list)
    no_lead: list[Action] = field(default_factory=list)
    no_editors: list[Action] = field(default_factory=list)


def plan_reminders(plan: Plan, period: Period) -> ReminderPlan:
    """One email per partner user (editors and leads) of each lead or contributing partner of an action
    with no update for the period. An action with no lead still reaches its contributors."""
    result = ReminderPlan()
    by_partner: dict[int, list[Action]] = {}
    partners: dict[int, Partner] = {}
    missing = list(selectors.actions_missing_update(plan, period).prefetch_related("contributing_partners"))
    for action in missing:
        if action.lead_partner is None:
            result.no_lead.append(action)
        for partner in [action.lead_partner, *action.contributing_partners.all()]:
            if partner is not None:
                by_partner.setdefault(partner.pk, []).append(action)
                partners[partner.pk] = partner
    reached: set[int] = set()
    for partner_id, actions in by_partner.items():
        recipients = list(selectors.partner_recipients(partners[partner_id]))
        if recipients:
            reached.update(action.pk for action in actions)
        for recipient in recipients:
            context = {
                **_common(plan),
                "recipient": recipient,
                "partner": partners[partner_id],
                "period": period,
                "actions": actions,
                "leads": [a for a in actions if a.lead_partner_id == partner_id],
            }
            message = compose(
                f"{plan.title}: update needed for {period.label}", "reminder.txt", context, recipient.email
            )
            result.reminders.append(Reminder(recipient, partners[partner_id], actions, message))
    result.no_editors = [action for action in missing if action.pk not in reached and action.lead_partner is not None]
    return result


def send_reminder_messages(reminders: Iterable[Reminder]) -> int:
    messages = [reminder.message for reminder in reminders]
    if messages:  # an operator's run fails loudly, as before: nothing here was decided yet
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)


# --- The weekly digest ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    kind: str  # SUBMITTED, RETURNED or APPROVED
    when: dt.datetime
    update: Update


def digest_events(user, since: dt.datetime, until: dt.datetime) -> list[Event]:
    """Submitted, returned and approved updates in the window, on the actions the user reports on
    (every action for the performance team), read from the updates' history."""
    actions = permissions.writable_actions(user).values("pk")
    stamp_of = {SUBMITTED: "submitted_at", RETURNED: "reviewed_at", APPROVED: "reviewed_at"}
    rows = Update.history.filter(
        history_date__gt=since, history_date__lte=until, state__in=list(stamp_of), action_id__in=actions
    )
    seen: dict[tuple, Event] = {}
    updates = {}
    for row in rows.order_by("history_date"):
        when = getattr(row, stamp_of[row.state])
        if when is None or not since < when <= until or (row.id, row.state, when) in seen:
            continue
        if row.id not in updates:
            updates[row.id] = Update.objects.select_related("action__priority").filter(pk=row.id).first()
        if updates[row.id] is not None:
            seen[(row.id, row.state, when)] = Event(row.state, when, updates[row.id])
    return sorted(seen.values(), key=lambda event: event.when)


def send_due_digests(*, now: dt.datetime | None = None) -> int:
    """Send each digest user whose week is up one email of what happened since their last; returns how many."""
    from onestockport.casestudies.notifications import digest_events as case_study_events
    from onestockport.plans.selectors import get_plan

    now = now or timezone.now()
    due = NotificationPreference.objects.filter(digest=True, user__is_active=True).exclude(user__email="")
    due = due.exclude(last_digest_at__gt=now - DIGEST_EVERY).select_related("user")
    messages = []
    for preference in due:
        # Claimed first, so two workers ticking at once send it once.
        claimed = NotificationPreference.objects.filter(
            pk=preference.pk, last_digest_at=preference.last_digest_at
        ).update(last_digest_at=now)
        if not claimed:
            continue
        since = preference.last_digest_at or now - DIGEST_EVERY  # since the last one, even if the worker was down
        events = digest_events(preference.user, since, now)
        case_studies = case_study_events(preference.user, since, now)
        if not events and not case_studies:
            continue
        plan = get_plan()
        context = {
            **_common(plan),
            "recipient": preference.user,
            "events": events,
            "case_studies": case_studies,
            "since": since,
            "until": now,
        }
        count = len(events) + len(case_studies)
        subject = f"{plan.title}: your weekly digest, {count} change{'s' if count != 1 else ''}"
        messages.append(compose(subject, "digest.txt", context, preference.user.email))
    return _send(messages, "weekly digests")
