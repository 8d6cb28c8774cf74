"""The "How are we doing?" pages: the home summary, priority pages, the /measures/ overview and the roll-up.

Real shipped files imported into the test database: greenhouse gas per person (compared by the size of
the difference), healthy life expectancy (published intervals) and licensed vehicles (intervals
computed from counts), and net additional dwellings (worse than England, and worsening).
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from onestockport.delivery import rollup
from onestockport.indicators import overview as overview_module
from onestockport.indicators.overview import plan_overview
from onestockport.indicators.services import import_file
from onestockport.plans.models import Action, Measure, Priority
from tests.conftest import SHIPPED_RAW

pytestmark = pytest.mark.django_db

FILES = [
    ("ons-els", "ons_explore_local_statistics/greenhouse-gas-emissions.csv"),
    ("ons-els", "ons_explore_local_statistics/healthy-life-expectancy.csv"),
    ("tdl-tidy-wide", "environment/tdl_licensed_vehicles.csv"),
    ("ons-els", "ons_explore_local_statistics/net-additions-to-the-housing-stock.csv"),
]
GHG = "greenhouse-gas-emissions-per-capita"


@pytest.fixture
def site_with_data(indicator_plan):
    for format_name, file in FILES:
        import_file(plan=indicator_plan, format_name=format_name, path=SHIPPED_RAW / file)
    return indicator_plan


def _text(html: str) -> str:
    """The page's words with tags removed and spaces collapsed, to look for sentences."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- The roll-up -----------------------------------------------------------------------------------


def test_each_indicator_has_one_row_with_figure_comparison_direction_and_status(site_with_data):
    row = plan_overview(site_with_data).by_slug[GHG]

    assert (row.value_text, row.period, row.country_value_text) == ("3.50 tonnes CO2e per person", "2023", "4.78")
    assert (row.comparison, row.comparison_basis, row.judgement) == ("lower", "difference", "better")
    assert (row.direction, row.change_text) == ("falling", "down 19% since 2019")
    assert row.status == "mixed"
    assert row.summary.startswith("3.50 tonnes CO2e per person in 2023: lower than England (4.78)")
    carbon = [s for s in row.serves if s.measure_slug == "carbon-emissions"]
    assert [(s.priority_slug, s.match) for s in carbon] == [("climate-friendly", "direct")]


def test_measure_status_comes_from_its_direct_indicators(site_with_data):
    overview = plan_overview(site_with_data)
    measures = {m.slug: m for m in overview.measures_of("climate-friendly")}

    # greenhouse gas per person and territorial CO2 are mixed (not on track for 2038); the rest have no data here
    assert measures["carbon-emissions"].status == "mixed"
    assert measures["air-quality"].status == "no-data"  # local data needed
    assert len(overview.measures) == Measure.objects.count()


def test_the_counts_add_up_to_the_measures_and_actions(site_with_data):
    rollups = rollup.priority_rollups(site_with_data, today=timezone.localdate())

    assert [r.priority.slug for r in rollups] == list(
        Priority.objects.order_by("position").values_list("slug", flat=True)
    )
    for item in rollups:
        assert sum(t.count for t in item.measure_counts) == item.priority.measures.count()
        assert sum(t.count for t in item.action_counts) == item.priority.actions.count() == item.actions_total
    assert sum(sum(t.count for t in r.measure_counts) for r in rollups) == Measure.objects.count()
    assert sum(r.actions_total for r in rollups) == Action.objects.count()
    climate = next(r for r in rollups if r.priority.slug == "climate-friendly")
    assert climate.overdue_commitments >= 1  # the clean air commitment's date has passed


def test_a_new_import_changes_the_overview_without_clearing_the_cache(site_with_data, tmp_path, monkeypatch):
    assert plan_overview(site_with_data).by_slug[GHG].value_text == "3.50 tonnes CO2e per person"
    computed = []
    real = overview_module.compute_overview
    monkeypatch.setattr(overview_module, "compute_overview", lambda *a, **k: computed.append(1) or real(*a, **k))
    plan_overview(site_with_data)
    assert computed == []  # served from the cache while nothing changed

    source = SHIPPED_RAW / "ons_explore_local_statistics" / "greenhouse-gas-emissions.csv"
    revised = tmp_path / "greenhouse-gas-emissions.csv"
    text = source.read_text(encoding="utf-8-sig")
    line = next(line for line in text.splitlines() if line.startswith("E08000007,") and ",2023-01-01/P1Y," in line)
    revised.write_text(text.replace(line, line.replace(",3.5,", ",3.1,")), encoding="utf-8")
    report = import_file(plan=site_with_data, format_name="ons-els", path=revised)
    assert report.revised == 1

    assert plan_overview(site_with_data).by_slug[GHG].value_text == "3.10 tonnes CO2e per person"
    assert computed == [1]


def test_a_plan_load_changes_the_fingerprint(site_with_data):
    before = overview_module.data_fingerprint(site_with_data)
    site_with_data.save()  # as a plan load does: loaded_at moves on
    assert overview_module.data_fingerprint(site_with_data) != before


# --- Home ------------------------------------------------------------------------------------------


def test_home_says_how_the_place_is_doing_for_each_priority(client, site_with_data):
    page = client.get("/").content.decode()
    words = _text(page)

    assert "How is Stockport doing?" in page
    for priority in Priority.objects.all():
        assert f'href="/measures/?priority={priority.slug}"' in page
        assert f'href="/priorities/{priority.slug}/"' in page
    assert "1 mixed" in words  # climate-friendly's carbon emissions
    assert "Overdue commitments" in words
    assert 'class="os-symbol' in page  # every status has a symbol beside its words


# --- Priority pages --------------------------------------------------------------------------------


def test_priority_page_has_the_summary_and_one_status_and_sentence_per_indicator(client, site_with_data):
    page = client.get("/priorities/climate-friendly/").content.decode()
    words = _text(page)

    summary_at = page.index('id="how-it-is-doing"')
    assert summary_at < page.index('id="introduction"')
    assert "3.50 tonnes CO2e per person in 2023: lower than England (4.78) and down 19% since 2019" in words
    assert 'href="/methods/#judging-a-difference-by-its-size"' in page
    assert 'href="/methods/#when-a-measure-of-success-has-several-figures"' in page
    assert " vs England" not in page  # the old row of separate tags is gone
    measures = page[page.index('id="measures"') :]
    assert measures.count("os-status--mixed") >= 2  # the carbon measure and its indicator
    assert "Local data needed" in measures


def test_priority_page_queries_are_bounded_with_a_warm_cache(client, site_with_data, django_assert_max_num_queries):
    client.get("/priorities/climate-friendly/")
    with django_assert_max_num_queries(40):
        assert client.get("/priorities/climate-friendly/").status_code == 200


# --- /measures/ ------------------------------------------------------------------------------------


def _slugs(response) -> list[str]:
    return [row.slug for section in response.context["page"].sections for row in section.rows]


def test_measures_overview_table(client, site_with_data):
    page = client.get("/measures/").content.decode()

    assert "<caption" in page
    assert 'scope="col"' in page
    assert 'scope="row"' in page
    assert 'role="region"' in page
    assert 'tabindex="0"' in page
    assert 'id="climate-friendly"' in page  # the old anchor of each priority still works
    assert '<button type="submit"' in page
    words = _text(page)
    assert "3.50 tonnes CO2e per person" in words
    assert "4.78" in words
    assert "Local data needed" in page


def test_filters_work_with_plain_get(client, site_with_data):
    worse = _slugs(client.get("/measures/?filter=worse-than-england"))
    assert "net-additional-dwellings" in worse
    assert GHG not in worse
    overview = plan_overview(site_with_data)
    assert all(overview.by_slug[slug].judgement == "worse" for slug in worse)

    no_data = client.get("/measures/?filter=no-data")
    slugs = _slugs(no_data)
    assert "settings-good-or-outstanding" in slugs  # needs local data: a row that says so
    assert GHG not in slugs
    assert "Local data needed" in no_data.content.decode()

    climate = client.get("/measures/?priority=climate-friendly")
    assert [s.priority_slug for s in climate.context["page"].sections] == ["climate-friendly"]
    assert GHG in _slugs(climate)

    getting_worse = _slugs(client.get("/measures/?filter=getting-worse"))
    assert all(overview.by_slug[slug].status == "worsening" for slug in getting_worse)
    assert "healthy-life-expectancy-female" in getting_worse


def test_bad_filter_values_are_ignored_and_said(client, site_with_data):
    response = client.get("/measures/?filter=<script>&sort=sideways&priority=nowhere")
    page = response.content.decode()

    assert response.status_code == 200
    assert page.count("That choice is not available") == 3
    assert len(response.context["page"].sections) == Priority.objects.count()
    assert "<script>" not in page.split("</head>")[1].replace("<script>document.body", "")


def test_sorting_by_status_and_back(client, site_with_data):
    response = client.get("/measures/?priority=climate-friendly&sort=status")
    rows = response.context["page"].sections[0].rows
    ranks = [overview_module.STATUS_RANKS.get(row.status, 99) for row in rows]
    assert ranks == sorted(ranks)
    page = response.content.decode()
    assert 'aria-sort="ascending"' in page
    assert 'href="?priority=climate-friendly&amp;sort=-status"' in page

    reverse = client.get("/measures/?priority=climate-friendly&sort=-status")
    assert 'aria-sort="descending"' in reverse.content.decode()
    assert reverse.context["page"].sections[0].rows[0].status != "local-data-needed"  # no-data rows stay last

    by_name = client.get("/measures/?sort=indicator").context["page"].sections[0].rows
    assert [r.title.lower() for r in by_name] == sorted(r.title.lower() for r in by_name)


def test_measures_page_queries_are_bounded_with_a_warm_cache(client, site_with_data, django_assert_max_num_queries):
    client.get("/measures/")
    with django_assert_max_num_queries(15):
        assert client.get("/measures/?filter=worse-than-england&sort=status").status_code == 200


# --- Indicator pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "opening", "method"),
    [
        (GHG, "3.50 tonnes CO2e per person in 2023: lower than England (4.78)", "judging-a-difference-by-its-size"),
        (
            "healthy-life-expectancy-female",
            "63.1 years in 2022-24: similar to England (61.3)",
            "better-similar-or-worse-than-england",
        ),
        (
            "ultra-low-emission-vehicles-share",
            "36.98% on 30 September 2025: significantly higher than England (6.77%)",
            "intervals-we-work-out-from-counts",
        ),
    ],
)
def test_indicator_page_opens_with_the_summary_and_links_its_method(client, site_with_data, slug, opening, method):
    page = client.get(f"/indicators/{slug}/").content.decode()
    lead = page[page.index('<p class="govuk-body-l os-verdict">') + len('<p class="govuk-body-l os-verdict">') :]

    assert _text(lead[:800]).startswith(opening)
    assert f'href="/methods/#{method}"' in lead[:2000]
    assert "latest figure is" not in page


def test_the_trend_test_is_shown_only_where_the_data_supports_it(client, site_with_data):
    # Emissions have no counts or intervals: the direction is the size of the change, and a test
    # that cannot apply must not sit beside a falling chart saying "no significant change".
    emissions = _text(client.get("/indicators/greenhouse-gas-emissions-per-capita/").content.decode())
    assert "Falling" in emissions
    assert "Fingertips trend test" not in emissions
    assert "No significant change" not in emissions
