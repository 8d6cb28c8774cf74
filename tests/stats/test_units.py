"""Kinds of unit, the publisher's precision, and figures written with their units."""

from __future__ import annotations

import pytest

from onestockport.stats.units import (
    UnitKind,
    decimals_used,
    format_number,
    format_value,
    publisher_decimals,
    unit_kind,
    unit_multiplier,
)


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("percent", UnitKind.PERCENTAGE),
        ("percent of residents 16-64", UnitKind.PERCENTAGE),
        ("%", UnitKind.PERCENTAGE),
        ("years", UnitKind.YEARS),
        ("tonnes CO2e per person", UnitKind.QUANTITY),
        ("rate per 100,000 (age-standardised)", UnitKind.QUANTITY),
        ("£ per head", UnitKind.QUANTITY),
        ("ratio (median house price / median annual earnings)", UnitKind.QUANTITY),
        ("kWh per meter point", UnitKind.QUANTITY),
        ("tonnes CO2 per person (Per Person Emissions:t); kt CO2 totals by sector", UnitKind.QUANTITY),
        ("kilotonnes CO2e", UnitKind.TOTAL),
        ("tonnes", UnitKind.TOTAL),
        ("count", UnitKind.TOTAL),
        ("count of enterprises", UnitKind.TOTAL),
        ("million vehicle miles", UnitKind.TOTAL),
        ("mean score out of 10", UnitKind.SCORE),
        ("score (decile 1-10 for maps)", UnitKind.SCORE),
    ],
)
def test_unit_kind_from_the_catalogues_words(unit: str, kind: UnitKind) -> None:
    assert unit_kind(unit) is kind


def test_a_score_with_figures_at_or_below_zero_is_centred() -> None:
    assert unit_kind("score", [0.09, -0.03, 0.35]) is UnitKind.CENTRED_SCORE
    assert unit_kind("mean score out of 10", [7.3, 7.4]) is UnitKind.SCORE


@pytest.mark.parametrize(
    ("unit", "multiplier"),
    [
        ("percent", 100.0),
        ("rate per 100,000 aged 65+", 100_000.0),
        ("rate per 10,000 aged 10-17", 10_000.0),
        ("net additional dwellings per 1,000 stock", 1_000.0),
        ("tonnes CO2e per person", None),
    ],
)
def test_unit_multiplier(unit: str, multiplier: float | None) -> None:
    assert unit_multiplier(unit) == multiplier


@pytest.mark.parametrize(
    ("value", "places"), [(3.5, 1), (4.78, 2), (66.60000000000001, 1), (1631.45390415095, 6), (13360.0, 0)]
)
def test_decimals_used_ignores_float_artefacts(value: float, places: int) -> None:
    assert decimals_used(value) == places


def test_publisher_precision_caps_an_unrounded_file_at_three_significant_figures() -> None:
    """The real child poverty (after housing costs) file: 19.5958614 is shown as 19.6%, not 19.5959."""
    values = [19.5958614, 20.40083027, 29.1, 24.5]
    decimals = publisher_decimals(values)
    assert decimals == 1
    assert format_value(19.5958614, "percent", decimals) == "19.6%"


def test_publisher_precision_keeps_what_the_publisher_used() -> None:
    """Greenhouse gas per person is published to two decimals: 3.50 and 4.78, not 3.5 and 4.8."""
    assert publisher_decimals([3.5, 4.34, 4.78, 6.06]) == 2
    assert publisher_decimals([2.9, 5.0, 4.1]) == 1  # claimant rate: one decimal
    assert publisher_decimals([1631.45390415095, 986.133366343958]) == 0  # kilotonnes: whole numbers
    assert publisher_decimals([0.09, -0.03, 0.35]) == 2  # never more than the publisher gave
    assert publisher_decimals([]) == 0
    assert publisher_decimals([None, 0.0]) == 0


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (3.5, "tonnes CO2e per person", 2, "3.50 tonnes CO2e per person"),
        (986.133366343958, "kilotonnes CO2e", 0, "986 kilotonnes CO2e"),
        (2.9, "percent of residents 16-64", 1, "2.9%"),
        (24864.0, "£ per head", 0, "£24,864 per head"),
        (39.62, "£ per hour worked (current prices)", 1, "£39.6 per hour worked"),
        (576.3, "rate per 100,000 aged 65+", 0, "576 per 100,000 aged 65+"),
        (7.27, "mean score out of 10", 2, "7.27 out of 10"),
        (13360.0, "count of enterprises", 0, "13,360 enterprises"),
        (294773.0, "count", 0, "294,773"),
        (7.76, "ratio (median house price / median annual earnings)", 2, "7.76"),
        (61.8, "years", 1, "61.8 years"),
    ],
)
def test_format_value_writes_the_unit(value: float, unit: str, decimals: int, text: str) -> None:
    assert format_value(value, unit, decimals) == text


def test_short_form_keeps_only_a_symbol() -> None:
    assert format_value(4.78, "tonnes CO2e per person", 2, short=True) == "4.78"
    assert format_value(4.0, "percent", 1, short=True) == "4.0%"
    assert format_value(25425.0, "£ per head", 0, short=True) == "£25,425"


def test_format_number_never_writes_minus_zero() -> None:
    assert format_number(-0.04, 1) == "0.0"
    assert format_number(-1234.5, 1) == "-1,234.5"
