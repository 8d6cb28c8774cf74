"""Board packs: a delivery body's actions with their approved updates for one period (reads only).

A board pack goes to a delivery body's meeting, so it holds published content only: approved updates,
and milestone completions once the performance team has verified them. Its statuses and counts come
from selectors.status_summary, as the dashboard's do, so the two agree; an update waiting for review
is counted (not shown) apart from actions with no update.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from onestockport.plans.models import Action, DeliveryBody, Plan
from onestockport.plans.place import current_place

from .models import Update
from .periods import Period
from .selectors import MilestoneRow, action_milestones, body_actions, status_summary


@dataclass
class PackRow:
    action: Action
    status: str
    status_label: str
    update: Update | None  # the approved update for the pack's period
    milestones: list[MilestoneRow]
    status_period: str | None = None  # period of the approved update the status comes from
    awaiting_review: bool = False  # an update for the pack's period is waiting for review


@dataclass
class BoardPack:
    plan: Plan
    body: DeliveryBody
    period: Period
    generated_at: dt.datetime
    counts: list[dict[str, Any]]
    rows: list[PackRow]
    site_name: str  # the site's own name, from the plan's `place` section
    demo: bool = False

    @property
    def title(self) -> str:
        return f"{self.body.name}: delivery report for {self.period.label}"

    @property
    def source(self) -> str:
        """Whose pack this is: '<site name> · <plan title>' (the title alone where they are the same)."""
        if self.site_name == self.plan.title:
            return self.plan.title
        return f"{self.site_name} · {self.plan.title}"

    @property
    def approved(self) -> list[PackRow]:
        return [row for row in self.rows if row.update is not None]


def board_pack(*, plan: Plan, body: DeliveryBody, period: Period) -> BoardPack:
    """The body's actions with their status as of the period, its approved update (if any) and milestones."""
    actions = list(body_actions(body).prefetch_related("commitments", "milestones", "contributing_partners"))
    summary = status_summary(actions, period)
    approved = {
        update.action_id: update
        for update in Update.objects.filter(
            action__in=actions, period=period.label, state=Update.State.APPROVED
        ).prefetch_related("files")
    }
    rows = []
    for action in actions:
        status = summary.statuses[action.pk]
        rows.append(
            PackRow(
                action=action,
                status=status.status,
                status_label=status.label,
                update=approved.get(action.pk),
                milestones=action_milestones(action, public=True),
                status_period=status.period,
                awaiting_review=action.pk in summary.awaiting,
            )
        )
    return BoardPack(
        plan=plan,
        body=body,
        period=period,
        generated_at=timezone.localtime(),
        counts=[{key: item[key] for key in ("status", "label", "count")} for item in summary.counts()],
        rows=rows,
        site_name=current_place().site_name,
        demo=settings.ONESTOCKPORT_DEMO,
    )
