"""One status per indicator: improving, worsening, mixed, little change or not enough data.

The status is about the direction of travel, never about the comparison with England: a measure that
is improving but still worse than England is "improving" (the comparison is reported beside it).

1. **A dated target comes first.** When the plan sets one and progress can be assessed
   (`targets.assess_target`):
   * achieved, or on track (moving at 95% or more of the pace needed): **improving**;
   * moving away from the target (Open SDG "deterioration"): **worsening**;
   * moving towards it too slowly (moderate or limited progress), or the date has passed unmet while
     it was still moving the right way: **mixed** - better, but not fast enough.
2. **Otherwise the direction** (`change.assess_change`) with the indicator's polarity: rising when
   higher is better, or falling when lower is better, is **improving**; the opposite is **worsening**;
   **little-change** stays so.
3. **No polarity** (neither direction is good, e.g. the number of residents): the status is the plain
   direction, **rising** or **falling**, or **little-change**; never improving or worsening.
4. **not-enough-data** when there is no target verdict and the direction cannot be told (fewer than
   two figures, or a change that cannot be sized).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .benchmarking import Polarity
from .change import Direction
from .targets import ProgressCategory, TargetAssessment, TargetStatus

__all__ = ["IndicatorStatus", "StatusBasis", "StatusResult", "indicator_status"]


class IndicatorStatus(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    MIXED = "mixed"
    LITTLE_CHANGE = "little-change"
    NOT_ENOUGH_DATA = "not-enough-data"
    RISING = "rising"  # no polarity: neither direction is better
    FALLING = "falling"


class StatusBasis(StrEnum):
    TARGET = "target"
    DIRECTION = "direction"
    NONE = "none"


@dataclass(frozen=True)
class StatusResult:
    status: IndicatorStatus
    basis: StatusBasis
    reason: str


def indicator_status(
    *, direction: Direction, polarity: Polarity | str, target: TargetAssessment | None = None
) -> StatusResult:
    """The indicator's one status, by the rules in the module docstring."""
    polarity = Polarity(polarity)
    if target is not None and target.status is not TargetStatus.NOT_ASSESSED:
        if target.status in (TargetStatus.ACHIEVED, TargetStatus.ON_TRACK):
            return StatusResult(IndicatorStatus.IMPROVING, StatusBasis.TARGET, f"target {target.status}")
        if target.category is ProgressCategory.DETERIORATION:
            return StatusResult(IndicatorStatus.WORSENING, StatusBasis.TARGET, "moving away from the target")
        return StatusResult(
            IndicatorStatus.MIXED, StatusBasis.TARGET, "moving towards the target, but not fast enough to meet it"
        )
    if direction in (Direction.TOO_FEW_POINTS, Direction.NOT_ASSESSED):
        return StatusResult(IndicatorStatus.NOT_ENOUGH_DATA, StatusBasis.NONE, f"direction {direction}")
    if direction is Direction.LITTLE_CHANGE:
        return StatusResult(IndicatorStatus.LITTLE_CHANGE, StatusBasis.DIRECTION, "little change over the span")
    rising = direction is Direction.RISING
    if polarity is Polarity.NO_JUDGEMENT:
        status = IndicatorStatus.RISING if rising else IndicatorStatus.FALLING
        return StatusResult(status, StatusBasis.DIRECTION, "no polarity: the direction only")
    good = rising == (polarity is Polarity.HIGHER_IS_BETTER)
    status = IndicatorStatus.IMPROVING if good else IndicatorStatus.WORSENING
    return StatusResult(status, StatusBasis.DIRECTION, f"{direction} and {polarity}")
