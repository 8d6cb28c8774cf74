"""Dated targets, the Open SDG way (sdg-build ProgressMeasure, methodology 2), with our adaptations."""

from __future__ import annotations

import math

import pytest

from onestockport.stats.targets import (
    GrowthModel,
    ProgressCategory,
    ProgressThresholds,
    TargetDirection,
    TargetStatus,
    assess_target,
)


def test_open_sdg_worked_example_reduction_on_track() -> None:
    # Base 100 in 2015, 80 in 2020, target 50 by 2030. By hand: CAGR observed = 0.8^(1/5) - 1 = -0.043648;
    # CAGR required = 0.5^(1/15) - 1 = -0.045158; ratio = -1 x -0.043648 / 0.045158 = 0.9665 >= 0.95.
    result = assess_target(base=(2015, 100), latest=(2020, 80), target=(2030, 50))
    assert result.observed_rate == pytest.approx(-0.043648, abs=1e-6)
    assert result.required_rate == pytest.approx(-0.045158, abs=1e-6)
    assert result.progress_ratio == pytest.approx(0.9665, abs=1e-4)
    assert result.category is ProgressCategory.SUBSTANTIAL_PROGRESS
    assert result.status is TargetStatus.ON_TRACK
    assert result.direction is TargetDirection.DECREASE
    assert result.growth_model is GrowthModel.COMPOUND
    assert "Open SDG" in result.explanation
    assert result.explanation.count(".") == 1  # one sentence for the page


@pytest.mark.parametrize(
    ("latest", "category"),
    [
        (95, ProgressCategory.LIMITED_PROGRESS),  # ratio 0.23
        (85, ProgressCategory.MODERATE_PROGRESS),  # ratio 0.71
        (110, ProgressCategory.DETERIORATION),  # moving away
    ],
)
def test_slower_or_backward_progress_is_off_track(latest: float, category: ProgressCategory) -> None:
    result = assess_target(base=(2015, 100), latest=(2020, latest), target=(2030, 50))
    assert result.category is category
    assert result.status is TargetStatus.OFF_TRACK


def test_increase_target() -> None:
    result = assess_target(base=(2015, 60), latest=(2020, 70), target=(2030, 80))
    assert result.direction is TargetDirection.INCREASE
    assert result.status is TargetStatus.ON_TRACK


def test_already_achieved_counts_first() -> None:
    for latest in [(2020, 40), (2015, 50)]:
        result = assess_target(base=(2015, 100), latest=latest, target=(2030, 50))
        assert result.status is TargetStatus.ACHIEVED
        assert result.category is ProgressCategory.TARGET_ACHIEVED


def test_cumulative_count_uses_straight_line_rates() -> None:
    # 11,500 trees by 2030 from none in 2020: needs 1,150 a year; 4,000 by 2023 is 1,333 a year.
    result = assess_target(base=(2020, 0), latest=(2023, 4000), target=(2030, 11_500), cumulative=True)
    assert result.growth_model is GrowthModel.LINEAR
    assert result.required_rate == pytest.approx(1150)
    assert result.observed_rate == pytest.approx(4000 / 3)
    assert result.progress_ratio == pytest.approx(1.1594, abs=1e-4)
    assert result.status is TargetStatus.ON_TRACK
    assert "running total" in result.note
    behind = assess_target(base=(2020, 0), latest=(2023, 2100), target=(2030, 11_500), cumulative=True)
    assert behind.progress_ratio == pytest.approx(700 / 1150)
    assert behind.category is ProgressCategory.MODERATE_PROGRESS


def test_reaching_zero_uses_straight_line_rates() -> None:
    # Net zero by 2038 from 1,500 kt in 2005: needs 45.45 kt a year; 40 a year so far is 88%.
    result = assess_target(base=(2005, 1500), latest=(2020, 900), target=(2038, 0))
    assert result.growth_model is GrowthModel.LINEAR
    assert result.progress_ratio == pytest.approx(0.88)
    assert result.category is ProgressCategory.MODERATE_PROGRESS
    assert "zero" in result.note


def test_forcing_compound_growth_to_zero_follows_open_sdg() -> None:
    # Open SDG replaces a target of 0 with 0.001.
    forced = assess_target(base=(2015, 100), latest=(2020, 50), target=(2030, 0), growth_model="compound")
    assert forced.required_rate == pytest.approx((0.001 / 100) ** (1 / 15) - 1)


def test_threshold_boundaries_belong_to_the_higher_category() -> None:
    base, target = (2015, 100.0), (2030, 250.0)
    required = 150 / 15
    at_medium = assess_target(base=base, latest=(2020, 100 + 0.6 * required * 5), target=target, growth_model="linear")
    assert at_medium.progress_ratio == pytest.approx(0.6)
    assert at_medium.category is ProgressCategory.MODERATE_PROGRESS
    custom = ProgressThresholds(high=0.5, medium=0.3, low=0.0)
    assert assess_target(base=base, latest=(2020, 130), target=target, growth_model="linear",
                         thresholds=custom).status is TargetStatus.ON_TRACK  # fmt: skip


def test_missed_deadline_is_off_track() -> None:
    result = assess_target(base=(2015, 100), latest=(2031, 52), target=(2030, 50))
    assert result.status is TargetStatus.OFF_TRACK
    assert "passed" in result.note


@pytest.mark.parametrize(
    ("base", "latest", "reason"),
    [
        ((2015, 100), (2015, 90), "later year"),
        ((2015, 100), (2014, 90), "later year"),
        ((2015, None), (2020, 90), "no base value"),
        ((2015, 100), (2020, None), "no latest value"),
        ((2015, 100), (2020, math.nan), "no latest value"),
    ],
)
def test_data_that_cannot_support_a_verdict(base, latest, reason: str) -> None:
    result = assess_target(base=base, latest=latest, target=(2030, 50))
    assert result.status is TargetStatus.NOT_ASSESSED
    assert result.category is ProgressCategory.NOT_AVAILABLE
    assert reason in result.note.lower()


def test_a_target_equal_to_its_base_needs_a_direction() -> None:
    with pytest.raises(ValueError, match="increase"):
        assess_target(base=(2015, 80), latest=(2020, 78), target=(2030, 80))
    held = assess_target(base=(2015, 80), latest=(2020, 78), target=(2030, 80), direction="increase")
    assert held.category is ProgressCategory.DETERIORATION
    assert held.progress_ratio is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": (2010, 50)}, "must come after"),
        ({"target": (2030, None)}, "year and a value"),
        ({"direction": "sideways"}, "sideways"),
        ({"growth_model": "exponential"}, "exponential"),
        ({"cumulative": True, "growth_model": "compound"}, "cumulative"),
        ({"latest": (2020, -5), "target": (2030, 150), "growth_model": "compound"}, "compound"),
    ],
)
def test_unusable_targets_are_refused(kwargs: dict, message: str) -> None:
    arguments = {"base": (2015, 100), "latest": (2020, 80), "target": (2030, 50)} | kwargs
    with pytest.raises(ValueError, match=message):
        assess_target(**arguments)


def test_the_explanation_names_the_periods_as_readers_know_them():
    labelled = assess_target(
        base=(2012.5, 1631.0), latest=(2023.5, 986.0), target=(2038, 0.0), period_labels=("2012", "2023")
    )
    assert "from 2012 to 2023" in labelled.explanation
    assert "2012.5" not in labelled.explanation
