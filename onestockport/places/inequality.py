"""Inequality inside the borough: its own fifths of small areas (LSOAs) by deprivation rank.

Plain Python, no Django. The borough's LSOAs are ordered by their rank in the Index of Multiple
Deprivation (1 = most deprived in England) and split into five groups as equal in number as they can be
(the LSOA at position i of n goes to fifth floor(5i/n) + 1), so the fifths are the borough's own, not
England's quintiles. Each fifth's value is either

* a **share** ("share"): the fifth's total count divided by its total base (numbers of people or
  households), the same as the mean of its LSOAs' shares weighted by their bases; or
* a **rate or score** ("mean"): the mean of its LSOAs' values weighted by each LSOA's population.

The gap and the slope index of inequality come from `onestockport.stats.inequality`, whose conventions
hold here: the SII is the PHE/OHID one (fifths weighted by their populations, fitted across the
population ranked from most to least deprived) and both gap and SII are *least deprived minus most
deprived*. `FifthsResult.describe` says the sign in words from the most deprived side, which is how a
resident reads it: "the most deprived fifth's rate is 4.2 points higher".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from onestockport.stats.inequality import decile_inequality

__all__ = ["FIFTH_LABELS", "Fifth", "FifthsResult", "InequalityWords", "fifths_inequality", "split_into_fifths"]

Kind = Literal["share", "mean"]
FIFTHS = 5
FIFTH_LABELS = (
    "Most deprived fifth",
    "Second most deprived fifth",
    "Middle fifth",
    "Second least deprived fifth",
    "Least deprived fifth",
)
_AGGREGATION = {
    "share": "its total count divided by its total",
    "mean": "the population-weighted mean of its small areas' values",
}


@dataclass(frozen=True)
class Fifth:
    number: int  # 1 = most deprived
    label: str
    lsoas: tuple[str, ...]  # every LSOA of the fifth, by rank, whether or not it has a figure
    value: float
    population: float  # the fifth's total base (share) or population weight (mean): its weight in the SII


@dataclass(frozen=True)
class InequalityWords:
    gap: str
    sii: str


@dataclass(frozen=True)
class FifthsResult:
    """Fifths most to least deprived; gap and sii are least deprived minus most deprived (stats convention)."""

    fifths: tuple[Fifth, ...]
    gap: float
    sii: float
    rii: float | None
    kind: Kind
    lsoa_count: int
    method: str

    @property
    def most_deprived(self) -> Fifth:
        return self.fifths[0]

    @property
    def least_deprived(self) -> Fifth:
        return self.fifths[-1]

    def describe(self, *, decimals: int, noun: str = "figure", unit: str = "points") -> InequalityWords:
        """The gap and the SII in words, from the most deprived side ("... is 4.2 points higher ...")."""
        gap = -self.gap
        shown = _number(abs(gap), decimals)
        if float(shown.replace(",", "")) == 0:
            places = f"{decimals} decimal place{'s' if decimals != 1 else ''}"
            gap_text = f"The most deprived fifth's {noun} is the same as the least deprived fifth's (to {places})."
        else:
            way = "higher" if gap > 0 else "lower"
            gap_text = (
                f"The most deprived fifth's {noun} is {_amount(shown, unit)} {way} than the least deprived fifth's."
            )
        slope = -self.sii
        shown = _number(abs(slope), decimals)
        if float(shown.replace(",", "")) == 0:
            sii_text = (
                "The slope index of inequality is nil: the fitted line is flat from the most to the least deprived."
            )
        else:
            way = "higher" if slope > 0 else "lower"
            amount = _amount(shown, unit)
            sii_text = (
                f"The slope index of inequality is {amount}: taking every fifth and its size into account, "
                f"the fitted line puts the most deprived end {amount} {way} than the least deprived end."
            )
        return InequalityWords(gap=gap_text, sii=sii_text)


def _amount(shown: str, unit: str) -> str:
    return f"{shown} {unit}" if unit else shown


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def split_into_fifths(deprivation_rank: Mapping[str, int]) -> list[tuple[str, ...]]:
    """The LSOA codes in five groups by rank (1 = most deprived first); ties broken by code."""
    ordered = sorted(deprivation_rank, key=lambda code: (deprivation_rank[code], code))
    n = len(ordered)
    groups: list[list[str]] = [[] for _ in range(FIFTHS)]
    for position, code in enumerate(ordered):
        groups[FIFTHS * position // n].append(code)
    return [tuple(group) for group in groups]


def fifths_inequality(
    values: Mapping[str, tuple[float, float]],
    deprivation_rank: Mapping[str, int],
    *,
    kind: Kind = "share",
    scale: float = 1.0,
    edition: str = "the Index of Multiple Deprivation",
    kind_word: str = "borough",
) -> FifthsResult | None:
    """Each fifth's value, the gap and the SII, or None where the borough has too few LSOAs or a fifth no figure.

    Args:
        values: LSOA code -> (count, total) for a share, or (value, population) for a rate or score.
        deprivation_rank: the borough's LSOAs -> national IMD rank (1 = most deprived); the fifths are
            cut from all of them, so they stay the same whichever indicator is measured.
        kind: "share" or "mean" (see the module docstring).
        scale: multiplies every value, e.g. 100 to give a share as a percentage.
        edition: the deprivation edition the ranks come from, named in the method sentence.
        kind_word: what the place is ("borough", "city"), for the method sentence.

    Raises:
        ValueError: an LSOA with a figure has no rank (the caller mixed up its geographies).
    """
    unranked = sorted(code for code in values if code not in deprivation_rank)
    if unranked:
        raise ValueError(f"{len(unranked)} LSOAs have a figure but no deprivation rank, e.g. {unranked[:3]}")
    if len(deprivation_rank) < FIFTHS:
        return None
    fifths: list[Fifth] = []
    for number, (label, codes) in enumerate(zip(FIFTH_LABELS, split_into_fifths(deprivation_rank), strict=True), 1):
        fifth = _aggregate(number, label, codes, values, kind=kind, scale=scale)
        if fifth is None:
            return None
        fifths.append(fifth)
    result = decile_inequality(
        values={fifth.number: fifth.value for fifth in fifths},
        populations={fifth.number: fifth.population for fifth in fifths},
        n_quantiles=FIFTHS,
    )
    if result.absolute_gap is None or result.sii is None:
        return None
    return FifthsResult(
        fifths=tuple(fifths),
        gap=result.absolute_gap,
        sii=result.sii,
        rii=result.rii,
        kind=kind,
        lsoa_count=len(deprivation_rank),
        method=method_sentence(lsoa_count=len(deprivation_rank), kind=kind, edition=edition, kind_word=kind_word),
    )


def _aggregate(
    number: int,
    label: str,
    codes: Sequence[str],
    values: Mapping[str, tuple[float, float]],
    *,
    kind: Kind,
    scale: float,
) -> Fifth | None:
    """A fifth's value: sum of counts / sum of totals (share), or sum of value x weight / sum of weights (mean)."""
    numerator = base = 0.0
    for code in codes:
        if code not in values:
            continue
        first, second = (float(part) for part in values[code])
        if not (math.isfinite(first) and math.isfinite(second)) or second <= 0:
            continue
        numerator += first if kind == "share" else first * second
        base += second
    if base <= 0:
        return None
    return Fifth(number, label, tuple(codes), scale * numerator / base, base)


def method_sentence(*, lsoa_count: int, kind: Kind, edition: str, kind_word: str = "borough") -> str:
    """What was done, in one paragraph, naming the method."""
    return (
        f"The {kind_word}'s own fifths of the {lsoa_count} small areas (LSOAs) by their rank in {edition}, most to "
        f"least deprived, each with about the same number of small areas. Each fifth's figure is "
        f"{_AGGREGATION[kind]}. The gap compares the most and least deprived fifths. The slope index of inequality "
        "is the PHE/OHID method: a straight line fitted through all five fifths, weighted by their populations, "
        "across the population ranked from most to least deprived; it is the fitted difference between the two "
        "ends. PHE writes both as least deprived minus most deprived; here the sign is said in words."
    )
