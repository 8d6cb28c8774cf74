"""Census figure pages (/places/figures/<slug>/): wards ranked, a table with borough and England, fifths gap and SII.

Built against a small fake of `onestockport.places.census` (its FIGURES, lsoa_counts and england_counts), with
made-up counts over the shipped place's real LSOAs, so the pages can be checked by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from onestockport.places.models import Area, Deprivation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]


@dataclass(frozen=True)
class FakeFigure:
    slug: str
    label: str
    topic: str
    unit: str
    polarity: str
    table: str
    source: str
    period: str


FIGURE = FakeFigure(
    "households-without-a-car",
    "Households without a car or van",
    "Travel",
    "% of households",
    "none",
    "TS045",
    "Office for National Statistics, Census 2021, table TS045",
    "Census 2021",
)


def _counts() -> dict[str, tuple[int, int]]:
    # The most deprived LSOAs (by IMD 2025 rank) have the highest share: 40% falling to 0%.
    rows = Deprivation.objects.filter(edition="IoD2025", area__level=Area.Level.LSOA).order_by("rank")
    codes = [row.area.code for row in rows]
    return {code: (40 - (40 * i) // len(codes), 100) for i, code in enumerate(codes)}


@pytest.fixture
def fake_census(monkeypatch):
    """The Census module's three names, faked; the rest of the module (used by other pages) is left as it is."""
    from onestockport.places import census

    monkeypatch.setattr(census, "FIGURES", [FIGURE])
    monkeypatch.setattr(census, "lsoa_counts", lambda slug: _counts() if slug == FIGURE.slug else {})
    monkeypatch.setattr(census, "england_counts", lambda slug: (2000, 10000) if slug == FIGURE.slug else None)
    monkeypatch.setattr(census, "borough_counts", lambda slug: None, raising=False)
    return census


def test_figure_page_has_ranked_chart_table_borough_england_and_source(client, fake_census):
    response = client.get("/places/figures/households-without-a-car/")
    assert response.status_code == 200
    page = response.content.decode()
    counts = _counts()
    borough = 100 * sum(c for c, _ in counts.values()) / sum(t for _, t in counts.values())
    assert "<h1" in page
    assert "Households without a car or van" in page
    assert 'class="os-ranked-chart"' in page
    assert "England: 20.0%" in page
    assert f"{borough:.1f}%" in page
    assert "Census 2021" in page
    assert "TS045" in page
    assert "% of households" in page
    ranked = page.split('id="inequality-ranked"')[1]
    ranks = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>', ranked)
    assert ranks[:3] == ["1", "2", "3"]
    assert 'href="/places/brinnington-and-stockport-central/"' in page


def test_figure_page_has_fifths_gap_and_slope_index_in_percentage_points(client, fake_census):
    page = client.get("/places/figures/households-without-a-car/").content.decode()
    assert "Most deprived fifth" in page
    assert re.search(r"The most deprived fifth&#x27;s share is [0-9.]+ percentage points higher", page)
    assert "slope index of inequality is" in page
    assert "total count divided by its total" in page


def test_unknown_figure_is_not_found(client, fake_census):
    assert client.get("/places/figures/no-such-figure/").status_code == 404


def test_export_seeds_every_figure_page(published_plan, django_db_blocker):
    from onestockport.export.seeds import seed_paths
    from onestockport.publish.census_figures import figure_slugs

    with django_db_blocker.unblock():
        slugs = figure_slugs()
        seeds = seed_paths(published_plan)
    assert len(slugs) == 14
    assert all(f"/places/figures/{slug}/" in seeds for slug in slugs)


def test_without_census_counts_there_are_no_pages(client, indicator_plan):
    from onestockport.places.models import CensusCount
    from onestockport.publish.census_figures import figure_slugs

    assert "aged-65-and-over" in figure_slugs()
    CensusCount.objects.all().delete()  # as for a plan folder without a Census file
    assert figure_slugs() == []
    assert client.get("/places/figures/aged-65-and-over/").status_code == 404
