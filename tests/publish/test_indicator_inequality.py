"""Gap, slope index and ranked chart on indicator pages with small-area data, on the shipped data."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]


def _section(page: str) -> str:
    assert 'id="inequality"' in page
    return page.split('id="inequality"')[1].split("About this indicator")[0]


def test_domain_score_has_fifths_gap_slope_index_and_method(client):
    section = _section(client.get("/indicators/income-deprivation-lsoa-2025/").content.decode())
    for label in ("Most deprived fifth", "Middle fifth", "Least deprived fifth"):
        assert label in section
    assert re.search(
        r"The most deprived fifth&#x27;s proportion is [0-9.]+ higher than the least deprived fifth&#x27;s", section
    )
    assert "slope index of inequality" in section
    assert "PHE/OHID" in section
    assert "IMD 2025" in section
    assert "one of the seven domains" in section  # the partly built-in gradient is said plainly


def test_domain_score_has_a_ranked_chart_of_current_wards_with_a_table(client):
    section = _section(client.get("/indicators/health-deprivation-lsoa-2025/").content.decode())
    assert 'class="os-ranked-chart"' in section
    assert 'href="/places/brinnington-and-stockport-central/"' in section  # the table links each ward's page
    rows = re.findall(
        r'<tr class="govuk-table__row"><td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>', section
    )
    assert rows[:3] == ["1", "2", "3"]
    assert "wards in force from May 2023" in section


def test_overall_index_is_not_measured_against_itself(client):
    section = _section(client.get("/indicators/imd-2025-lsoa/").content.decode())
    assert "circular" in section
    assert "slope index of inequality is" not in section
    assert "Most deprived fifth" not in section


def test_old_ward_figures_are_ranked_under_their_own_vintage_without_a_slope_index(client):
    section = _section(client.get("/indicators/claimant-count-ward-2015-2017/").content.decode())
    assert "wards in force 2004 to May 2023" in section
    assert 'class="os-ranked-chart"' in section
    assert "slope index of inequality is" not in section
    assert "published for wards" in section
    assert 'href="/places/' not in section  # an old ward is never linked to a current ward's page
