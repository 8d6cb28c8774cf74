"""Is an area better, similar or worse than a comparator such as England? The Fingertips way.

Fingertips (OHID/UKHSA) compares an area's value with a benchmark by asking whether the benchmark's
value lies inside the area's confidence interval: inside (bounds included) means "similar"; outside
means significantly different, and the side is decided by the area's value against the benchmark's.
Polarity turns "higher"/"lower" into "better"/"worse"; indicators with no judgement stay
"higher"/"lower". Fingertips does this separately with 95% and 99.8% limits.

Source: Fingertips' ``SingleOverlappingCIsComparer`` and ``SingleOverlappingCIsForOneCILevelComparer``
in Fingertips' open source code (github.com/ukhsa-collaboration/fingertips-open,
PholioVisualisationWS/Analysis/).
"""

from __future__ import annotations

import math
from enum import StrEnum

__all__ = ["Comparison", "Polarity", "compare", "direction_to_comparison"]


class Polarity(StrEnum):
    """Which direction is good for an indicator."""

    HIGHER_IS_BETTER = "higher-is-better"
    LOWER_IS_BETTER = "lower-is-better"
    NO_JUDGEMENT = "no-judgement"


class Comparison(StrEnum):
    """The result of comparing an area with a benchmark."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not-compared"


def direction_to_comparison(*, higher: bool, polarity: Polarity) -> Comparison:
    """Name a significant difference: `higher` is True when the area's value is above the comparator's."""
    if polarity is Polarity.NO_JUDGEMENT:
        return Comparison.HIGHER if higher else Comparison.LOWER
    good = higher == (polarity is Polarity.HIGHER_IS_BETTER)
    return Comparison.BETTER if good else Comparison.WORSE


def compare(
    *,
    value: float | None,
    lower: float | None,
    upper: float | None,
    comparator_value: float | None,
    polarity: Polarity | str,
) -> Comparison:
    """Compare one area's value with a comparator's, using the area's confidence interval.

    Args:
        value: the area's value.
        lower, upper: the area's confidence limits (95% or 99.8%; call once for each).
        comparator_value: the benchmark's value, e.g. England's.
        polarity: a `Polarity`, or its string value such as "lower-is-better".

    Returns:
        SIMILAR if the comparator's value is within [lower, upper]; otherwise BETTER/WORSE (or
        HIGHER/LOWER when the polarity makes no judgement); NOT_COMPARED if any number is missing.

    Raises:
        ValueError: the polarity is unknown, or the lower limit is above the upper one.
    """
    polarity = Polarity(polarity)
    if value is None or lower is None or upper is None or comparator_value is None:
        return Comparison.NOT_COMPARED
    if any(math.isnan(number) for number in (value, lower, upper, comparator_value)):
        return Comparison.NOT_COMPARED
    if lower > upper:
        raise ValueError(f"lower confidence limit ({lower}) is above the upper limit ({upper})")
    if lower <= comparator_value <= upper:
        return Comparison.SIMILAR
    # Fingertips decides the side from the two values (not from the limits).
    return direction_to_comparison(higher=not value < comparator_value, polarity=polarity)
