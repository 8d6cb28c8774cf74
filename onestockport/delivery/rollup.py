"""Each priority at a glance: how its measures are doing beside how its actions are being delivered.

The measures' statuses come from the cached overview (`indicators.overview`); the actions' statuses and
overdue commitments from `outcomes.public_progress` on every request (three queries), so an approval
shows at once. Where delivery and measures point different ways (`stats.rollup.delivery_disagreement`),
the roll-up says so; the public priority page and the staff dashboard show the same sentence.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from onestockport.indicators.overview import MEASURE_STATUS_ORDER, STATUS_LABELS, MeasureRow, Overview, plan_overview
from onestockport.plans.models import Action, Plan, Priority
from onestockport.stats.rollup import Disagreement, DisagreementKind, MeasureStatus, delivery_disagreement

from .models import Status
from .outcomes import ActionProgress, public_progress
from .selectors import NO_UPDATE, STATUS_ORDER, STATUS_TAGS, status_label

ON_TRACK = (Status.ON_TRACK, Status.COMPLETE)
BEHIND = (Status.AT_RISK, Status.OFF_TRACK)


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int
    tag: str = ""
    words: str = ""  # the label inside a sentence: '3 on track', '6 with no update yet'


@dataclass(frozen=True)
class PriorityRollup:
    priority: Priority
    measures: list[MeasureRow]
    measure_counts: list[Tally]  # every measure status, in MEASURE_STATUS_ORDER, zeros included
    action_counts: list[Tally]  # every delivery status, in STATUS_ORDER, zeros included
    actions_total: int
    overdue_commitments: int
    actions_with_overdue: int
    disagreement: Disagreement | None

    @property
    def measures_total(self) -> int:
        return len(self.measures)

    @property
    def measure_counts_shown(self) -> list[Tally]:
        return [tally for tally in self.measure_counts if tally.count]

    @property
    def action_counts_shown(self) -> list[Tally]:
        return [tally for tally in self.action_counts if tally.count]

    @property
    def sentence(self) -> DisagreementWords | None:
        return disagreement_words(self.disagreement) if self.disagreement else None


@dataclass(frozen=True)
class DisagreementWords:
    """The one sentence, in parts, so a template can link the delivery side and the measures side."""

    delivery: str  # '2 of the 3 actions with an approved update are on track or complete'
    measures: str  # '1 of its measures is worsening and none is improving'
    delivery_first: bool  # which clause opens the sentence
    joint: str  # 'but' or 'although'

    @property
    def text(self) -> str:
        first, second = (self.delivery, self.measures) if self.delivery_first else (self.measures, self.delivery)
        return f"{first[0].upper()}{first[1:]}, {self.joint} {second}."


def priority_rollups(plan: Plan, *, today: dt.date, overview: Overview | None = None) -> list[PriorityRollup]:
    """Every priority of the plan, in order, with its measure and action counts."""
    overview = overview or plan_overview(plan)
    priorities = list(Priority.objects.filter(plan=plan).order_by("position"))
    actions = list(Action.objects.filter(priority__plan=plan))
    progress = public_progress(actions, today=today)
    by_priority: dict[int, list[ActionProgress]] = {priority.pk: [] for priority in priorities}
    for action in actions:
        by_priority[action.priority_id].append(progress[action.pk])
    return [_rollup(priority, overview.measures_of(priority.slug), by_priority[priority.pk]) for priority in priorities]


def priority_rollup(priority: Priority, *, today: dt.date, overview: Overview | None = None) -> PriorityRollup:
    """One priority's roll-up (the priority page)."""
    overview = overview or plan_overview(priority.plan)
    actions = list(priority.actions.all())
    progress = public_progress(actions, today=today)
    return _rollup(priority, overview.measures_of(priority.slug), [progress[action.pk] for action in actions])


def disagreements(rollups: list[PriorityRollup]) -> list[PriorityRollup]:
    return [rollup for rollup in rollups if rollup.disagreement is not None]


def _rollup(priority: Priority, measures: list[MeasureRow], progress: list[ActionProgress]) -> PriorityRollup:
    measure_counts = Counter(measure.status for measure in measures)
    statuses = Counter(item.status.status for item in progress)
    reported = sum(count for status, count in statuses.items() if status != NO_UPDATE)
    return PriorityRollup(
        priority=priority,
        measures=measures,
        measure_counts=[
            Tally(
                str(status), STATUS_LABELS[status], measure_counts.get(status, 0), words=STATUS_LABELS[status].lower()
            )
            for status in MEASURE_STATUS_ORDER
        ],
        action_counts=[
            Tally(
                status,
                status_label(status),
                statuses.get(status, 0),
                STATUS_TAGS.get(status, ""),
                "with no update yet" if status == NO_UPDATE else status_label(status).lower(),
            )
            for status in STATUS_ORDER
        ],
        actions_total=len(progress),
        overdue_commitments=sum(len(item.overdue) for item in progress),
        actions_with_overdue=sum(1 for item in progress if item.is_overdue),
        disagreement=delivery_disagreement(
            reported=reported,
            on_track=sum(statuses.get(status, 0) for status in ON_TRACK),
            behind=sum(statuses.get(status, 0) for status in BEHIND),
            improving=measure_counts.get(MeasureStatus.IMPROVING, 0),
            worsening=measure_counts.get(MeasureStatus.WORSENING, 0),
        ),
    )


def _delivery_words(count: int, reported: int, state: str) -> str:
    """'2 of the 3 actions with an approved update are reported on track or complete'."""
    if reported == 1:
        return f"the one action with an approved update is reported {state}"
    if count == reported:
        every = "both" if count == 2 else f"all {count}"
        return f"{every} actions with an approved update are reported {state}"
    verb = "is" if count == 1 else "are"
    return f"{count} of the {reported} actions with an approved update {verb} reported {state}"


def _measure_words(count: int, way: str, other: int, other_way: str) -> str:
    """'1 of its measures is worsening and none is improving'."""
    verb = "is" if count == 1 else "are"
    others = "none is" if other == 0 else ("1 is" if other == 1 else f"{other} are")
    return f"{count} of its measures {verb} {way} and {others} {other_way}"


def disagreement_words(disagreement: Disagreement) -> DisagreementWords:
    """The sentence's two clauses: '2 of the 3 actions with an approved update are reported on track or complete,
    but 1 of its measures is worsening and none is improving', and the reverse."""
    if disagreement.kind is DisagreementKind.DELIVERY_AHEAD:
        return DisagreementWords(
            delivery=_delivery_words(disagreement.on_track, disagreement.reported, "on track or complete"),
            measures=_measure_words(disagreement.worsening, "worsening", disagreement.improving, "improving"),
            delivery_first=True,
            joint="but",
        )
    return DisagreementWords(
        delivery=_delivery_words(disagreement.behind, disagreement.reported, "at risk or off track"),
        measures=_measure_words(disagreement.improving, "improving", disagreement.worsening, "worsening"),
        delivery_first=False,
        joint="although",
    )
