"""What "you said, we did" shows of each action's delivery: its latest APPROVED status and update, the
date it was approved, and what changed since the update before it (or since the plan's publication).

The latest status comes from the delivery app's own reading of approved updates
(onestockport.delivery.selectors.approved_statuses), so this page and the delivery pages can never
disagree; one further query reads the approved updates' text and the status before. Drafts, updates
awaiting review and returned updates are never read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from onestockport.delivery.models import Update
from onestockport.delivery.selectors import (
    NO_UPDATE,
    STATUS_DEFINITIONS,
    STATUS_TAGS,
    approved_statuses,
    status_label,
)
from onestockport.plans.models import Action

LEAD_LENGTH = 300  # characters of whole sentences shown before "read the full update"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'\u201c\u2018(])")


@dataclass(frozen=True)
class ActionProgress:
    status: str  # a delivery Status value, or NO_UPDATE
    label: str
    tag: str  # the GOV.UK tag class the delivery pages use for the status
    period: str | None  # reporting period of the latest approved update
    approved_on: dt.date | None
    summary: str  # the approved update's text, whole ("" without one)
    lead: str  # its first whole sentences when it is long, else ""
    change: str  # what changed since, in words

    @property
    def has_update(self) -> bool:
        return self.status != NO_UPDATE


def lead_sentences(text: str, limit: int = LEAD_LENGTH) -> str:
    """The text's first whole sentences within `limit` characters, or "" when the text is short enough
    to show whole or its first sentence is already longer (never a cut mid-sentence)."""
    text = text.strip()
    if len(text) <= limit:
        return ""
    lead = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{lead} {sentence}".strip()
        if len(candidate) > limit:
            break
        lead = candidate
    return lead


def _change(status: str, previous: tuple[str, str] | None) -> str:
    if status == NO_UPDATE:
        return STATUS_DEFINITIONS[NO_UPDATE]
    if previous is None:
        return "This is the first approved update since the plan was published."
    previous_status, previous_period = previous
    if previous_status == status:
        return f"No change in status since the {previous_period} update."
    return (
        f"Status changed from {status_label(previous_status).lower()} to {status_label(status).lower()} "
        f"since the {previous_period} update."
    )


def action_progress(actions: Iterable[Action]) -> dict[int, ActionProgress]:
    """Each action's published progress, by action id (every action, with or without an approved update)."""
    actions = list(actions)
    latest = approved_statuses(actions)
    # Oldest first, so for each action the last two rows seen are its latest and the one before.
    rows = (
        Update.objects.filter(action__in=actions, state=Update.State.APPROVED)
        .order_by("action_id", "period_start")
        .values_list("action_id", "period", "status", "narrative")
    )
    history: dict[int, list[tuple[str, str, str]]] = {}
    for action_id, period, status, narrative in rows:
        history.setdefault(action_id, []).append((period, status, narrative))
    found = {}
    for action in actions:
        approved = latest[action.pk]
        updates = history.get(action.pk, [])
        summary = updates[-1][2].strip() if updates else ""
        previous = (updates[-2][1], updates[-2][0]) if len(updates) > 1 else None
        found[action.pk] = ActionProgress(
            status=approved.status,
            label=approved.label,
            tag=STATUS_TAGS.get(approved.status, "govuk-tag--grey"),
            period=approved.period,
            approved_on=approved.approved_on,
            summary=summary,
            lead=lead_sentences(summary),
            change=_change(approved.status, previous),
        )
    return found
