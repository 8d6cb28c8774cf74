"""Inequality by deprivation: the gap between the most and least deprived deciles, and the slope index.

Conventions (decile 1 = most deprived, as in the English Indices of Deprivation):

* **Gap**: absolute gap = value(least deprived) - value(most deprived); relative gap =
  value(least deprived) / value(most deprived). The gap compares only the two extreme deciles.
* **Slope index of inequality (SII)**, the PHE/OHID method (``phe_sii`` in PHEindicatormethods,
  github.com/ukhsa-collaboration/PHEindicatormethods, R/SII_function.R; Low A & Low A, "Measuring the
  gap: quantifying and comparing local health inequalities", J Public Health 2004;26:388-395):
  order the deciles from most to least deprived; give each the midpoint of its range in the cumulative
  population share (if decile 1 holds 12% of people, its rank is 0.06; if decile 2 holds 10%, 0.17);
  fit value = intercept + SII x rank by least squares weighted by each decile's population share
  (PHE fits the equivalent sqrt(a)-transformed regression without an intercept term). The SII is the
  fitted difference between the least deprived end (rank 1) and the most deprived end (rank 0), so it
  uses every decile and their sizes, not just the two extremes.
* **Relative index of inequality (RII)** = fitted value at rank 1 / fitted value at rank 0.

Sign: both the gap and the SII are least deprived minus most deprived. They are positive when the
value rises as deprivation falls (life expectancy, say) and negative when it falls (mortality rates);
for a "how much worse off are the most deprived" reading of a bad-is-high indicator, negate them.

PHE also gives the SII confidence limits by simulation; those are not calculated here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add

import numpy as np
import numpy.typing as npt

__all__ = [
    "InequalityResult",
    "SiiFit",
    "decile_inequality",
    "lsoa_inequality",
    "sii_rows",
    "slope_index_of_inequality",
]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class SiiFit:
    """The fitted line: `sii` is its slope over the whole population rank (0 to 1)."""

    sii: float
    rii: float | None
    most_deprived_fitted: float


@dataclass(frozen=True)
class InequalityResult:
    """Gap and slope index for one indicator and period. Values are None where a decile is missing."""

    most_deprived_value: float | None
    least_deprived_value: float | None
    absolute_gap: float | None
    relative_gap: float | None
    sii: float | None
    rii: float | None
    n_quantiles: int
    missing_quantiles: tuple[int, ...] = ()


def _row_sum(array: FloatArray) -> FloatArray:
    return reduce(add, (array[:, column] for column in range(array.shape[1])))


def sii_rows(values: FloatArray, populations: FloatArray) -> tuple[FloatArray, FloatArray]:
    """SII and the fitted value at the most deprived end, one set of quantiles per row (most deprived first).

    Sums run column by column in a fixed order so that a row gives the same answer alone or in bulk.
    """
    total = _row_sum(populations)
    share = populations / total[:, None]
    cumulative = np.cumsum(share, axis=1)
    rank = cumulative - share / 2
    sw, sx, sy = _row_sum(share), _row_sum(share * rank), _row_sum(share * values)
    sxx, sxy = _row_sum(share * rank * rank), _row_sum(share * rank * values)
    slope = (sw * sxy - sx * sy) / (sw * sxx - sx**2)
    intercept = (sy - slope * sx) / sw
    return slope, intercept


def slope_index_of_inequality(*, values: Sequence[float], populations: Sequence[float] | None = None) -> SiiFit:
    """The PHE slope index of inequality for quantiles ordered from most to least deprived.

    Args:
        values: one value per quantile, most deprived first.
        populations: each quantile's population (or denominator); equal weights when omitted.
    """
    value_row = np.asarray(values, dtype=np.float64)[None, :]
    if value_row.shape[1] < 2:
        raise ValueError("the slope index needs at least two quantiles")
    if not np.isfinite(value_row).all():
        raise ValueError("every quantile needs a value for the slope index")
    if populations is None:
        population_row = np.ones_like(value_row)
    else:
        population_row = np.asarray(populations, dtype=np.float64)[None, :]
        if population_row.shape != value_row.shape:
            raise ValueError("values and populations must be the same length")
        if not np.isfinite(population_row).all() or (population_row <= 0).any():
            raise ValueError("every quantile needs a population above zero")
    slope, intercept = sii_rows(value_row, population_row)
    sii, start = float(slope[0]), float(intercept[0])
    rii = (start + sii) / start if start != 0 else None
    return SiiFit(sii=sii, rii=rii, most_deprived_fitted=start)


def decile_inequality(
    *,
    values: Mapping[int, float | None],
    populations: Mapping[int, float] | None = None,
    n_quantiles: int = 10,
) -> InequalityResult:
    """Gap, SII and RII from one value per deprivation decile (1 = most deprived).

    Args:
        values: value by decile; a decile that is absent, None or NaN counts as missing.
        populations: population by decile for the SII's weights; equal weights when omitted.
        n_quantiles: 10 for deciles, 5 for quintiles.

    Returns:
        An `InequalityResult`. The gap needs the two extreme deciles; the SII and RII need them all
        (as PHE requires); otherwise those are None and `missing_quantiles` lists what was missing.

    Raises:
        ValueError: a decile outside 1..n_quantiles, or a population that is missing or not above zero.
    """
    if n_quantiles < 2:
        raise ValueError("n_quantiles must be at least 2")
    unknown = sorted(set(values) - set(range(1, n_quantiles + 1)))
    if unknown:
        raise ValueError(f"deciles must be 1 to {n_quantiles} (1 = most deprived); got {unknown}")
    present = {
        quantile: float(value) for quantile, value in values.items() if value is not None and not math.isnan(value)
    }
    missing = tuple(quantile for quantile in range(1, n_quantiles + 1) if quantile not in present)
    most, least = present.get(1), present.get(n_quantiles)
    absolute_gap = least - most if most is not None and least is not None else None
    relative_gap = least / most if most is not None and least is not None and most != 0 else None
    sii = rii = None
    if not missing:
        ordered = range(1, n_quantiles + 1)
        weights = None
        if populations is not None:
            absent = [quantile for quantile in ordered if quantile not in populations]
            if absent:
                raise ValueError(f"populations are missing for deciles {absent}")
            weights = [populations[quantile] for quantile in ordered]
        fit = slope_index_of_inequality(values=[present[quantile] for quantile in ordered], populations=weights)
        sii, rii = fit.sii, fit.rii
    return InequalityResult(
        most_deprived_value=most,
        least_deprived_value=least,
        absolute_gap=absolute_gap,
        relative_gap=relative_gap,
        sii=sii,
        rii=rii,
        n_quantiles=n_quantiles,
        missing_quantiles=missing,
    )


def lsoa_inequality(
    *,
    values: Mapping[str, float | None],
    deciles: Mapping[str, int],
    weights: Mapping[str, float] | None = None,
    n_quantiles: int = 10,
) -> InequalityResult:
    """Gap and SII from LSOA-level values and each LSOA's IMD decile: aggregate to deciles, then as above.

    Each decile's value is the mean of its LSOAs' values weighted by `weights` (use the denominator
    for proportions and rates, so the decile value is total count / total denominator; or the
    population), and its population for the SII is the sum of those weights. Without weights every
    LSOA counts equally and a decile's population is its number of LSOAs (LSOAs hold roughly equal
    numbers of people). LSOAs with no value (None or NaN) are left out.

    Raises:
        ValueError: an LSOA with a value has no decile (or no weight, when weights are given), a
            decile is outside 1..n_quantiles, or a weight is not above zero.
    """
    without_decile = sorted(
        code for code, value in values.items() if code not in deciles and value is not None and not math.isnan(value)
    )
    if without_decile:
        raise ValueError(f"{len(without_decile)} LSOAs have no deprivation decile, e.g. {without_decile[:3]}")
    weighted_sum: dict[int, float] = defaultdict(float)
    weight_total: dict[int, float] = defaultdict(float)
    for code, value in values.items():
        if value is None or math.isnan(value):
            continue
        decile = deciles[code]
        if not 1 <= decile <= n_quantiles:
            raise ValueError(f"LSOA {code} has decile {decile}; deciles must be 1 to {n_quantiles}")
        if weights is None:
            weight = 1.0
        elif code not in weights:
            raise ValueError(f"LSOA {code} has a value but no weight")
        else:
            weight = float(weights[code])
            if not weight > 0:
                raise ValueError(f"LSOA {code} has weight {weight}; weights must be above zero")
        weighted_sum[decile] += weight * float(value)
        weight_total[decile] += weight
    decile_values = {decile: weighted_sum[decile] / weight_total[decile] for decile in weight_total}
    return decile_inequality(values=decile_values, populations=dict(weight_total), n_quantiles=n_quantiles)
