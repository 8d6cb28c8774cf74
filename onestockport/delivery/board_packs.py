"""Board packs: a delivery body's actions with their approved updates for one period (reads only).

A board pack goes to a delivery body's meeting, so it holds published content only: approved updates,
and milestone completions once the performance team has verified them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from onestockport.plans.models import Action, DeliveryBody, Plan
from onestockport.plans.place import current_place

from .models import Update
from .periods import Period
from .selectors import NO_UPDATE, STATUS_ORDER, MilestoneRow, action_milestones, body_actions, status_label


@dataclass
class PackRow:
    action: Action
    status: str
    status_label: str
    update: Update | None
    milestones: list[MilestoneRow]


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
    """The body's actions with their approved update for the period (if any) and milestones."""
    actions = list(body_actions(body).prefetch_related("commitments", "milestones", "contributing_partners"))
    approved = {
        update.action_id: update
        for update in Update.objects.filter(
            action__in=actions, period=period.label, state=Update.State.APPROVED
        ).prefetch_related("files")
    }
    rows = []
    for action in actions:
        update = approved.get(action.pk)
        status = update.status if update else NO_UPDATE
        rows.append(
            PackRow(
                action=action,
                status=status,
                status_label=status_label(status) if update else "No approved update",
                update=update,
                milestones=action_milestones(action, public=True),
            )
        )
    counts = Counter(row.status for row in rows)
    return BoardPack(
        plan=plan,
        body=body,
        period=period,
        generated_at=timezone.localtime(),
        counts=[
            {
                "status": s,
                "label": status_label(s) if s != NO_UPDATE else "No approved update",
                "count": counts.get(s, 0),
            }
            for s in STATUS_ORDER
        ],
        rows=rows,
        site_name=current_place().site_name,
        demo=settings.ONESTOCKPORT_DEMO,
    )
