"""Is a measure on track for its dated target? The Open SDG progress measure, with stated adaptations.

Open SDG's method (``sdg/ProgressMeasure.py`` in github.com/open-sdg/sdg-build, "methodology 2",
after the UN ESCAP progress assessment): compare the compound annual growth rate actually achieved
since the base year, CAGR_o = (latest / base)^(1 / (latest year - base year)) - 1, with the rate
required to reach the target, CAGR_r = (target / base)^(1 / (target year - base year)) - 1. The
progress ratio is direction x CAGR_o / |CAGR_r| (direction +1 to increase, -1 to reduce), and:

* ratio >= 0.95: substantial progress (on track)
* 0.6 <= ratio < 0.95: moderate progress
* 0 <= ratio < 0.6: limited progress
* ratio < 0: deterioration (moving away from the target)
* target already met by the latest value: target achieved (checked first, as Open SDG does)

We report "on track" for substantial progress and "off track" for moderate, limited or deterioration.

Adaptations, each named in the result's `note`:

* Cumulative counts (trees planted toward 11,500, homes built since 2020) grow by addition, not
  compounding, and often start at zero: for them the rates are linear, (latest - base) / years and
  (target - base) / years, with the same ratio and thresholds.
* A target of zero ("reach net zero"): compound growth never reaches zero, and Open SDG substitutes
  0.001, which makes the verdict depend on the units (0.001 tonnes is not 0.001 kilotonnes). We use
  the linear rates instead. The same goes for a zero or negative base or latest value.
* A target date that has passed without the target being met is off track, whatever the ratio.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "OPEN_SDG_THRESHOLDS",
    "GrowthModel",
    "Observation",
    "ProgressCategory",
    "ProgressThresholds",
    "TargetAssessment",
    "TargetDirection",
    "TargetStatus",
    "assess_target",
]


class Observation(NamedTuple):
    """A value in a year; plain ``(year, value)`` tuples are accepted too. Years may be fractional."""

    year: float
    value: float | None


class TargetDirection(StrEnum):
    INCREASE = "increase"
    DECREASE = "decrease"


class GrowthModel(StrEnum):
    """How the yearly rates are measured: Open SDG's compound growth, or straight-line change."""

    COMPOUND = "compound"
    LINEAR = "linear"


class ProgressCategory(StrEnum):
    """Open SDG's progress categories (its own status names)."""

    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_AVAILABLE = "not_available"


class TargetStatus(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    NOT_ASSESSED = "not-assessed"


@dataclass(frozen=True)
class ProgressThresholds:
    """Lower bounds of the progress ratio for substantial, moderate and limited progress."""

    high: float = 0.95
    medium: float = 0.6
    low: float = 0.0


OPEN_SDG_THRESHOLDS = ProgressThresholds()


@dataclass(frozen=True)
class TargetAssessment:
    """The verdict on a target, its Open SDG category, the rates behind it and words for the page."""

    status: TargetStatus
    category: ProgressCategory
    direction: TargetDirection | None
    growth_model: GrowthModel | None
    progress_ratio: float | None
    observed_rate: float | None
    required_rate: float | None
    explanation: str
    note: str = ""


def _missing(number: float | None) -> bool:
    return number is None or math.isnan(number)


def _year_text(year: float) -> str:
    return str(int(year)) if float(year).is_integer() else f"{year:g}"


def _explain(
    model: GrowthModel,
    *,
    base_year: float,
    latest_year: float,
    target_year: float,
    high: float,
    period_labels: tuple[str, str] | None = None,
) -> str:
    # Rates use mid-period years (2012.5); readers are shown the periods' own labels where given.
    base_text, latest_text = period_labels or (_year_text(base_year), _year_text(latest_year))
    years = f"from {base_text} to {latest_text}"
    share = f"{high:.0%}"
    if model is GrowthModel.COMPOUND:
        return (
            f"We compare the average yearly rate of change {years} (compound annual growth) with the yearly rate "
            f"needed to reach the target by {_year_text(target_year)}: it is on track if it is moving at {share} "
            "or more of the needed rate (the Open SDG progress measure)."
        )
    return (
        f"We compare the average change per year {years} with the change per year needed to reach the target by "
        f"{_year_text(target_year)} in a straight line: it is on track if it is moving at {share} or more of "
        "the needed pace (the Open SDG progress measure, with straight-line rates)."
    )


def _category(ratio: float, thresholds: ProgressThresholds) -> ProgressCategory:
    if ratio >= thresholds.high:
        return ProgressCategory.SUBSTANTIAL_PROGRESS
    if ratio >= thresholds.medium:
        return ProgressCategory.MODERATE_PROGRESS
    if ratio >= thresholds.low:
        return ProgressCategory.LIMITED_PROGRESS
    return ProgressCategory.DETERIORATION


def _choose_model(
    *, requested: GrowthModel | None, cumulative: bool, base: float, latest: float, target: float
) -> tuple[GrowthModel, str, float, float]:
    """The growth model, a note on why, and the base and target values to use (Open SDG's 0.001 rule)."""
    if cumulative:
        if requested is GrowthModel.COMPOUND:
            raise ValueError("a cumulative count grows by addition: use the linear growth model, or leave it unset")
        return GrowthModel.LINEAR, "A running total, so the rates are straight-line rather than compound.", base, target
    if requested is GrowthModel.LINEAR:
        return GrowthModel.LINEAR, "", base, target
    if requested is GrowthModel.COMPOUND:
        if min(base, latest, target) < 0:
            raise ValueError("compound growth needs base, latest and target values of zero or more")
        if latest == 0:
            raise ValueError("compound growth cannot be measured from a latest value of zero")
        # Open SDG replaces a zero base or target with 0.001 (see the module docstring for why we avoid it).
        return GrowthModel.COMPOUND, "", base or 0.001, target or 0.001
    if target == 0:
        return (
            GrowthModel.LINEAR,
            "The target is zero, which compound growth never reaches, so the rates are straight-line.",
            base,
            target,
        )
    if min(base, latest, target) <= 0:
        return (
            GrowthModel.LINEAR,
            "A value is zero or negative, where compound growth is undefined, so the rates are straight-line.",
            base,
            target,
        )
    return GrowthModel.COMPOUND, "", base, target


def _rate(model: GrowthModel, *, start: float, end: float, years: float) -> float:
    if model is GrowthModel.COMPOUND:
        return float((end / start) ** (1 / years) - 1)
    return (end - start) / years


def _not_assessed(note: str, *, direction: TargetDirection | None, explanation: str = "") -> TargetAssessment:
    return TargetAssessment(
        status=TargetStatus.NOT_ASSESSED,
        category=ProgressCategory.NOT_AVAILABLE,
        direction=direction,
        growth_model=None,
        progress_ratio=None,
        observed_rate=None,
        required_rate=None,
        explanation=explanation or "Progress cannot be assessed from the data available.",
        note=note,
    )


def assess_target(
    *,
    base: Observation | tuple[float, float | None],
    latest: Observation | tuple[float, float | None],
    target: Observation | tuple[float, float],
    direction: TargetDirection | str | None = None,
    cumulative: bool = False,
    growth_model: GrowthModel | str | None = None,
    thresholds: ProgressThresholds = OPEN_SDG_THRESHOLDS,
    period_labels: tuple[str, str] | None = None,
) -> TargetAssessment:
    """Judge progress from a base (year, value) and the latest (year, value) toward a dated target.

    Args:
        base: the starting point, e.g. (2015, 1200.0).
        latest: the most recent value, e.g. (2022, 950.0).
        target: the target year and value, e.g. (2030, 600.0) for "reduce to 600 by 2030".
        direction: "increase" or "decrease"; inferred from target against base when omitted.
        cumulative: the measure is a running total (use straight-line rates).
        growth_model: force "compound" (Open SDG) or "linear"; chosen automatically when omitted.
        thresholds: progress ratio thresholds (Open SDG's 0.95 / 0.6 / 0 by default).
        period_labels: how the base and latest periods are written for readers (e.g. "2012", "2019/20");
            without them the explanation gives the years as numbers.

    Returns:
        A `TargetAssessment`; "not-assessed" when the data cannot support a verdict (a missing value,
        or no later value than the base) with the reason in `note`.

    Raises:
        ValueError: the target itself is unusable (missing, dated at or before the base year, equal to
            the base value with no direction, or a forced growth model that cannot apply).
    """
    base_year, base_value = base
    latest_year, latest_value = latest
    target_year, target_value = target
    if _missing(target_value) or _missing(target_year):
        raise ValueError("the target needs both a year and a value")
    if _missing(base_year) or _missing(latest_year):
        raise ValueError("the base and latest observations need years")
    if target_year <= base_year:
        raise ValueError(f"the target year ({target_year}) must come after the base year ({base_year})")
    chosen_direction = TargetDirection(direction) if direction is not None else None
    requested_model = GrowthModel(growth_model) if growth_model is not None else None

    if chosen_direction is None and not _missing(base_value):
        if target_value == base_value:
            raise ValueError("the target equals the base value: say whether to 'increase' or 'decrease' from it")
        chosen_direction = TargetDirection.INCREASE if target_value > base_value else TargetDirection.DECREASE  # type: ignore[operator]
    if latest_value is None or math.isnan(latest_value):
        return _not_assessed("There is no latest value.", direction=chosen_direction)
    if chosen_direction is None:
        return _not_assessed("There is no base value to measure progress from.", direction=None)

    increase = chosen_direction is TargetDirection.INCREASE
    if (increase and latest_value >= target_value) or (not increase and latest_value <= target_value):
        return TargetAssessment(
            status=TargetStatus.ACHIEVED,
            category=ProgressCategory.TARGET_ACHIEVED,
            direction=chosen_direction,
            growth_model=None,
            progress_ratio=None,
            observed_rate=None,
            required_rate=None,
            explanation=f"The latest value ({_year_text(latest_year)}) has reached the target set for "
            f"{_year_text(target_year)}.",
        )
    if base_value is None or math.isnan(base_value):
        return _not_assessed("There is no base value to measure progress from.", direction=chosen_direction)
    if latest_year <= base_year:
        return _not_assessed("Progress needs a value from a later year than the base year.", direction=chosen_direction)

    model, note, rate_base, rate_target = _choose_model(
        requested=requested_model, cumulative=cumulative, base=base_value, latest=latest_value, target=target_value
    )
    observed = _rate(model, start=rate_base, end=latest_value, years=latest_year - base_year)
    required = _rate(model, start=rate_base, end=rate_target, years=target_year - base_year)
    sign = 1 if increase else -1
    if required == 0:
        ratio = None
        category = ProgressCategory.DETERIORATION  # not achieved, and the target is where it started
    else:
        ratio = sign * observed / abs(required)
        category = _category(ratio, thresholds)
    status = TargetStatus.ON_TRACK if category is ProgressCategory.SUBSTANTIAL_PROGRESS else TargetStatus.OFF_TRACK
    if latest_year >= target_year:
        status = TargetStatus.OFF_TRACK
        note = " ".join(filter(None, [note, "The target date has passed without the target being met."]))
    return TargetAssessment(
        status=status,
        category=category,
        direction=chosen_direction,
        growth_model=model,
        progress_ratio=ratio,
        observed_rate=observed,
        required_rate=required,
        explanation=_explain(
            model,
            base_year=base_year,
            latest_year=latest_year,
            target_year=target_year,
            high=thresholds.high,
            period_labels=period_labels,
        ),
        note=note,
    )
