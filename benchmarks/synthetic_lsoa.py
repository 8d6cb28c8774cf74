"""SYNTHETIC LSOA-level indicator data for benchmarking: invented numbers with realistic shapes.

33,755 LSOAs (England's 2021 LSOAs) x 15 indicators x 20 years = 10,126,500 rows, each with a count,
a denominator, the percentage, 95% and 99.8% limits, and the LSOA's IMD decile. The counts are
binomial draws around a logistic model with a deprivation gradient, an LSOA effect and a trend, so
the trend, benchmark and inequality results have a realistic mix of outcomes. NOT real data.

The limits use the normal approximation (value +/- z x standard error, clipped to 0-100) to keep
generation fast; the statistics layer's own interval functions use PHStatsMethods' Wilson method.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

ENGLAND_LSOAS = 33_755
INDICATORS = 15
FIRST_YEAR, YEARS = 2005, 20
POLARITIES = ("higher-is-better", "lower-is-better", "no-judgement")


def polarity_table() -> pl.DataFrame:
    """Each synthetic indicator's polarity, cycling through the three kinds."""
    return pl.DataFrame(
        {
            "indicator": pl.Series(range(INDICATORS), dtype=pl.Int8),
            "polarity": pl.Series([POLARITIES[i % 3] for i in range(INDICATORS)], dtype=pl.Enum(list(POLARITIES))),
        }
    )


def generate(*, rows_scale: float = 1.0, seed: int = 20240601) -> pl.DataFrame:
    """The synthetic table, sorted by LSOA, indicator and year; `rows_scale` scales the number of LSOAs."""
    rng = np.random.default_rng(seed)
    lsoas = max(20, round(ENGLAND_LSOAS * rows_scale))
    deciles = (rng.permutation(lsoas) * 10 // lsoas + 1).astype(np.int8)
    people = rng.integers(1_000, 3_000, lsoas)

    base = rng.uniform(-3.0, 0.0, INDICATORS)
    gradient = rng.uniform(-0.8, 0.8, INDICATORS)
    trend = rng.uniform(-0.05, 0.05, INDICATORS)
    share = rng.uniform(0.2, 1.0, INDICATORS)
    lsoa_effect = rng.normal(0.0, 0.3, (lsoas, INDICATORS, 1))
    year_index = np.arange(YEARS, dtype=np.float64)

    shape = (lsoas, INDICATORS, YEARS)
    deprivation = ((deciles.astype(np.float64) - 5.5) / 4.5)[:, None, None]
    log_odds = (
        base[None, :, None]
        + gradient[None, :, None] * deprivation
        + lsoa_effect
        + trend[None, :, None] * (year_index - YEARS / 2)[None, None, :]
        + rng.normal(0.0, 0.05, shape)
    )
    probability = 1 / (1 + np.exp(-log_odds))
    denominator = np.rint(people[:, None, None] * share[None, :, None] * (1 + 0.01 * year_index)[None, None, :]).astype(
        np.int32
    )
    count = rng.binomial(denominator, probability).astype(np.int32)
    del log_odds, probability

    proportion = count / denominator
    error = np.sqrt(proportion * (1 - proportion) / denominator)
    value = proportion * 100
    columns = {
        "lsoa": np.repeat(np.arange(lsoas, dtype=np.int32), INDICATORS * YEARS),
        "indicator": np.tile(np.repeat(np.arange(INDICATORS, dtype=np.int8), YEARS), lsoas),
        "year": np.tile(np.arange(FIRST_YEAR, FIRST_YEAR + YEARS, dtype=np.int16), lsoas * INDICATORS),
        "imd_decile": np.repeat(deciles, INDICATORS * YEARS),
        "count": count.reshape(-1),
        "denominator": denominator.reshape(-1),
        "value": value.reshape(-1),
    }
    for name, z in (("95", 1.96), ("998", 3.09)):
        columns[f"lower_{name}"] = np.clip(value - z * error * 100, 0, 100).reshape(-1)
        columns[f"upper_{name}"] = np.clip(value + z * error * 100, 0, 100).reshape(-1)
    return pl.DataFrame(columns)


def write(path: Path, *, rows_scale: float, seed: int) -> int:
    """Generate and write the table as Parquet; returns the number of rows."""
    frame = generate(rows_scale=rows_scale, seed=seed)
    frame.write_parquet(path)
    return len(frame)
