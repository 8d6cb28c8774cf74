"""Whose voices are missing: the population files and the comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from onestockport.plans.place import place_from_file
from onestockport.voice import current_wards, population
from onestockport.voice.demographics import AGE_BANDS
from onestockport.voice.representativeness import compare

RAW = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
CODE = place_from_file(Path(settings.ONESTOCKPORT_PLAN_FILE)).code  # the shipped plan's council


def test_age_bands_add_up_to_the_census_total():
    counts = population.age_population(RAW, CODE).counts
    assert set(counts) == {band.slug for band in AGE_BANDS}
    # Stockport, Census 2021: 294,776 across the age bands; the sex table says 294,773 (each census table
    # is rounded and perturbed on its own for disclosure control).
    assert sum(counts.values()) == pytest.approx(294_776)
    assert counts["75-plus"] == pytest.approx(11_483 + 8_579 + 8_262)
    # 0-14 wholly under 16, plus a fifth-ish of the 15-19 band.
    assert 16_575 + 18_057 + 17_927 < counts["under-16"] < 16_575 + 18_057 + 17_927 + 14_763 / 3


def test_wards_of_both_vintages():
    wards = population.wards(RAW, CODE)
    assert len([w for w in wards if w.vintage == "2004"]) == 21
    assert len([w for w in wards if w.vintage == "2023"]) == 21
    index = population.ward_index(population.wards(RAW, CODE))
    assert index[population.ward_key("Brinnington and Stockport Central")].code == "E05015018"
    assert index["e05000799"].name == "Stepping Hill"
    assert index[population.ward_key("Hazel Grove")].vintage == "2023"  # the current ward for a shared name


def test_ward_population_is_census_2021_for_the_21_current_wards():
    counts = current_wards.current_ward_population(RAW, CODE).counts
    assert len(counts) == 21
    # Its 9 LSOAs (by best fit) hold 12,687 usual residents; the mid-2016 estimate for the earlier,
    # differently drawn ward of that name was 13,112 and is no longer used.
    assert counts["Bramhall North"] == 12_687


def test_under_represented_when_the_whole_interval_is_below():
    result = compare(
        groups=[("young", "Young"), ("old", "Old")],
        respondents={"young": 10, "old": 190},
        population={"young": 50.0, "old": 50.0},
    )
    young, old = result.groups
    assert young.verdict == "under-represented"
    assert old.verdict == "over-represented"
    assert young.respondent_share == pytest.approx(5.0)
    assert young.lower < 5.0 < young.upper < 50.0
    assert [group.label for group in result.under_represented] == ["Young"]


def test_a_withheld_group_can_still_be_called_under_represented_without_its_count():
    result = compare(
        groups=[("a", "A"), ("b", "B"), ("c", "C")],
        respondents={"a": 3, "b": 400, "c": 300},
        population={"a": 30.0, "b": 40.0, "c": 30.0},
    )
    a = result.groups[0]
    assert a.display == "fewer than 5"
    assert a.respondent_share is None
    assert a.ratio is None
    assert a.verdict == "under-represented"


def test_not_stated_is_its_own_cell():
    result = compare(
        groups=[("a", "A"), ("b", "B")], respondents={"a": 50, "b": 50}, population={"a": 1.0, "b": 1.0}, not_stated=20
    )
    assert result.not_stated_display == "20"
    assert result.table.total == 120
    assert result.groups[0].respondent_share == pytest.approx(50.0)
