"""One status per indicator: the target first, then direction and polarity."""

from __future__ import annotations

import pytest

from onestockport.stats.change import Direction
from onestockport.stats.status import IndicatorStatus, StatusBasis, indicator_status
from onestockport.stats.targets import assess_target


def _target(latest: float):
    """A target of 600 by 2030 from 1,200 in 2015; `latest` is the 2022 figure."""
    return assess_target(base=(2015, 1200.0), latest=(2022, latest), target=(2030, 600.0))


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (550.0, IndicatorStatus.IMPROVING),  # achieved
        (850.0, IndicatorStatus.IMPROVING),  # on track
        (1100.0, IndicatorStatus.MIXED),  # the right way, too slowly
        (1300.0, IndicatorStatus.WORSENING),  # moving away from the target
    ],
)
def test_a_dated_target_comes_first(latest: float, status: IndicatorStatus) -> None:
    # The direction says the opposite each time; the target decides.
    result = indicator_status(direction=Direction.RISING, polarity="lower-is-better", target=_target(latest))
    assert result.status is status
    assert result.basis is StatusBasis.TARGET


@pytest.mark.parametrize(
    ("direction", "polarity", "status"),
    [
        (Direction.FALLING, "lower-is-better", IndicatorStatus.IMPROVING),
        (Direction.RISING, "lower-is-better", IndicatorStatus.WORSENING),
        (Direction.RISING, "higher-is-better", IndicatorStatus.IMPROVING),
        (Direction.FALLING, "higher-is-better", IndicatorStatus.WORSENING),
        (Direction.LITTLE_CHANGE, "higher-is-better", IndicatorStatus.LITTLE_CHANGE),
        (Direction.RISING, "no-judgement", IndicatorStatus.RISING),
        (Direction.FALLING, "no-judgement", IndicatorStatus.FALLING),
        (Direction.LITTLE_CHANGE, "no-judgement", IndicatorStatus.LITTLE_CHANGE),
        (Direction.TOO_FEW_POINTS, "lower-is-better", IndicatorStatus.NOT_ENOUGH_DATA),
        (Direction.NOT_ASSESSED, "higher-is-better", IndicatorStatus.NOT_ENOUGH_DATA),
    ],
)
def test_without_a_target_direction_and_polarity(direction: Direction, polarity: str, status: IndicatorStatus) -> None:
    assert indicator_status(direction=direction, polarity=polarity, target=None).status is status


def test_a_target_that_cannot_be_assessed_falls_back_to_the_direction() -> None:
    unassessed = assess_target(base=(2015, 1200.0), latest=(2015, 1100.0), target=(2030, 600.0))
    result = indicator_status(direction=Direction.FALLING, polarity="lower-is-better", target=unassessed)
    assert (result.status, result.basis) == (IndicatorStatus.IMPROVING, StatusBasis.DIRECTION)
