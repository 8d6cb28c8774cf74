"""Selectors for writing and reviewing an update: what the writer sees beside the form, the change a
reviewer reads against the last approved update, and the next update waiting for review.
"""

from __future__ import annotations

from typing import Any

from onestockport.plans.models import Action, Plan

from .history import word_diff
from .models import Update
from .periods import Period
from .permissions import four_eyes_refusal
from .selectors import action_milestones, approved_updates, awaiting_review, get_period


def previous_approved(action: Action, period: Period | str) -> Update | None:
    """The action's latest approved update from a period before this one: what the last report said."""
    start = (get_period(period) if isinstance(period, str) else period).start
    return approved_updates(action).filter(period_start__lt=start).first()


def writing_context(action: Action, period: Period) -> dict[str, Any]:
    """Beside the update form: the milestones and the last approved update (the plan's words come with
    the action itself)."""
    return {"milestones": action_milestones(action), "previous": previous_approved(action, period)}


def comparison(update: Update) -> dict[str, Any]:
    """The update against the action's last approved update before its period, for the update page: the
    same marked-up word difference as the history of changes."""
    previous = previous_approved(update.action, update.period)
    if previous is None:
        return {"previous": None}
    return {
        "previous": previous,
        "status_changed": previous.status != update.status,
        "text_diff": word_diff(previous.narrative, update.narrative),
        "text_changed": previous.narrative.split() != update.narrative.split(),
    }


def next_to_review(plan: Plan, *, reviewer=None, after: Update | None = None) -> Update | None:
    """The submitted update waiting longest for review, other than the one just decided, and one the
    reviewer may approve: an update they wrote part of waits for someone else (the four-eyes rule)."""
    waiting = awaiting_review(plan)
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    return next((update for update in waiting.iterator() if not four_eyes_refusal(reviewer, update)), None)
