"""Indicator pages, the measures page and the measures on priority pages, on real shipped data."""

from __future__ import annotations

import csv
import html
import io

import pytest

from onestockport.indicators.services import import_file
from onestockport.plans.models import Measure
from tests.conftest import SHIPPED_RAW

pytestmark = pytest.mark.django_db

FILES = [
    ("ons-els", "ons_explore_local_statistics/healthy-life-expectancy.csv"),
    ("ons-els", "ons_explore_local_statistics/greenhouse-gas-emissions.csv"),
    ("tdl-claimant-legacy", "labour_market/tdl_gm_claimant_count_wards_2015_2017.csv"),
]


@pytest.fixture
def site_with_data(indicator_plan):
    for format_name, file in FILES:
        import_file(plan=indicator_plan, format_name=format_name, path=SHIPPED_RAW / file)
    return indicator_plan


def test_indicator_page_has_verdict_chart_table_and_source(client, site_with_data):
    page = client.get("/indicators/healthy-life-expectancy-female/").content.decode()
    assert "63.1 years in 2022-24: similar to England (61.3)" in page  # the summary sentence opens the page
    assert 'role="img"' in page
    assert "<table" in page
    assert "95% confidence interval" in page
    assert "Office for National Statistics" in page or "ONS" in page
    assert "2020-22" in page or "2022-24" in page


def test_target_line_and_verdict_for_carbon(client, site_with_data):
    page = client.get("/indicators/greenhouse-gas-emissions-per-capita/").content.decode()
    assert "Carbon neutral by 2038" in page
    assert "Open SDG" in page


def test_ward_map_with_table(client, site_with_data):
    page = client.get("/indicators/claimant-count-ward-2015-2017/").content.decode()
    assert 'class="os-map' in page
    assert "Brinnington" in page
    assert page.count("<path") >= 21


def test_small_area_figures_without_boundaries_say_why_there_is_no_map(client, site_with_data):
    from onestockport.places.models import Boundary

    Boundary.objects.all().delete()
    page = client.get("/indicators/claimant-count-ward-2015-2017/").content.decode()
    # The map section ends where the inequality section (with its ranked chart) begins.
    map_section = page.split('id="map"')[1].split('id="inequality"')[0]
    assert ["<svg" in map_section, "Boundaries not shipped for this place" in page] == [False, True]
    assert 'id="map-table-caption"' in page


def test_csv_download(client, site_with_data):
    response = client.get("/indicators/healthy-life-expectancy-female.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    stockport = [row for row in rows if row["area_code"] == "E08000007"]
    assert stockport
    assert all(row["source_file"] == "healthy-life-expectancy.csv" for row in rows)


def test_local_data_needed_is_said_plainly(client, site_with_data):
    page = client.get("/indicators/settings-good-or-outstanding/").content.decode()
    assert "Local data needed" in page
    assert client.get("/indicators/settings-good-or-outstanding.csv").status_code == 404


def test_priority_page_shows_measures_with_verdicts(client, site_with_data):
    page = client.get("/priorities/healthy-and-happy/").content.decode()
    assert "/indicators/healthy-life-expectancy-female/" in page
    assert "Local data needed" in page  # sustainable health and care provision


def test_measures_page_lists_every_measure(client, site_with_data):
    """Each measure the indicators serve is named in its priority's table (its first ten words)."""
    page = html.unescape(client.get("/measures/").content.decode())
    measures = Measure.objects.select_related("priority")
    assert measures.count() == 44
    for measure in measures:
        assert f'id="{measure.priority.slug}"' in page
        assert " ".join(measure.text.split()[:10]) in page, measure.slug


def test_unknown_indicator_is_404(client, site_with_data):
    assert client.get("/indicators/no-such-thing/").status_code == 404


def test_methods_page(client, site_with_data):
    page = client.get("/methods/").content.decode()
    assert "Wilson" in page
    assert 'class="govuk-heading-l"' in page
