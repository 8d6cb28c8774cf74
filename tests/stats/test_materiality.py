"""When a difference is big enough to matter: every threshold at and just below its edge."""

from __future__ import annotations

import pytest

from onestockport.stats.materiality import (
    PERCENTAGE_POINTS,
    PERCENTAGE_RELATIVE_PCT,
    RELATIVE_PCT,
    YEARS,
    assess_difference,
    relative_pct,
    threshold_text,
)
from onestockport.stats.units import UnitKind


def test_the_documented_thresholds() -> None:
    assert (PERCENTAGE_POINTS, PERCENTAGE_RELATIVE_PCT, YEARS, RELATIVE_PCT) == (2.0, 10.0, 1.0, 5.0)


@pytest.mark.parametrize(
    ("value", "reference", "material"),
    [
        (105.0, 100.0, True),  # exactly 5%: matters
        (104.9, 100.0, False),
        (95.0, 100.0, True),
        (95.1, 100.0, False),
    ],
)
def test_five_percent_for_rates_and_amounts(value: float, reference: float, material: bool) -> None:
    assert assess_difference(value, reference, UnitKind.QUANTITY).material is material
    assert assess_difference(value, reference, UnitKind.SCORE).material is material


@pytest.mark.parametrize(
    ("value", "reference", "material"),
    [
        (77.0, 75.0, True),  # 2 points
        (76.9, 75.0, False),  # 1.9 points and 2.5%
        (2.9, 4.0, True),  # 1.1 points, but 27.5% of the reference
        (3.7, 4.1, False),  # 0.4 points and 9.8%
        (3.6, 4.0, True),  # exactly 10%
        (1.0, 0.0, False),  # from zero only the points rule applies
        (2.0, 0.0, True),
    ],
)
def test_percentages_two_points_or_ten_percent(value: float, reference: float, material: bool) -> None:
    assert assess_difference(value, reference, UnitKind.PERCENTAGE).material is material


@pytest.mark.parametrize(("value", "material"), [(80.0, True), (79.1, False), (78.0, True), (78.1, False)])
def test_years_one_year(value: float, material: bool) -> None:
    assert assess_difference(value, 79.0, UnitKind.YEARS).material is material


def test_no_verdict_from_a_reference_of_zero_or_below_or_a_centred_score() -> None:
    for kind, value, reference in [
        (UnitKind.QUANTITY, 3.0, 0.0),
        (UnitKind.QUANTITY, 3.0, -1.0),
        (UnitKind.CENTRED_SCORE, 0.09, 0.35),
    ]:
        assessed = assess_difference(value, reference, kind)
        assert assessed.material is None
        assert "relative difference" in assessed.reason
        assert assessed.difference_pct is None


def test_relative_difference_is_against_the_reference() -> None:
    """The issue's greenhouse gas example: 3.50 t against England's 4.78 t is 26.8% lower."""
    assert relative_pct(3.50, 4.78) == pytest.approx(-26.778, abs=1e-3)
    assert relative_pct(1.0, 0.0) is None


def test_threshold_text_names_the_rule() -> None:
    assert threshold_text(UnitKind.PERCENTAGE) == "at least 2 percentage points, or 10% of the reference figure"
    assert threshold_text(UnitKind.YEARS) == "at least 1 year"
    assert threshold_text(UnitKind.QUANTITY) == "at least 5% of the reference figure"


def test_every_threshold_is_in_the_methods_page() -> None:
    """docs/methods.md (served at /methods/) states each threshold the code uses, and the span."""
    from pathlib import Path

    from onestockport.stats.change import SPAN_YEARS
    from onestockport.stats.comparisons import MULTIPLIER_TOLERANCE
    from onestockport.stats.units import MAX_DECIMALS, SIGNIFICANT_FIGURES

    text = (Path(__file__).resolve().parents[2] / "docs" / "methods.md").read_text(encoding="utf-8")
    words = {1: "one", 2: "two", 3: "three", 4: "four"}
    for phrase in (
        f"**{PERCENTAGE_POINTS:g} percentage points**, or **{PERCENTAGE_RELATIVE_PCT:g}%**",
        f"**{YEARS:g} year**",
        f"**{RELATIVE_PCT:g}%** of the comparison figure",
        f"up to {words[SPAN_YEARS]} years before it",
        f"to within {MULTIPLIER_TOLERANCE:.0%}",
        f"{words[SIGNIFICANT_FIGURES]} significant figures",
        f"never more than {words[MAX_DECIMALS]}",
    ):
        assert phrase in text, phrase
