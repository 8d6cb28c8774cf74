"""Each action's latest approved delivery update: what the public may see of its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from onestockport.delivery.models import Update
from onestockport.delivery.selectors import NO_UPDATE, status_label
from onestockport.plans.models import Action


@dataclass(frozen=True)
class PublicStatus:
    status: str  # a Status value, or NO_UPDATE
    label: str
    period: str | None  # reporting period of the approved update, e.g. 2026-Q3
    approved_on: dt.date | None


NO_STATUS = PublicStatus(status=NO_UPDATE, label=status_label(NO_UPDATE), period=None, approved_on=None)


def public_statuses(actions: Iterable[Action]) -> dict[int, PublicStatus]:
    """Action id -> its latest approved status (by reporting period); NO_STATUS until one is approved."""
    ids = [action.pk for action in actions]
    statuses = dict.fromkeys(ids, NO_STATUS)
    approved = (
        Update.objects.filter(action_id__in=ids, state=Update.State.APPROVED)
        .order_by("action_id", "period_start")
        .values_list("action_id", "status", "period", "reviewed_at")
    )
    for action_id, status, period, reviewed_at in approved:  # oldest first, so the last one wins
        statuses[action_id] = PublicStatus(
            status=status,
            label=status_label(status),
            period=period,
            approved_on=reviewed_at.date() if reviewed_at else None,
        )
    return statuses
