"""What the public may see of each action's delivery: its latest approved status and overdue commitments.

A dated commitment of the plan is overdue once its date has passed with no completion that the
performance team has verified, unless the action itself has been reported complete. Pages, the
roll-up and the API read this one rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from onestockport.plans.models import Action, Commitment

from .models import Milestone, Status
from .selectors import STATUS_ORDER, ApprovedStatus, approved_statuses, status_label

OVERDUE = "overdue"
OVERDUE_LABEL = "Has an overdue commitment"


@dataclass(frozen=True)
class ActionProgress:
    """One action as the public sees it: its approved status and the plan commitments now overdue."""

    status: ApprovedStatus
    overdue: list[Commitment] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)


def public_progress(actions: Iterable[Action], *, today: dt.date) -> dict[int, ActionProgress]:
    """Each action's approved status and overdue commitments, in three queries whatever the number of actions."""
    actions = list(actions)
    statuses = approved_statuses(actions)
    overdue = _overdue_commitments([action.pk for action in actions], today=today)
    return {
        action.pk: ActionProgress(
            status=statuses[action.pk],
            overdue=[] if statuses[action.pk].status == Status.COMPLETE else overdue.get(action.pk, []),
        )
        for action in actions
    }


def _overdue_commitments(action_ids: list[int], *, today: dt.date) -> dict[int, list[Commitment]]:
    past_due = list(Commitment.objects.filter(action_id__in=action_ids, due__lt=today).order_by("due", "position"))
    verified_done = set(
        Milestone.objects.filter(commitment__in=past_due, done__isnull=False, verified_at__isnull=False).values_list(
            "commitment_id", flat=True
        )
    )
    found: dict[int, list[Commitment]] = defaultdict(list)
    for commitment in past_due:
        if commitment.pk not in verified_done:
            found[commitment.action_id].append(commitment)
    return found


def status_choices() -> list[tuple[str, str]]:
    """The filter's choices: every delivery status in order, then 'has an overdue commitment'."""
    return [(status, status_label(status)) for status in STATUS_ORDER] + [(OVERDUE, OVERDUE_LABEL)]


def matches_status(progress: ActionProgress, wanted: str) -> bool:
    if wanted == OVERDUE:
        return progress.is_overdue
    return progress.status.status == wanted
