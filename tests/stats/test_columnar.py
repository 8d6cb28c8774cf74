"""The columnar functions agree with the one-series functions, on random tables (seeded numpy)."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from onestockport.stats.benchmarking import Polarity, compare
from onestockport.stats.columnar import (
    aggregate_comparator,
    benchmark_rows,
    comparison_expression,
    deprivation_inequality,
    recent_trends,
)
from onestockport.stats.inequality import lsoa_inequality
from onestockport.stats.trends import TrendPoint, ValueType, recent_trend

POLARITIES = [member.value for member in Polarity]


def maybe_missing(rng: np.random.Generator, values: np.ndarray, share: float) -> list[float | None]:
    """Blank out a share of values, half as None and half as NaN."""
    out: list[float | None] = []
    for value in values:
        draw = rng.random()
        out.append(None if draw < share / 2 else math.nan if draw < share else float(value))
    return out


def random_benchmark_frame(seed: int, rows: int = 400) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    value = rng.normal(50, 10, rows)
    half_width = rng.uniform(0, 8, rows)
    comparator = value + rng.choice([-1, 1], rows) * rng.uniform(0, 12, rows)
    comparator[::17] = value[::17] - half_width[::17]  # exactly on a limit
    return pl.DataFrame(
        {
            "value": maybe_missing(rng, value, 0.05),
            "lower": maybe_missing(rng, value - half_width, 0.05),
            "upper": (value + half_width).tolist(),
            "comparator_value": maybe_missing(rng, comparator, 0.05),
            "polarity": rng.choice(POLARITIES, rows).tolist(),
        },
        schema_overrides={"value": pl.Float64, "lower": pl.Float64, "comparator_value": pl.Float64},
        strict=False,
    )


@pytest.mark.parametrize("seed", range(5))
def test_benchmark_rows_agrees_with_compare(seed: int) -> None:
    frame = benchmark_rows(random_benchmark_frame(seed), polarity_column="polarity")
    for row in frame.iter_rows(named=True):
        expected = compare(
            value=row["value"],
            lower=row["lower"],
            upper=row["upper"],
            comparator_value=row["comparator_value"],
            polarity=row["polarity"],
        )
        assert row["comparison"] == expected.value, row


def test_benchmark_rows_with_one_polarity_and_a_lazy_expression() -> None:
    frame = random_benchmark_frame(11).drop("polarity")
    eager = benchmark_rows(frame, polarity="lower-is-better")["comparison"]
    lazy = frame.lazy().select(comparison_expression(polarity="lower-is-better").alias("c")).collect()["c"]
    assert eager.to_list() == lazy.to_list()


def test_benchmark_rows_refuses_bad_tables() -> None:
    frame = pl.DataFrame({"value": [1.0], "lower": [2.0], "upper": [0.5], "comparator_value": [1.0]})
    with pytest.raises(ValueError, match="above the upper"):
        benchmark_rows(frame, polarity="no-judgement")
    with pytest.raises(ValueError, match="no column"):
        benchmark_rows(frame.drop("upper"), polarity="no-judgement")
    with pytest.raises(ValueError, match="unknown or missing polarity"):
        benchmark_rows(frame.with_columns(p=pl.lit("up")), polarity_column="p")
    with pytest.raises(ValueError, match="exactly one"):
        comparison_expression(polarity="no-judgement", polarity_column="p")


def test_aggregate_comparator_is_total_count_over_total_denominator() -> None:
    frame = pl.DataFrame({"ind": ["a", "a", "b"], "count": [1, 3, 5], "denominator": [10, 30, 20]})
    result = aggregate_comparator(frame, by=["ind"], multiplier=100).sort("ind")
    assert result["comparator_value"].to_list() == pytest.approx([10.0, 25.0])


def random_trend_frame(seed: int, series: int = 60) -> pl.DataFrame:
    """Series of 2 to 8 years; some with counts, some with limits only, some with values only; gaps and outliers."""
    rng = np.random.default_rng(seed)
    rows = []
    for number in range(series):
        years = rng.choice(np.arange(2005, 2025), size=rng.integers(2, 9), replace=False)
        kind = rng.choice(["counts", "limits", "values", "mixed"])
        slope = rng.choice([0.0, 0.3, -0.3, 2.0])
        polarity = rng.choice(POLARITIES)
        for year in years:
            denominator = float(rng.integers(50, 5000))
            share = float(np.clip(0.3 + slope * 0.01 * (year - 2015) + rng.normal(0, 0.03), 0.0, 1.0))
            count = float(rng.binomial(int(denominator), share))
            value = count / denominator * 100
            half_width = 1.96 * math.sqrt(max(share * (1 - share), 1e-4) / denominator) * 100
            row = {"area": f"A{number % 7}", "indicator": f"I{number}", "year": int(year), "value": value,
                   "count": None, "denominator": None, "lower": None, "upper": None, "polarity": polarity}  # fmt: skip
            if kind in ("counts", "mixed"):
                row |= {"count": count, "denominator": denominator}
            if kind in ("limits", "mixed") or (kind == "counts" and rng.random() < 0.5):
                row |= {"lower": value - half_width, "upper": value + half_width}
            if rng.random() < 0.06:
                row["value"] = None if rng.random() < 0.5 else math.nan
            if rng.random() < 0.05:
                row["count"] = 0.0
            rows.append(row)
    schema = {"count": pl.Float64, "denominator": pl.Float64, "lower": pl.Float64, "upper": pl.Float64}
    return pl.DataFrame(rows, schema_overrides=schema)


def expected_trends(frame: pl.DataFrame, *, value_type: ValueType, per_row_polarity: bool) -> dict:
    results = {}
    for (area, indicator), group in frame.group_by(["area", "indicator"]):
        points = [
            TrendPoint(row["year"], row["value"], row["count"], row["denominator"], row["lower"], row["upper"])
            for row in group.iter_rows(named=True)
        ]
        polarity = group.sort("year")["polarity"][-1] if per_row_polarity else "higher-is-better"
        results[area, indicator] = recent_trend(points, polarity=polarity, value_type=value_type)
    return results


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("value_type", [ValueType.PROPORTION, ValueType.RATE])
def test_recent_trends_agrees_with_recent_trend(seed: int, value_type: ValueType) -> None:
    frame = random_trend_frame(seed)
    per_row_polarity = seed % 2 == 0
    polarity_arguments = {"polarity_column": "polarity"} if per_row_polarity else {"polarity": "higher-is-better"}
    result = recent_trends(
        frame.sample(fraction=1.0, shuffle=True, seed=seed),  # row order must not matter
        by=["area", "indicator"],
        period="year",
        count="count",
        denominator="denominator",
        lower="lower",
        upper="upper",
        value_type=value_type,
        **polarity_arguments,
    )
    expected = expected_trends(frame, value_type=value_type, per_row_polarity=per_row_polarity)
    assert len(result) == len(expected)
    methods = set()
    for row in result.iter_rows(named=True):
        trend = expected[row["area"], row["indicator"]]
        methods.add(trend.method)
        assert (row["direction"], row["assessment"], row["method"], row["n_points"]) == (
            trend.direction.value, trend.assessment.value, trend.method.value, trend.n_points), row  # fmt: skip
        for field in ("p_value", "statistic", "slope"):
            wanted = getattr(trend, field)
            if wanted is None or math.isnan(wanted):
                assert row[field] is None, field
            else:
                assert row[field] == pytest.approx(wanted, rel=1e-12, abs=1e-300), field
    assert len(methods) >= 3  # the random tables exercise the methods and "cannot be calculated"


def test_recent_trends_with_values_only_and_dates_as_periods() -> None:
    frame = pl.DataFrame({
        "area": ["x"] * 6 + ["y"] * 5,
        "period": pl.date_range(pl.date(2015, 4, 1), pl.date(2020, 4, 1), "1y", eager=True).to_list()
        + pl.date_range(pl.date(2015, 4, 1), pl.date(2019, 4, 1), "1y", eager=True).to_list(),
        "value": [9.0, 1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
    })  # fmt: skip
    result = recent_trends(frame, by=["area"], polarity="lower-is-better").sort("area")
    assert result["assessment"].to_list() == ["getting-worse", "no-significant-change"]
    assert result["method"].to_list() == ["ordinary-least-squares"] * 2


def test_recent_trends_refuses_bad_tables() -> None:
    frame = pl.DataFrame({"area": ["x"] * 5, "period": [1, 2, 3, 3, 4], "value": [1.0] * 5})
    with pytest.raises(ValueError, match="same period twice"):
        recent_trends(frame, by=["area"])
    with pytest.raises(ValueError, match="no column"):
        recent_trends(frame, by=["place"])
    with pytest.raises(ValueError, match="count with denominator"):
        recent_trends(frame, by=["area"], count="value")
    with pytest.raises(ValueError, match="n_points"):
        recent_trends(frame, by=["area"], n_points=2)


def random_lsoa_frame(seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for indicator in ("a", "b", "c"):
        for year in (2020, 2021):
            skipped = rng.integers(1, 11) if rng.random() < 0.3 else None  # a decile with no LSOAs
            for lsoa in range(60):
                decile = lsoa % 10 + 1
                if decile == skipped:
                    continue
                denominator = float(rng.integers(100, 2000))
                value = None if rng.random() < 0.05 else float(rng.uniform(5, 60) + decile)
                rows.append({"indicator": indicator, "year": year, "lsoa": f"E{lsoa:08d}", "imd_decile": decile,
                             "value": value, "denominator": denominator})  # fmt: skip
    return pl.DataFrame(rows)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("weighted", [True, False])
def test_deprivation_inequality_agrees_with_lsoa_inequality(seed: int, weighted: bool) -> None:
    frame = random_lsoa_frame(seed)
    result = deprivation_inequality(
        frame, by=["indicator", "year"], decile="imd_decile", weight="denominator" if weighted else None
    )
    assert len(result) == 6
    for row in result.iter_rows(named=True):
        group = frame.filter((pl.col("indicator") == row["indicator"]) & (pl.col("year") == row["year"]))
        expected = lsoa_inequality(
            values=dict(zip(group["lsoa"], group["value"], strict=True)),
            deciles=dict(zip(group["lsoa"], group["imd_decile"], strict=True)),
            weights=dict(zip(group["lsoa"], group["denominator"], strict=True)) if weighted else None,
        )
        for field in ("most_deprived_value", "least_deprived_value", "absolute_gap", "relative_gap", "sii", "rii"):
            actual, wanted = row[field], getattr(expected, field)
            assert (actual is None) == (wanted is None), field
            if wanted is not None:
                assert actual == pytest.approx(wanted, rel=1e-9), field


def test_deprivation_inequality_refuses_bad_tables() -> None:
    frame = pl.DataFrame({"g": [1, 1], "imd_decile": [1, 11], "value": [1.0, 2.0], "w": [1.0, 1.0]})
    with pytest.raises(ValueError, match="outside 1 to 10"):
        deprivation_inequality(frame, by=["g"])
    frame = pl.DataFrame({"g": [1, 1], "imd_decile": [1, 2], "value": [1.0, 2.0], "w": [1.0, 0.0]})
    with pytest.raises(ValueError, match="weight"):
        deprivation_inequality(frame, by=["g"], weight="w")
