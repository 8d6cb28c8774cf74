"""Place pages: an index of the place's current wards and a page for each, on the shipped plan and area data."""

from __future__ import annotations

import re

import pytest

from onestockport.publish.place_pages import names_any, ward_slug, ward_terms

pytestmark = pytest.mark.django_db


def test_ward_slug_spells_out_ampersands():
    assert ward_slug("Brinnington & Stockport Central") == "brinnington-and-stockport-central"


def test_ward_terms_split_on_and_and_drop_compass_words_but_not_the_place():
    terms = ward_terms("Cheadle East & Cheadle Hulme North", place_name="Cheadle")
    assert "Cheadle East" in terms
    assert "Cheadle Hulme" in terms
    assert "Cheadle" not in terms
    assert ward_terms("Heatons North")[-1] == "Heatons"


def test_names_any_matches_whole_words_only():
    assert names_any("a new cheadle train station", ["Cheadle"])
    assert not names_any("Cheadleford", ["Cheadle"])


def test_index_lists_every_current_ward(client, indicator_plan):
    page = client.get("/places/").content.decode()
    wards = re.findall(r'href="/places/[a-z0-9-]+/"', page)
    assert len(set(wards)) == len(wards) == 21  # the shipped place has 21 wards of the 2023 review
    assert 'href="/places/brinnington-and-stockport-central/"' in page
    assert page.index("Bramhall North") < page.index("Reddish South")


def test_ward_page_has_name_map_neighbours_and_deprivation_with_source(client, indicator_plan):
    response = client.get("/places/brinnington-and-stockport-central/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Brinnington &amp; Stockport Central \u2013 " in page
    assert 'class="os-map' in page
    assert "Reddish South" in page  # a neighbour, named in text
    assert "English Indices of Deprivation 2025" in page
    assert "most deprived 10%" in page
    assert "Brinnington &amp; Stockport Central, " in page  # neighbourhoods named with their ward


def test_navigation_links_to_places(client, indicator_plan):
    assert 'href="/places/"' in client.get("/").content.decode()


def test_export_seeds_the_index_and_every_ward_page(indicator_plan):
    from onestockport.export.seeds import seed_paths

    paths = seed_paths(indicator_plan)
    assert "/places/" in paths
    assert "/places/brinnington-and-stockport-central/" in paths
    assert len([path for path in paths if path.startswith("/places/")]) == 22


def test_unknown_place_is_not_found(client, indicator_plan):
    assert client.get("/places/nowhere-at-all/").status_code == 404


def test_action_naming_the_ward_is_linked(client, indicator_plan):
    page = client.get("/places/cheadle-west-and-gatley/").content.decode()
    assert "Improve sustainable transport options" in page  # "a new Cheadle train station"
    assert 'href="/priorities/' in page.split('id="actions"')[1]


def test_ward_without_boundaries_says_why_there_is_no_map(client, indicator_plan):
    from onestockport.places.models import Boundary

    Boundary.objects.all().delete()
    page = client.get("/places/edgeley/").content.decode()
    assert "Boundaries not shipped for this place" in page
    assert 'class="os-map' not in page


@pytest.fixture
def ward_responses(indicator_plan):
    """SYNTHETIC: 3 respondents in Heald Green, 6 in Manor, one Manor comment approved to quote."""
    from onestockport.voice.models import Engagement, Quote, Respondent, Response

    engagement = Engagement.objects.create(plan=indicator_plan, slug="synthetic", name="Synthetic", published=True)
    question = engagement.questions.create(key="comment", text="Your comment", kind="text")
    priority = indicator_plan.priorities.order_by("position").first()
    for row, ward in enumerate(["Heald Green"] * 3 + ["Manor"] * 6, start=2):
        respondent = Respondent.objects.create(
            engagement=engagement, source_id_hash=f"h{row}", row=row, ward=ward, consent_to_quote=True
        )
        answer = Response.objects.create(respondent=respondent, question=question, text=f"Comment {row}")
        if row == 5:
            Quote.objects.create(
                response=answer, priority=priority, text="More buses at night", consent_recorded=True, approved=True
            )
    return engagement


def test_residents_voice_shows_quotes_and_suppresses_small_counts(client, ward_responses):
    manor = client.get("/places/manor/").content.decode()
    assert "More buses at night" in manor
    assert "People who gave Manor as their ward: 6" in manor
    heald = client.get("/places/heald-green/").content.decode()
    assert "fewer than 5" in heald
    assert "ward: 3" not in heald
