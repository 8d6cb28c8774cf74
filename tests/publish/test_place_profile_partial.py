"""The census profile partial: captioned GOV.UK tables with unit, period, source, rank and comparison."""

from __future__ import annotations

import re

from django.template.loader import render_to_string

from onestockport.places.profiles import AgeBand, PlaceFigure, PlaceProfile
from onestockport.plans.place import PlaceInfo

PLACE = PlaceInfo(site_name="Site", name="Testborough", code="E08000099", kind="borough", plan_title="T", horizon=2030)


def figure(**changes) -> PlaceFigure:
    values = {
        "slug": "overcrowded",
        "label": "Overcrowded households",
        "topic": "Housing",
        "value": 6.16,
        "value_display": "6.2%",
        "count": 415,
        "total": 6741,
        "unit": "% of households",
        "lower_display": "5.6%",
        "upper_display": "6.8%",
        "borough_display": "2.6%",
        "england_display": "4.4%",
        "rank": 1,
        "rank_of": 21,
        "comparison": "higher than England",
        "status": "worse",
        "source": "ONS Census 2021, table TS052 (Occupancy rating for bedrooms)",
        "period": "Census 2021 (21 March 2021)",
        "method": "Best fit",
    }
    return PlaceFigure(**{**values, **changes})


def render(profile: PlaceProfile) -> str:
    return render_to_string("publish/partials/place_profile.html", {"profile": profile, "site_place": PLACE})


def test_the_profile_renders_captioned_tables_with_every_figure_detail():
    profile = PlaceProfile(
        population=14226,
        population_source="ONS Census 2021, table TS001",
        period="Census 2021 (21 March 2021)",
        age_bands=[AgeBand("65 to 84", 1391, "9.8%", "17.3%", "16.0%")],
        figures=[
            figure(),
            figure(
                slug="flats",
                label="Households living in a flat",
                comparison=None,
                status=None,
                rank=None,
                source="ONS Census 2021, table TS044 (Accommodation type)",
            ),
        ],
        method="Best fit",
    )

    html = render(profile)
    text = re.sub(r"\s+([.;,])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))

    assert html.count("<caption") == 2 == html.count('scope="col" class="govuk-table__header">Figure') + 1
    assert "Housing, Census 2021 (21 March 2021)" in text
    assert "14,226 usual residents" in text
    assert (
        "Overcrowded households % of households; 415 of 6,741. Higher than England (worse); rank 1 of 21. "
        "6.2% 2.6% 4.4%"
    ) in text
    assert "Households living in a flat" in text
    assert "Not compared." in text
    assert "rank None" not in text
    assert ">Borough</th>" in html  # a short heading that fits a phone; the sentence names the place
    assert "Best fit. “Borough” is Testborough as a whole. Compared with England using the 95% Wilson score" in text
    assert "Source: ONS Census 2021, table TS052 (Occupancy rating for bedrooms); ONS Census 2021, table TS044" in text
    assert "9.8% 17.3% 16.0%" in text
    assert "title=" not in html  # nothing only on hover
