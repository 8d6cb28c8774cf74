"""The statistics of this package over whole tables at once, with polars: every area, indicator and period.

These give the same answers as the one-series functions (`benchmarking.compare`, `trends.recent_trend`,
`inequality.decile_inequality` / `lsoa_inequality`): the trend and slope-index arithmetic is the same
row-wise kernels run on a 2-D array with one series per row, and the tests check agreement on random
tables. They are built to analyse every LSOA in England (about 34,000 areas x 15 indicators x 20
years) in seconds; ``benchmarks/stats_benchmark.py`` measures that.

* `aggregate_comparator`: a comparator such as England from counts, per indicator and period.
* `benchmark_rows` (and `comparison_expression` for lazy pipelines): the Fingertips comparison of every
  row's confidence interval with its comparator's value.
* `recent_trends`: the recent trend of every series over its latest five periods.
* `deprivation_inequality`: decile gap, SII and RII per indicator and period, from LSOA rows (or rows
  that are already one per decile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from .benchmarking import Comparison, Polarity
from .inequality import sii_rows
from .trends import (
    FINGERTIPS_POINTS,
    FINGERTIPS_TREND_CONFIDENCE,
    TrendAssessment,
    TrendDirection,
    TrendMethod,
    TrendStatistics,
    ValueType,
    chi_square_trend_rows,
    limits_z,
    ordinary_trend_rows,
    weighted_trend_rows,
)

__all__ = [
    "COMPARISON_DTYPE",
    "TREND_ASSESSMENT_DTYPE",
    "TREND_DIRECTION_DTYPE",
    "TREND_METHOD_DTYPE",
    "aggregate_comparator",
    "benchmark_rows",
    "comparison_expression",
    "deprivation_inequality",
    "recent_trends",
]

COMPARISON_DTYPE = pl.Enum([member.value for member in Comparison])
TREND_DIRECTION_DTYPE = pl.Enum([member.value for member in TrendDirection])
TREND_ASSESSMENT_DTYPE = pl.Enum([member.value for member in TrendAssessment])
TREND_METHOD_DTYPE = pl.Enum([member.value for member in TrendMethod])

FloatArray = npt.NDArray[np.float64]


def _require_columns(frame: pl.DataFrame, columns: Sequence[str | None]) -> None:
    missing = [column for column in columns if column is not None and column not in frame.columns]
    if missing:
        raise ValueError(f"the table has no column(s) {missing}; it has {frame.columns}")


def _number(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Float64)


def _summable(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Whole numbers as 64-bit integers (so totals cannot overflow), anything else as floats."""
    return pl.col(column).cast(pl.Int64 if frame.schema[column].is_integer() else pl.Float64)


def _is_missing(column: str) -> pl.Expr:
    """Null or NaN."""
    return _number(column).is_null() | _number(column).is_nan().fill_null(True)


# --- benchmarking --------------------------------------------------------------------------------------


def aggregate_comparator(
    frame: pl.DataFrame,
    *,
    by: Sequence[str],
    count: str = "count",
    denominator: str = "denominator",
    multiplier: float = 100.0,
    name: str = "comparator_value",
) -> pl.DataFrame:
    """A comparator's value per group (e.g. England per indicator and year): total count / total denominator."""
    _require_columns(frame, [*by, count, denominator])
    return frame.group_by(list(by)).agg((_number(count).sum() / _number(denominator).sum() * multiplier).alias(name))


def _comparison(member: Comparison) -> pl.Expr:
    # Enum literals keep the result as small integer codes; text literals would build 10 million strings.
    return pl.lit(member.value, dtype=COMPARISON_DTYPE)


def _polarity_outcome(polarity: pl.Expr, higher: pl.Expr) -> pl.Expr:
    return (
        pl.when(polarity == Polarity.NO_JUDGEMENT.value)
        .then(pl.when(higher).then(_comparison(Comparison.HIGHER)).otherwise(_comparison(Comparison.LOWER)))
        .when(polarity == Polarity.HIGHER_IS_BETTER.value)
        .then(pl.when(higher).then(_comparison(Comparison.BETTER)).otherwise(_comparison(Comparison.WORSE)))
        .otherwise(pl.when(higher).then(_comparison(Comparison.WORSE)).otherwise(_comparison(Comparison.BETTER)))
    )


def comparison_expression(
    *,
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    comparator: str = "comparator_value",
    polarity: Polarity | str | None = None,
    polarity_column: str | None = None,
) -> pl.Expr:
    """A polars expression giving each row's `Comparison` (as `COMPARISON_DTYPE`): use it in a lazy pipeline.

    Give either one `polarity` for every row or a `polarity_column` of polarity strings. Rows whose
    limits are reversed (lower above upper) come out null; `benchmark_rows` refuses them instead.
    """
    if (polarity is None) == (polarity_column is None):
        raise ValueError("give exactly one of polarity or polarity_column")
    polarity_expr = pl.col(polarity_column) if polarity_column else pl.lit(Polarity(polarity).value)  # type: ignore[arg-type]
    missing = _is_missing(value) | _is_missing(lower) | _is_missing(upper) | _is_missing(comparator)
    target = _number(comparator)
    similar = (target >= _number(lower)) & (target <= _number(upper))
    higher = ~(_number(value) < target)
    return (
        pl.when(missing)
        .then(_comparison(Comparison.NOT_COMPARED))
        .when(_number(lower) > _number(upper))
        .then(pl.lit(None, dtype=COMPARISON_DTYPE))
        .when(similar)
        .then(_comparison(Comparison.SIMILAR))
        .otherwise(_polarity_outcome(polarity_expr, higher))
    )


def benchmark_rows(
    frame: pl.DataFrame,
    *,
    value: str = "value",
    lower: str = "lower",
    upper: str = "upper",
    comparator: str = "comparator_value",
    polarity: Polarity | str | None = None,
    polarity_column: str | None = None,
    output: str = "comparison",
) -> pl.DataFrame:
    """Add an `output` column comparing every row with its comparator, as `benchmarking.compare` does.

    Join the comparator's value on first (see `aggregate_comparator`). Call once with 95% limits and
    once with 99.8% limits for Fingertips' two levels.

    Raises:
        ValueError: a column is missing, a polarity is unknown, or a row's lower limit is above its upper.
    """
    _require_columns(frame, [value, lower, upper, comparator, polarity_column])
    if polarity_column is not None:
        unknown = set(frame[polarity_column].drop_nulls().unique().to_list()) - {member.value for member in Polarity}
        if unknown or frame[polarity_column].null_count():
            raise ValueError(f"unknown or missing polarity in column {polarity_column!r}: {sorted(map(str, unknown))}")
    expression = comparison_expression(
        value=value, lower=lower, upper=upper, comparator=comparator, polarity=polarity, polarity_column=polarity_column
    )
    result = frame.with_columns(expression.alias(output))
    reversed_limits = result[output].null_count()  # the expression's only null is a reversed pair of limits
    if reversed_limits:
        raise ValueError(f"{reversed_limits} rows have a lower confidence limit above the upper limit")
    return result


# --- trends ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _LatestPoints:
    """Every series' key and length, and the gather index of its latest points (rows of full series only)."""

    keys: pl.DataFrame
    lengths: npt.NDArray[np.int64]
    full: npt.NDArray[np.bool_]
    index: npt.NDArray[np.int64]
    ordered: pl.DataFrame

    def matrix(self, column: str) -> FloatArray:
        """The latest points of `column` as floats, one series per row (missing values are NaN)."""
        return self.ordered[column].cast(pl.Float64).to_numpy()[self.index]


def _latest_points(
    frame: pl.DataFrame, *, by: list[str], period: str, columns: list[str], n_points: int
) -> _LatestPoints:
    """Sort by series then period, find where each series' run of rows ends, and index its last `n_points` rows."""
    ordered = frame.select([*by, period, *columns]).sort([*by, period])
    key = pl.col(by[0]) if len(by) == 1 else pl.struct(by)
    run = ordered.select(key.rle_id()).to_series().to_numpy()
    ends = np.flatnonzero(np.r_[run[1:] != run[:-1], True]) if len(run) else np.zeros(0, dtype=np.int64)
    starts = np.r_[0, ends[:-1] + 1] if len(ends) else ends
    lengths = (ends - starts + 1).astype(np.int64)
    full = lengths >= n_points
    index = ends[full][:, None] - np.arange(n_points - 1, -1, -1)[None, :]
    return _LatestPoints(keys=ordered.select(by).gather(ends), lengths=lengths, full=full, index=index, ordered=ordered)


def _finite(*arrays: FloatArray) -> npt.NDArray[np.bool_]:
    return np.logical_and.reduce([np.isfinite(array) for array in arrays])


def _assessments(directions: npt.NDArray[np.str_], polarities: npt.NDArray[np.object_]) -> npt.NDArray[np.str_]:
    increasing = directions == TrendDirection.INCREASING.value
    significant = increasing | (directions == TrendDirection.DECREASING.value)
    higher_good = polarities == Polarity.HIGHER_IS_BETTER.value
    lower_good = polarities == Polarity.LOWER_IS_BETTER.value
    judged = np.where(
        increasing == higher_good, TrendAssessment.GETTING_BETTER.value, TrendAssessment.GETTING_WORSE.value
    )
    unjudged = np.where(increasing, TrendAssessment.INCREASING.value, TrendAssessment.DECREASING.value)
    outcome = np.where(higher_good | lower_good, judged, unjudged)
    return np.where(significant, outcome, directions)


def recent_trends(
    frame: pl.DataFrame,
    *,
    by: Sequence[str],
    period: str = "period",
    value: str = "value",
    count: str | None = None,
    denominator: str | None = None,
    lower: str | None = None,
    upper: str | None = None,
    polarity: Polarity | str | None = Polarity.NO_JUDGEMENT,
    polarity_column: str | None = None,
    value_type: ValueType | str = ValueType.PROPORTION,
    n_points: int = FINGERTIPS_POINTS,
    confidence: float = FINGERTIPS_TREND_CONFIDENCE,
    ci_confidence: float = 0.95,
) -> pl.DataFrame:
    """The recent trend of every series (one per `by` group), as `trends.recent_trend` gives for one.

    `period` must sort in time order (a year, a date, or a `Period.start`). Counts and denominators,
    and the 95% limits, are optional columns; each series uses the first method its latest points
    support. A `polarity_column` is read from each series' latest row.

    Returns:
        One row per series: the `by` columns, direction, assessment, method, p_value, statistic, slope
        and n_points.

    Raises:
        ValueError: a column is missing, or a series has the same period twice among its latest points.
    """
    by = list(by)
    value_type = ValueType(value_type)
    if n_points < 3:
        raise ValueError(f"n_points must be at least 3 for a trend test, not {n_points}")
    if (count is None) != (denominator is None) or (lower is None) != (upper is None):
        raise ValueError("give count with denominator, and lower with upper")
    if polarity_column is None:
        if polarity is None:
            raise ValueError("give polarity or polarity_column")
        polarity = Polarity(polarity)
    _require_columns(frame, [*by, period, value, count, denominator, lower, upper, polarity_column])
    numeric = [column for column in (value, count, denominator, lower, upper) if column is not None]
    extra = [polarity_column] if polarity_column else []
    latest = _latest_points(frame, by=by, period=period, columns=numeric + extra, n_points=n_points)
    rows = int(latest.full.sum())
    periods = latest.ordered[period].to_numpy()[latest.index]
    if periods.size and (periods[:, 1:] == periods[:, :-1]).any():
        raise ValueError("a series has the same period twice among its latest points")

    values = latest.matrix(value)
    has_values = _finite(values).all(axis=1)
    has_counts = np.zeros(rows, dtype=bool)
    has_limits = np.zeros(rows, dtype=bool)
    if count is not None and denominator is not None and value_type is ValueType.PROPORTION:
        counts, denominators = latest.matrix(count), latest.matrix(denominator)
        with np.errstate(invalid="ignore"):
            has_counts = (_finite(counts, denominators) & (counts > 0) & (counts < denominators)).all(axis=1)
    if lower is not None and upper is not None:
        lows, highs = latest.matrix(lower), latest.matrix(upper)
        with np.errstate(invalid="ignore"):
            has_limits = (_finite(lows, highs) & (highs > lows)).all(axis=1)

    chi = has_values & has_counts
    weighted = has_values & ~has_counts & has_limits
    ordinary = has_values & ~has_counts & ~has_limits
    statistic, p_value, slope = (np.full(rows, np.nan) for _ in range(3))
    robust = np.zeros(rows, dtype=bool)
    method = np.full(rows, TrendMethod.NOT_CALCULATED.value, dtype=object)

    def store(mask: npt.NDArray[np.bool_], name: TrendMethod, result: TrendStatistics) -> None:
        statistic[mask], p_value[mask], slope[mask], robust[mask] = result
        method[mask] = name.value

    if chi.any():
        store(chi, TrendMethod.CHI_SQUARE_FOR_TREND, chi_square_trend_rows(counts[chi], denominators[chi]))
    if weighted.any():
        z = limits_z(ci_confidence)
        store(
            weighted,
            TrendMethod.WEIGHTED_LEAST_SQUARES,
            weighted_trend_rows(values[weighted], lows[weighted], highs[weighted], z=z),
        )
    if ordinary.any():
        store(ordinary, TrendMethod.ORDINARY_LEAST_SQUARES, ordinary_trend_rows(values[ordinary]))

    with np.errstate(invalid="ignore"):
        significant = (p_value < 1 - confidence) & robust & (slope != 0) & ~np.isnan(slope)
    direction = np.where(
        significant,
        np.where(slope > 0, TrendDirection.INCREASING.value, TrendDirection.DECREASING.value),
        TrendDirection.NO_SIGNIFICANT_CHANGE.value,
    )
    direction = np.where(has_values, direction, TrendDirection.CANNOT_BE_CALCULATED.value)
    if polarity_column is not None:
        latest_rows = latest.index[:, -1] if rows else np.zeros(0, dtype=np.int64)
        polarities = latest.ordered[polarity_column].gather(latest_rows).cast(pl.String).to_numpy().astype(object)
    else:
        polarities = np.full(rows, Polarity(polarity).value, dtype=object)  # type: ignore[arg-type]

    # Series too short for a trend keep the defaults: cannot be calculated, no statistics.
    series = len(latest.keys)
    columns: dict[str, np.ndarray] = {
        "direction": np.full(series, TrendDirection.CANNOT_BE_CALCULATED.value, dtype=object),
        "assessment": np.full(series, TrendAssessment.CANNOT_BE_CALCULATED.value, dtype=object),
        "method": np.full(series, TrendMethod.NOT_CALCULATED.value, dtype=object),
        "p_value": np.full(series, np.nan),
        "statistic": np.full(series, np.nan),
        "slope": np.full(series, np.nan),
    }
    columns["direction"][latest.full] = direction
    columns["assessment"][latest.full] = _assessments(direction, polarities)
    columns["method"][latest.full] = method
    for name, array in (("p_value", p_value), ("statistic", statistic), ("slope", slope)):
        columns[name][latest.full] = np.where(has_values, array, np.nan)
    return latest.keys.with_columns(
        pl.Series("direction", columns["direction"], dtype=pl.String).cast(TREND_DIRECTION_DTYPE),
        pl.Series("assessment", columns["assessment"], dtype=pl.String).cast(TREND_ASSESSMENT_DTYPE),
        pl.Series("method", columns["method"], dtype=pl.String).cast(TREND_METHOD_DTYPE),
        *[pl.Series(name, columns[name]).fill_nan(None) for name in ("p_value", "statistic", "slope")],
        pl.Series("n_points", np.minimum(latest.lengths, n_points), dtype=pl.UInt32),
    )


# --- inequality -----------------------------------------------------------------------------------------


def deprivation_inequality(
    frame: pl.DataFrame,
    *,
    by: Sequence[str],
    decile: str = "imd_decile",
    value: str = "value",
    weight: str | None = None,
    n_quantiles: int = 10,
) -> pl.DataFrame:
    """Decile gap, SII and RII per group (e.g. per indicator and period), from LSOA-level rows.

    Rows are first averaged within each decile, weighted by `weight` (a denominator or population;
    equal weights when None), exactly as `inequality.lsoa_inequality` does; rows that are already one
    per decile pass through unchanged. Rows with no value are left out (a group with no values at
    all has no row in the result).

    Returns:
        One row per group: the `by` columns, most_deprived_value, least_deprived_value, absolute_gap,
        relative_gap, sii and rii (nulls where deciles are missing, as in `decile_inequality`).

    Raises:
        ValueError: a column is missing, a decile is outside 1..n_quantiles, or a row with a value has
            a missing or non-positive weight.
    """
    by = list(by)
    _require_columns(frame, [*by, decile, value, weight])
    rows = frame.lazy().filter(~_is_missing(value))
    outside = ~pl.col(decile).is_between(1, n_quantiles).fill_null(False)
    bad_deciles = rows.filter(outside).select(pl.len()).collect().item()
    if bad_deciles:
        raise ValueError(f"{bad_deciles} rows with a value have no decile, or one outside 1 to {n_quantiles}")
    if weight:
        bad_weights = rows.filter(_is_missing(weight) | (_number(weight) <= 0)).select(pl.len()).collect().item()
        if bad_weights:
            raise ValueError(f"{bad_weights} rows with a value have a missing weight or one not above zero")
        totals = [(_number(weight) * _number(value)).sum().alias("_weighted"), _number(weight).sum().alias("_weight")]
    else:
        totals = [_number(value).sum().alias("_weighted"), pl.len().cast(pl.Float64).alias("_weight")]
    by_decile = (
        rows.group_by([*by, decile])
        .agg(*totals)
        .with_columns((pl.col("_weighted") / pl.col("_weight")).alias("_value"))
        .collect()
    )
    groups = by_decile.select(by).unique(maintain_order=False).sort(by).with_row_index("_group")
    placed = by_decile.join(groups, on=by, how="left")
    positions = (
        placed["_group"].to_numpy().astype(np.int64) * n_quantiles + placed[decile].cast(pl.Int64).to_numpy() - 1
    )
    values = np.full(len(groups) * n_quantiles, np.nan)
    populations = np.full(len(groups) * n_quantiles, np.nan)
    values[positions] = placed["_value"].to_numpy()
    populations[positions] = placed["_weight"].to_numpy()
    values = values.reshape(-1, n_quantiles)
    populations = populations.reshape(-1, n_quantiles)

    most, least = values[:, 0], values[:, -1]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(most != 0, least / most, np.nan)
    complete = np.isfinite(values).all(axis=1)
    sii = np.full(len(groups), np.nan)
    rii = np.full(len(groups), np.nan)
    if complete.any():
        slope, intercept = sii_rows(values[complete], populations[complete])
        sii[complete] = slope
        with np.errstate(divide="ignore", invalid="ignore"):
            rii[complete] = np.where(intercept != 0, (intercept + slope) / intercept, np.nan)
    return (
        groups.select(by)
        .with_columns(
            pl.Series("most_deprived_value", most),
            pl.Series("least_deprived_value", least),
            pl.Series("absolute_gap", least - most),
            pl.Series("relative_gap", relative),
            pl.Series("sii", sii),
            pl.Series("rii", rii),
        )
        .with_columns(
            pl.col(column).fill_nan(None)
            for column in ("most_deprived_value", "least_deprived_value", "absolute_gap", "relative_gap", "sii", "rii")
        )
    )
