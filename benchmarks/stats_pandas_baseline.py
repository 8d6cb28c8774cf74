"""The benchmark's baseline: the same three computations written as straightforward pandas groupby code.

This is how the computation looks without a columnar design: pandas groupby sums for the comparator
and the deciles, vectorised numpy for the per-row comparison, and groupby-apply calling the package's
one-series functions (`recent_trend`, `decile_inequality`) for the per-series tests. Its results
therefore come from the scalar functions, which makes it a check on the columnar code as well as a
yardstick for its speed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from onestockport.stats.benchmarking import Comparison, Polarity
from onestockport.stats.inequality import decile_inequality
from onestockport.stats.trends import TrendPoint, recent_trend


def benchmark_vs_england(frame: pd.DataFrame, polarity: dict[int, str]) -> pd.DataFrame:
    """Each row's comparison with England (all LSOAs' counts over all denominators) at 95% and 99.8%."""
    totals = frame.groupby(["indicator", "year"])[["count", "denominator"]].transform("sum")
    england = totals["count"] / totals["denominator"] * 100
    result = frame[["lsoa", "indicator", "year"]].copy()
    row_polarity = frame["indicator"].map(polarity)
    higher = ~(frame["value"] < england)
    for level in ("95", "998"):
        lower, upper = frame[f"lower_{level}"], frame[f"upper_{level}"]
        similar = (england >= lower) & (england <= upper)
        missing = frame["value"].isna() | lower.isna() | upper.isna() | england.isna()
        outcome = np.select(
            [
                row_polarity == Polarity.NO_JUDGEMENT.value,
                row_polarity == Polarity.HIGHER_IS_BETTER.value,
            ],
            [
                np.where(higher, Comparison.HIGHER.value, Comparison.LOWER.value),
                np.where(higher, Comparison.BETTER.value, Comparison.WORSE.value),
            ],
            np.where(higher, Comparison.WORSE.value, Comparison.BETTER.value),
        )
        result[f"vs_england_{level}"] = np.where(
            missing, Comparison.NOT_COMPARED.value, np.where(similar, Comparison.SIMILAR.value, outcome)
        )
    return result


def _series_trend(group: pd.DataFrame, polarity: str) -> pd.Series:
    points = [
        TrendPoint(
            period=row.year,
            value=row.value,
            count=row.count,
            denominator=row.denominator,
            lower=row.lower_95,
            upper=row.upper_95,
        )
        for row in group.itertuples(index=False)
    ]
    trend = recent_trend(points, polarity=polarity)
    return pd.Series(
        {
            "direction": trend.direction.value,
            "assessment": trend.assessment.value,
            "method": trend.method.value,
            "p_value": trend.p_value,
            "slope": trend.slope,
        }
    )


def recent_trends(frame: pd.DataFrame, polarity: dict[int, str]) -> pd.DataFrame:
    """Each LSOA and indicator's recent trend over the latest five years, one groupby-apply per series."""
    latest = frame.sort_values(["lsoa", "indicator", "year"]).groupby(["lsoa", "indicator"]).tail(5)
    columns = ["lsoa", "indicator", "year", "value", "count", "denominator", "lower_95", "upper_95"]
    return (
        latest[columns]
        .groupby(["lsoa", "indicator"])
        .apply(lambda group: _series_trend(group, polarity[group.name[1]]), include_groups=False)
        .reset_index()
    )


def decile_gaps(frame: pd.DataFrame) -> pd.DataFrame:
    """Gap, SII and RII per indicator and year: sum LSOAs into deciles, then one groupby-apply per group."""
    deciles = frame.groupby(["indicator", "year", "imd_decile"], as_index=False)[["count", "denominator"]].sum()
    deciles["value"] = deciles["count"] / deciles["denominator"] * 100

    def one(group: pd.DataFrame) -> pd.Series:
        result = decile_inequality(
            values=dict(zip(group["imd_decile"], group["value"], strict=True)),
            populations=dict(zip(group["imd_decile"], group["denominator"], strict=True)),
        )
        return pd.Series(
            {
                "absolute_gap": result.absolute_gap,
                "relative_gap": result.relative_gap,
                "sii": result.sii,
                "rii": result.rii,
            }
        )

    return deciles.groupby(["indicator", "year"]).apply(one, include_groups=False).reset_index()


# --- a stronger baseline: pandas groupby plumbing, the same numpy kernels -----------------------------------


def recent_trends_vectorised(frame: pd.DataFrame, polarity: dict[int, str]) -> pd.DataFrame:
    """The recent trends with pandas doing the grouping and numpy doing every series at once.

    Sort, keep each series' latest five rows (groupby-tail), reshape them to one series per row and run
    the package's row-wise kernels. All series here have five years, counts and limits; the method
    choice mirrors `choose_method` for the chi-squared and weighted cases this data can produce.
    """
    from onestockport.stats.trends import (
        TrendDirection,
        TrendMethod,
        assess_direction,
        chi_square_trend_rows,
        limits_z,
        weighted_trend_rows,
    )

    columns = ["lsoa", "indicator", "year", "value", "count", "denominator", "lower_95", "upper_95"]
    latest = frame[columns].sort_values(["lsoa", "indicator", "year"]).groupby(["lsoa", "indicator"]).tail(5)
    keys = latest[["lsoa", "indicator"]].iloc[4::5].reset_index(drop=True)

    def matrix(column: str) -> np.ndarray:
        return latest[column].to_numpy(dtype=np.float64).reshape(-1, 5)

    counts, denominators = matrix("count"), matrix("denominator")
    values, lows, highs = matrix("value"), matrix("lower_95"), matrix("upper_95")
    has_counts = ((counts > 0) & (counts < denominators)).all(axis=1)
    has_limits = (highs > lows).all(axis=1)
    statistic, p_value, slope = (np.full(len(keys), np.nan) for _ in range(3))
    robust = np.zeros(len(keys), dtype=bool)
    method = np.full(len(keys), TrendMethod.ORDINARY_LEAST_SQUARES.value, dtype=object)
    chi, weighted = has_counts, ~has_counts & has_limits
    statistic[chi], p_value[chi], slope[chi], robust[chi] = chi_square_trend_rows(counts[chi], denominators[chi])
    method[chi] = TrendMethod.CHI_SQUARE_FOR_TREND.value
    result = weighted_trend_rows(values[weighted], lows[weighted], highs[weighted], z=limits_z(0.95))
    statistic[weighted], p_value[weighted], slope[weighted], robust[weighted] = result
    method[weighted] = TrendMethod.WEIGHTED_LEAST_SQUARES.value
    if (~chi & ~weighted).any():
        raise NotImplementedError("this baseline covers the chi-squared and weighted methods only")
    significant = (p_value < 0.002) & robust & (slope != 0)
    keys["direction"] = np.where(
        significant,
        np.where(slope > 0, TrendDirection.INCREASING.value, TrendDirection.DECREASING.value),
        TrendDirection.NO_SIGNIFICANT_CHANGE.value,
    )
    keys["assessment"] = [
        assess_direction(TrendDirection(direction), polarity[indicator]).value
        for direction, indicator in zip(keys["direction"], keys["indicator"], strict=True)
    ]
    keys["method"] = method
    keys["p_value"] = p_value
    keys["slope"] = slope
    return keys
