"""Rolling statuses up: a measure's status from its direct indicators, and where delivery and outcomes disagree.

Pure functions on plain values; `onestockport.indicators.overview` and `onestockport.delivery.rollup`
feed them. docs/methods.md ("How each measure of success is doing", "Delivery against outcomes") says
the same rules for readers.

**A measure's status** comes from the statuses of its *direct* indicators (`stats.status`); partial and
context indicators are shown beside it but do not decide it, and neither does an indicator whose
direction is neither good nor bad (rising or falling):

1. no direct indicator with a status (none published, too few figures, or local data needed): **no-data**;
2. all of them agree: that status;
3. some improving and some worsening, or any of them mixed: **mixed**;
4. otherwise improving (or worsening) beside little change: whichever more of them show; as many of
   each: **mixed**.

**Delivery against outcomes**: a priority's delivery is *mostly on track* when at least half of its
actions with an approved update are on track or complete, and *mostly behind* when more than half are
at risk or off track. The two sides disagree when delivery is mostly on track but more of its measures
are worsening than improving, or delivery is mostly behind but more are improving than worsening.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .status import IndicatorStatus

__all__ = ["Disagreement", "DisagreementKind", "MeasureStatus", "delivery_disagreement", "measure_status"]


class MeasureStatus(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    MIXED = "mixed"
    LITTLE_CHANGE = "little-change"
    NO_DATA = "no-data"


# The indicator statuses that say whether a measure is doing better or worse (rising and falling do not).
JUDGING = {
    IndicatorStatus.IMPROVING: MeasureStatus.IMPROVING,
    IndicatorStatus.WORSENING: MeasureStatus.WORSENING,
    IndicatorStatus.MIXED: MeasureStatus.MIXED,
    IndicatorStatus.LITTLE_CHANGE: MeasureStatus.LITTLE_CHANGE,
}


def measure_status(direct_statuses: Iterable[str]) -> MeasureStatus:
    """A measure's status from its direct indicators' statuses (`IndicatorStatus` values), by the module's rule."""
    found = [JUDGING[IndicatorStatus(status)] for status in direct_statuses if status in JUDGING]
    if not found:
        return MeasureStatus.NO_DATA
    counts = Counter(found)
    if len(counts) == 1:
        return found[0]
    if MeasureStatus.MIXED in counts or {MeasureStatus.IMPROVING, MeasureStatus.WORSENING} <= counts.keys():
        return MeasureStatus.MIXED
    moving = MeasureStatus.IMPROVING if MeasureStatus.IMPROVING in counts else MeasureStatus.WORSENING
    if counts[moving] == counts[MeasureStatus.LITTLE_CHANGE]:
        return MeasureStatus.MIXED
    return moving if counts[moving] > counts[MeasureStatus.LITTLE_CHANGE] else MeasureStatus.LITTLE_CHANGE


class DisagreementKind(StrEnum):
    DELIVERY_AHEAD = "delivery-ahead"  # actions mostly on track or complete, measures mostly worsening
    OUTCOMES_AHEAD = "outcomes-ahead"  # actions mostly at risk or off track, measures mostly improving


@dataclass(frozen=True)
class Disagreement:
    """Where a priority's delivery and its measures point different ways, with the numbers behind it."""

    kind: DisagreementKind
    reported: int  # actions with an approved update
    on_track: int  # of those, on track or complete
    behind: int  # of those, at risk or off track
    improving: int  # measures
    worsening: int


def delivery_disagreement(
    *, reported: int, on_track: int, behind: int, improving: int, worsening: int
) -> Disagreement | None:
    """The disagreement between delivery and measures, by the module's rule, or None when they agree.

    Args:
        reported: the priority's actions with an approved update.
        on_track: of those, reported on track or complete.
        behind: of those, reported at risk or off track.
        improving, worsening: the priority's measures with that status (`measure_status`).
    """
    kind = None
    if reported and 2 * on_track >= reported and worsening > improving:
        kind = DisagreementKind.DELIVERY_AHEAD
    elif reported and 2 * behind > reported and improving > worsening:
        kind = DisagreementKind.OUTCOMES_AHEAD
    if kind is None:
        return None
    return Disagreement(
        kind=kind, reported=reported, on_track=on_track, behind=behind, improving=improving, worsening=worsening
    )
