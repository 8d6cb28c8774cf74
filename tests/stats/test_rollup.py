"""A measure's status from its direct indicators, and when delivery and measures disagree (docs/methods.md)."""

from __future__ import annotations

import pytest

from onestockport.stats.rollup import DisagreementKind, MeasureStatus, delivery_disagreement, measure_status


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], MeasureStatus.NO_DATA),
        (["not-enough-data"], MeasureStatus.NO_DATA),
        (["rising", "falling"], MeasureStatus.NO_DATA),  # no polarity: says nothing about success
        (["worsening", "worsening"], MeasureStatus.WORSENING),
        (["improving", "not-enough-data"], MeasureStatus.IMPROVING),
        (["little-change"], MeasureStatus.LITTLE_CHANGE),
        (["improving", "worsening"], MeasureStatus.MIXED),
        (["improving", "improving", "mixed"], MeasureStatus.MIXED),
        (["improving", "improving", "little-change"], MeasureStatus.IMPROVING),
        (["worsening", "little-change", "little-change"], MeasureStatus.LITTLE_CHANGE),
        (["worsening", "little-change"], MeasureStatus.MIXED),
        (["improving", "rising", "rising"], MeasureStatus.IMPROVING),
    ],
)
def test_measure_status(statuses, expected):
    assert measure_status(statuses) is expected


def test_delivery_on_track_and_measures_worsening_disagree():
    found = delivery_disagreement(reported=4, on_track=2, behind=1, improving=0, worsening=1)
    assert found is not None
    assert found.kind is DisagreementKind.DELIVERY_AHEAD


def test_delivery_behind_and_measures_improving_disagree():
    found = delivery_disagreement(reported=3, on_track=1, behind=2, improving=2, worsening=1)
    assert found is not None
    assert found.kind is DisagreementKind.OUTCOMES_AHEAD


@pytest.mark.parametrize(
    "counts",
    [
        {"reported": 0, "on_track": 0, "behind": 0, "improving": 0, "worsening": 3},  # nothing reported
        {"reported": 3, "on_track": 1, "behind": 1, "improving": 0, "worsening": 2},  # not mostly on track
        {"reported": 2, "on_track": 2, "behind": 0, "improving": 1, "worsening": 1},  # as many each way
        {"reported": 2, "on_track": 2, "behind": 0, "improving": 2, "worsening": 0},  # both going well
        {"reported": 2, "on_track": 1, "behind": 1, "improving": 2, "worsening": 0},  # half behind is not most
        {"reported": 2, "on_track": 0, "behind": 2, "improving": 0, "worsening": 1},  # both going badly
    ],
)
def test_no_disagreement_when_the_two_sides_agree_or_are_unclear(counts):
    assert delivery_disagreement(**counts) is None
