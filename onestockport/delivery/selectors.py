"""Reads for delivery pages, the dashboard and reminders (history.py reads the history; board_packs.py the packs).

What a reader may see of an action's updates is one rule, applied here: `unpublished=True` (the action's
own organisations and the performance team, as permissions.sees_unpublished decides) gives every update
in every state; anyone else gets what the public gets, approved updates only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from onestockport.plans.models import Action, Commitment, DeliveryBody, Partner, Plan, Priority
from onestockport.server.request_memo import once_per_request

from .errors import UnknownDeliveryBody
from .history import action_history as action_history  # re-exported: the history page's reads moved there
from .history import person_label as person_label
from .history import word_diff as word_diff
from .models import Milestone, Status, Update
from .periods import Period, parse_period, period_containing
from .permissions import GROUP_NAMES, ORGANISATION_ROLES, Role, roles_of

NO_UPDATE = "no-update"
NO_UPDATE_LABEL = "No update yet"
AWAITING_REVIEW = "awaiting-review"  # staff only: see status_summary
AWAITING_REVIEW_LABEL = "Submitted, awaiting review"

STATUS_DEFINITIONS: dict[str, str] = {
    Status.NOT_STARTED: "Work on the action has not begun yet.",
    Status.ON_TRACK: "Work has begun and the partners expect to meet the action's milestones and due date.",
    Status.AT_RISK: (
        "Work is under way, but a milestone or the due date may be missed unless something changes. "
        "The update says what is being done about it."
    ),
    Status.OFF_TRACK: (
        "A milestone or the due date has been missed, or will be. The update explains why and what happens next."
    ),
    Status.COMPLETE: "The action has been delivered. The update says what was done and points to the evidence.",
    NO_UPDATE: (
        "No update on this action has been approved for publication yet. It does not mean that nothing is happening."
    ),
}
STATUS_TAGS: dict[str, str] = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--green",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.COMPLETE: "govuk-tag--blue",
    NO_UPDATE: "govuk-tag--grey",
    AWAITING_REVIEW: "govuk-tag--purple",
}
STATUS_ORDER = [*Status.values, NO_UPDATE]
# Staff only (the dashboard and board packs): an action with no approved status whose update is sent in.
SUMMARY_ORDER = [*Status.values, AWAITING_REVIEW, NO_UPDATE]


def status_label(status: str) -> str:
    if status == AWAITING_REVIEW:
        return AWAITING_REVIEW_LABEL
    return NO_UPDATE_LABEL if status == NO_UPDATE else Status(status).label


# --- Periods -----------------------------------------------------------------------------------


def period_months() -> int:
    return settings.ONESTOCKPORT_REPORTING_PERIOD_MONTHS


def current_period(*, today: dt.date | None = None) -> Period:
    return period_containing(today or timezone.localdate(), months=period_months())


def get_period(label: str) -> Period:
    return parse_period(label, months=period_months())


REPORTING_PERIODS_SHOWN = 8  # periods back from the current one when the plan has no older updates


def reporting_periods(plan: Plan, *, today: dt.date | None = None) -> list[Period]:
    """The periods a report may be for, newest first: the current one back to the plan's first update."""
    period = current_period(today=today)
    first = Update.objects.filter(action__priority__plan=plan).order_by("period_start").first()
    oldest = period
    for _ in range(REPORTING_PERIODS_SHOWN - 1):
        oldest = oldest.previous()
    if first is not None and first.period_start < oldest.start:
        oldest = period_containing(first.period_start, months=period_months())
    found = [period]
    while found[-1] > oldest:
        found.append(found[-1].previous())
    return found


# --- Actions and their updates -------------------------------------------------------------------


def actions_of_plan(plan: Plan) -> QuerySet[Action]:
    return Action.objects.filter(priority__plan=plan).select_related("priority", "lead_partner", "delivery_body")


def get_action(action_id: int) -> Action | None:
    return (
        Action.objects.filter(pk=action_id)
        .select_related("priority__theme", "priority__plan", "lead_partner", "delivery_body")
        .prefetch_related("contributing_partners", "priority__delivery_bodies", "commitments")
        .first()
    )


def get_update(update_id: int) -> Update | None:
    return (
        Update.objects.filter(pk=update_id)
        .select_related("action__priority", "action__lead_partner", "created_by", "reviewed_by")
        .prefetch_related("files")
        .first()
    )


def action_updates(action: Action, *, unpublished: bool) -> QuerySet[Update]:
    """The action's updates, newest period first: all of them, or only the approved ones."""
    updates = action.updates.select_related("created_by", "reviewed_by").prefetch_related("files")
    return updates if unpublished else updates.filter(state=Update.State.APPROVED)


def period_update(action: Action, period: Period, *, unpublished: bool) -> Update | None:
    """The action's update for the period, if the reader may see it."""
    return action_updates(action, unpublished=unpublished).filter(period=period.label).first()


def period_updates(actions: Iterable[Action], period: Period) -> dict[int, Update]:
    """Each action's update for the period, in any state: for the home page of the action's own partners."""
    return {u.action_id: u for u in Update.objects.filter(action__in=list(actions), period=period.label)}


def approved_updates(action: Action) -> QuerySet[Update]:
    """What the public sees: approved updates, newest period first."""
    return action.updates.filter(state=Update.State.APPROVED).prefetch_related("files").order_by("-period_start")


def latest_approved(action: Action) -> Update | None:
    return approved_updates(action).first()


@dataclass(frozen=True)
class ApprovedStatus:
    """What the public may see of an action's delivery: its latest approved update's status."""

    status: str  # a Status value, or NO_UPDATE
    label: str
    period: str | None  # reporting period of the approved update, e.g. 2026-Q3
    approved_on: dt.date | None


def approved_statuses(
    actions: Iterable[Action], *, periods_starting_by: dt.date | None = None
) -> dict[int, ApprovedStatus]:
    """Each action's latest approved status (by reporting period), or NO_UPDATE until one is approved.

    periods_starting_by leaves out updates for later periods, so a report for an earlier year taken
    later still shows that year's own position.
    """
    ids = [action.pk for action in actions]
    return dict(
        once_per_request(
            ("approved_statuses", tuple(ids), periods_starting_by),
            lambda: _approved_statuses(ids, periods_starting_by),
        )
    )


def _approved_statuses(ids: list[int], periods_starting_by: dt.date | None) -> dict[int, ApprovedStatus]:
    none_yet = ApprovedStatus(status=NO_UPDATE, label=status_label(NO_UPDATE), period=None, approved_on=None)
    latest = dict.fromkeys(ids, none_yet)
    approved = Update.objects.filter(action_id__in=ids, state=Update.State.APPROVED)
    if periods_starting_by is not None:
        approved = approved.filter(period_start__lte=periods_starting_by)
    rows = approved.order_by("action_id", "period_start").values_list("action_id", "status", "period", "reviewed_at")
    for action_id, status, period, reviewed_at in rows:  # oldest first, so the last one wins
        latest[action_id] = ApprovedStatus(
            status=status,
            label=status_label(status),
            period=period,
            approved_on=reviewed_at.date() if reviewed_at else None,
        )
    return latest


def latest_statuses(actions: Iterable[Action]) -> dict[int, str]:
    """Each action's latest approved status, or NO_UPDATE."""
    return {action_id: approved.status for action_id, approved in approved_statuses(actions).items()}


def status_counts(actions: Iterable[Action]) -> list[dict[str, Any]]:
    """Counts of the latest approved status, in the statuses' own order, zeros included."""
    counts = Counter(latest_statuses(actions).values())
    return [
        {"status": status, "label": status_label(status), "tag": STATUS_TAGS[status], "count": counts.get(status, 0)}
        for status in STATUS_ORDER
    ]


@dataclass(frozen=True)
class StatusSummary:
    """Each action's status as of a period, and the counts: one definition for the dashboard and board packs.

    An action's status is its latest approved one from a period starting no later than the period's
    start (the public's status, as it stood then). With none approved yet, an update sent in and
    waiting for review counts as AWAITING_REVIEW, apart from actions with no update at all (NO_UPDATE).
    """

    period: Period
    statuses: dict[int, ApprovedStatus]  # by action id; status may also be AWAITING_REVIEW
    awaiting: frozenset[int]  # actions whose update for this period waits for review, whatever their status

    def counts(self, action_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
        ids = self.statuses.keys() if action_ids is None else action_ids
        counts = Counter(self.statuses[i].status for i in ids)
        return [
            {"status": s, "label": status_label(s), "tag": STATUS_TAGS[s], "count": counts.get(s, 0)}
            for s in SUMMARY_ORDER
        ]


def status_summary(actions: Iterable[Action], period: Period) -> StatusSummary:
    ids = [action.pk for action in actions]
    statuses = dict(_approved_statuses(ids, period.start))
    submitted = Update.objects.filter(action_id__in=ids, state=Update.State.SUBMITTED, period_start__lte=period.start)
    submitted_periods = dict(submitted.order_by("period_start").values_list("action_id", "period"))
    for action_id, label in submitted_periods.items():
        if statuses[action_id].status == NO_UPDATE:
            statuses[action_id] = ApprovedStatus(
                status=AWAITING_REVIEW, label=AWAITING_REVIEW_LABEL, period=label, approved_on=None
            )
    awaiting = frozenset(submitted.filter(period=period.label).values_list("action_id", flat=True))
    return StatusSummary(period=period, statuses=statuses, awaiting=awaiting)


def delivery_bodies_of(action: Action) -> list[DeliveryBody]:
    if action.delivery_body_id:
        return [action.delivery_body]
    return list(action.priority.delivery_bodies.all())


def get_delivery_body(plan: Plan, name_or_slug: str) -> DeliveryBody:
    wanted = name_or_slug.strip()
    body = DeliveryBody.objects.filter(plan=plan).filter(Q(slug=wanted) | Q(name__iexact=wanted)).first()
    if body is None:
        names = ", ".join(DeliveryBody.objects.filter(plan=plan).values_list("name", flat=True))
        raise UnknownDeliveryBody(f"no delivery body {wanted!r}; the plan's bodies are: {names}")
    return body


def body_actions(body: DeliveryBody) -> QuerySet[Action]:
    """Actions delivered through the body: assigned to it, or in its priorities with no body of their own."""
    return (
        Action.objects.filter(Q(delivery_body=body) | Q(delivery_body__isnull=True, priority__delivery_bodies=body))
        .distinct()
        .select_related("priority", "lead_partner")
        .order_by("priority__position", "number")
    )


def actions_missing_update(plan: Plan, period: Period) -> QuerySet[Action]:
    """Actions with no update submitted or approved for the period (drafts and returned ones still count)."""
    reported = Update.objects.filter(
        period=period.label, state__in=[Update.State.SUBMITTED, Update.State.APPROVED]
    ).values("action_id")
    return actions_of_plan(plan).exclude(pk__in=reported).order_by("priority__position", "number")


def awaiting_review(plan: Plan) -> QuerySet[Update]:
    return (
        Update.objects.filter(action__priority__plan=plan, state=Update.State.SUBMITTED)
        .select_related("action__priority", "action__lead_partner")
        .order_by("submitted_at")
    )


# --- Milestones ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone as shown: a recorded one, or one of the plan's commitments not yet recorded against."""

    title: str
    due: dt.date
    done: dt.date | None
    evidence_url: str
    from_plan: bool
    verified: bool
    milestone: Milestone | None = None
    commitment: Commitment | None = None

    def overdue(self, today: dt.date) -> bool:
        return self.done is None and self.due < today


def action_milestones(action: Action, *, public: bool = False) -> list[MilestoneRow]:
    """The plan's dated commitments and the partners' own milestones, by due date.

    On public pages a completion shows only once the performance team has verified it.
    """
    rows = []
    recorded = {m.commitment_id: m for m in action.milestones.all() if m.commitment_id}
    for commitment in action.commitments.all():
        milestone = recorded.get(commitment.pk)
        rows.append(_row(commitment.what, commitment.due, milestone, public=public, commitment=commitment))
    for milestone in action.milestones.all():
        if milestone.commitment_id is None:
            rows.append(_row(milestone.title, milestone.due, milestone, public=public))
    return sorted(rows, key=lambda row: (row.due, row.title))


def _row(
    title: str, due: dt.date, milestone: Milestone | None, *, public: bool, commitment: Commitment | None = None
) -> MilestoneRow:
    verified = bool(milestone and milestone.verified_at)
    done = milestone.done if milestone else None
    evidence = milestone.evidence_url if milestone else ""
    if public and not verified:
        done, evidence = None, ""
    return MilestoneRow(
        title=title,
        due=due,
        done=done,
        evidence_url=evidence,
        from_plan=commitment is not None,
        verified=verified,
        milestone=milestone,
        commitment=commitment,
    )


@dataclass(frozen=True)
class OverdueMilestone:
    action: Action
    title: str
    due: dt.date


def overdue_milestones(plan: Plan, *, today: dt.date) -> list[OverdueMilestone]:
    """Milestones and plan commitments past their due date with no completion recorded."""
    found = [
        OverdueMilestone(milestone.action, milestone.title, milestone.due)
        for milestone in Milestone.objects.filter(
            action__priority__plan=plan, done__isnull=True, due__lt=today
        ).select_related("action__priority")
    ]
    found += [
        OverdueMilestone(commitment.action, commitment.what, commitment.due)
        for commitment in Commitment.objects.filter(action__priority__plan=plan, due__lt=today)
        .exclude(milestone__isnull=False)  # a commitment with a recorded milestone was counted above
        .select_related("action__priority")
    ]
    return sorted(found, key=lambda item: (item.due, item.action.priority.position, item.action.number))


# --- Dashboard -----------------------------------------------------------------------------------


@dataclass
class CountRow:
    name: str
    counts: list[int]
    total: int
    url: str = ""


@dataclass
class Dashboard:
    period: Period
    today: dt.date
    missing: list[Action]
    overdue: list[OverdueMilestone]
    awaiting_review: list[Update]
    statuses: list[dict[str, Any]]
    by_priority: list[CountRow]
    by_partner: list[CountRow]
    by_body: list[CountRow]
    actions_total: int
    unowned: list[Action] = field(default_factory=list)  # no lead partner: reminders reach no one


def _count_rows(groups: dict[str, list[Action]], summary: StatusSummary) -> list[CountRow]:
    rows = []
    for name, actions in groups.items():
        counts = [item["count"] for item in summary.counts(action.pk for action in actions)]
        rows.append(CountRow(name=name, counts=counts, total=len(actions)))
    return rows


def dashboard(plan: Plan, *, period: Period, today: dt.date) -> Dashboard:
    actions = list(actions_of_plan(plan).prefetch_related("priority__delivery_bodies"))
    summary = status_summary(actions, period)  # the same as a board pack for the period
    by_priority: dict[str, list[Action]] = {}
    by_partner: dict[str, list[Action]] = {}
    by_body: dict[str, list[Action]] = {}
    for priority in Priority.objects.filter(plan=plan).order_by("position"):
        by_priority[priority.name] = []
    for action in actions:
        by_priority[action.priority.name].append(action)
        by_partner.setdefault(action.lead_partner.name if action.lead_partner else "No lead partner yet", []).append(
            action
        )
        for body in delivery_bodies_of(action) or [None]:
            by_body.setdefault(body.name if body else "No delivery body", []).append(action)
    return Dashboard(
        period=period,
        today=today,
        missing=list(actions_missing_update(plan, period)),
        overdue=overdue_milestones(plan, today=today),
        awaiting_review=list(awaiting_review(plan)),
        statuses=summary.counts(),
        by_priority=_count_rows(by_priority, summary),
        by_partner=_count_rows(dict(sorted(by_partner.items())), summary),
        by_body=_count_rows(dict(sorted(by_body.items())), summary),
        actions_total=len(actions),
        unowned=[action for action in actions if action.lead_partner_id is None],
    )


# --- People --------------------------------------------------------------------------------------


def partner_recipients(partner: Partner) -> QuerySet:
    """Active partner editors and leads of an organisation who have an email address."""
    names = [GROUP_NAMES[role] for role in ORGANISATION_ROLES]
    return (
        get_user_model()
        .objects.filter(delivery_membership__partner=partner, is_active=True, groups__name__in=names)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def role_label(user) -> str:
    roles = roles_of(user)
    for role in (
        Role.ADMINISTRATOR,
        Role.PERFORMANCE_OFFICER,
        Role.ENGAGEMENT_OFFICER,
        Role.PARTNER_LEAD,
        Role.PARTNER_EDITOR,
    ):
        if role in roles:
            return role.label
    return ""


# --- Partners (public) ---------------------------------------------------------------------------


def get_partner(plan: Plan, slug: str) -> Partner | None:
    return Partner.objects.filter(plan=plan, slug=slug).first()


def partner_actions(partner: Partner) -> tuple[list[Action], list[Action]]:
    """(actions the partner leads, actions it contributes to)."""
    base = Action.objects.select_related("priority", "lead_partner").order_by("priority__position", "number")
    return list(base.filter(lead_partner=partner)), list(base.filter(contributing_partners=partner).distinct())
