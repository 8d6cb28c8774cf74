"""Is a difference big enough to matter? One documented rule per kind of figure.

Used where no confidence interval can say whether a difference is bigger than chance: figures that
count everyone (emissions, waste, administrative rates) or come from a model without stated
uncertainty. The same rule judges a difference between two areas and a change over time, so "similar
to England" and "little change" mean the same size of difference. docs/methods.md explains the choice
of each threshold ("When a difference matters").

* Percentages: at least 2 percentage points, or at least 10% of the reference figure (so a claimant
  rate of 2.9% against 4.1% matters although it is only 1.2 points apart).
* Years (life expectancy and the like): at least 1 year.
* Everything else (rates, amounts per person, ratios, scores, totals over time): at least 5% of the
  reference figure. A relative difference has no meaning when the reference is zero or negative, or
  for a score centred on zero (Progress 8, where some figures are zero or below); then there is no
  verdict, and the reason says so.

A difference exactly at a threshold matters ("at least"); below it, the figures are "similar" (between
areas) or show "little change" (over time). These are judgements of size, not tests of significance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .units import UnitKind

__all__ = [
    "PERCENTAGE_POINTS",
    "PERCENTAGE_RELATIVE_PCT",
    "RELATIVE_PCT",
    "YEARS",
    "Difference",
    "assess_difference",
    "relative_pct",
    "threshold_text",
]

PERCENTAGE_POINTS = 2.0
PERCENTAGE_RELATIVE_PCT = 10.0
YEARS = 1.0
RELATIVE_PCT = 5.0
_ROUNDING = 9  # decimals kept before comparing with a threshold, so 105 against 100 is exactly 5%


@dataclass(frozen=True)
class Difference:
    """`value - reference`, relative to the reference in percent, and whether it matters by the rule."""

    difference: float
    difference_pct: float | None
    material: bool | None
    reason: str = ""


def relative_pct(value: float, reference: float) -> float | None:
    """(value - reference) / reference x 100; None when the reference is zero or negative."""
    if reference <= 0 or not math.isfinite(reference) or not math.isfinite(value):
        return None
    return (value - reference) / reference * 100


def _at_least(number: float, threshold: float) -> bool:
    return round(abs(number), _ROUNDING) >= threshold


def assess_difference(value: float, reference: float, kind: UnitKind) -> Difference:
    """Judge `value` against `reference` (a comparator's figure, or the first figure of a span).

    `material` is None when the rule cannot apply (a relative difference from zero or below).
    """
    difference = value - reference
    pct = relative_pct(value, reference)
    if kind is UnitKind.PERCENTAGE:
        relative = pct is not None and _at_least(pct, PERCENTAGE_RELATIVE_PCT)
        material = _at_least(difference, PERCENTAGE_POINTS) or relative
        return Difference(difference, pct, material)
    if kind is UnitKind.YEARS:
        return Difference(difference, pct, _at_least(difference, YEARS))
    if kind is UnitKind.CENTRED_SCORE:
        return Difference(difference, None, None, "a score centred on zero has no meaningful relative difference")
    if pct is None:
        return Difference(
            difference,
            None,
            None,
            "a relative difference has no meaning when the reference figure is zero or negative",
        )
    return Difference(difference, pct, _at_least(pct, RELATIVE_PCT))


def threshold_text(kind: UnitKind) -> str:
    """The rule in words, for the analyst's output: 'at least 5% of the reference figure'."""
    if kind is UnitKind.PERCENTAGE:
        return (
            f"at least {PERCENTAGE_POINTS:g} percentage points, or {PERCENTAGE_RELATIVE_PCT:g}% of the reference figure"
        )
    if kind is UnitKind.YEARS:
        return f"at least {YEARS:g} year"
    return f"at least {RELATIVE_PCT:g}% of the reference figure"
