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
    wards = re.findall(r'href="/places/[a-z0-9-]+/"', page.split('id="wards"')[1].split('id="neighbourhoods"')[0])
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
    pages = [path for path in paths if re.fullmatch(r"/places/[a-z0-9-]+/", path) and path != "/places/search/"]
    assert len(pages) == 21 + 42 + 4  # a page of each kind: wards, neighbourhoods, centres


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


# --- Neighbourhoods and centres -----------------------------------------------------------------


def _entries(kind: str):
    from onestockport.publish.place_directory import place_directory

    return [entry for entry in place_directory() if entry.kind == kind]


def test_index_lists_every_kind_with_counts(client, indicator_plan):
    page = client.get("/places/").content.decode()
    assert "Wards (21)" in page
    assert "Neighbourhoods (42)" in page
    assert f"Towns and villages the plan names ({len(_entries('centre'))})" in page
    links = set(re.findall(r'href="/places/([a-z0-9-]+)/"', page))
    assert {entry.slug for kind in ("ward", "neighbourhood", "centre") for entry in _entries(kind)} <= links
    assert "Reddish Vale View" in page


def test_every_place_page_answers_with_its_name_and_no_none(client, indicator_plan):
    from onestockport.publish.place_directory import place_directory

    for entry in place_directory():
        response = client.get(f"/places/{entry.slug}/")
        page = response.content.decode()
        assert response.status_code == 200, entry
        assert f'<h1 class="govuk-heading-xl">{entry.name.replace("&", "&amp;")}</h1>' in page, entry
        assert "None" not in page, entry
        if 'class="os-map' in page:  # every map has a table
            assert "<table" in page, entry


def test_counts_of_pages_per_kind_on_the_shipped_plan(indicator_plan):
    assert len(_entries("ward")) == 21
    assert len(_entries("neighbourhood")) == 42
    # The towns and villages whose ONS built-up-area names the plan's text uses (vision to actions).
    assert {entry.name for entry in _entries("centre")} == {"Cheadle", "Marple", "Reddish", "Romiley"}


def test_neighbourhood_page_has_map_wards_neighbours_and_named_small_areas(client, indicator_plan):
    entry = next(e for e in _entries("neighbourhood") if e.code == "E02001191")
    page = client.get(f"/places/{entry.slug}/").content.decode()
    assert '<span class="govuk-caption-l">Neighbourhood</span>' in page
    assert 'class="os-map' in page
    assert 'id="lsoas-caption"' in page
    assert "It lies in " in page
    assert "small areas)" in page
    assert "It borders " in page
    assert "E01005745" in page  # one of its LSOAs, in the table
    assert re.search(r"<th scope=\"row\" class=\"govuk-table__header\">[^<,]+, 005A</th>", page)
    assert "English Indices of Deprivation 2025" in page
    assert "gave their ward, not their neighbourhood" in page


def test_neighbourhood_page_says_which_ward_residents_spoke_for(client, ward_responses):
    from onestockport.places.models import Area
    from onestockport.places.selectors import neighbourhood_lsoas
    from onestockport.publish.place_common import lsoa_wards

    manor = Area.objects.get(name="Manor", vintage="2023")
    fits = lsoa_wards(manor.parent)
    entry = next(
        e for e in _entries("neighbourhood") if any(fits.get(c) == manor.code for c in neighbourhood_lsoas(e.code))
    )
    page = client.get(f"/places/{entry.slug}/").content.decode()
    assert "People who gave Manor as their ward: 6" in page
    assert "More buses at night" in page


def test_centre_page_has_wards_neighbourhoods_actions_and_quoted_passages(client, indicator_plan):
    page = client.get("/places/marple/").content.decode()
    assert '<span class="govuk-caption-l">Town or village</span>' in page
    assert 'href="/places/marple-north/"' in page  # a ward whose name includes Marple
    assert "Marple South &amp; High Lane" in page
    assert 'class="os-map' in page
    assert 'id="wards-caption"' in page
    assert "Method: " in page  # the summed row names its method
    plan_says = page.split('id="plan-says"')[1]
    assert "Marple" in plan_says
    assert "<blockquote" in plan_says
    assert "From <a" in plan_says


def test_cheadle_centre_does_not_claim_what_names_only_cheadle_hulme(client, indicator_plan):
    page = client.get("/places/cheadle/").content.decode()
    assert "Improve sustainable transport options" in page  # "a new Cheadle train station"
    quoted = re.findall(r"<blockquote class=\"os-quote\"><p class=\"govuk-body\">\u201c(.*?)\u201d</p>", page)
    for text in quoted:
        assert re.search(r"Cheadle(?! Hulme)", text), text


def test_export_seeds_every_place_page(indicator_plan):
    from onestockport.export.seeds import seed_paths
    from onestockport.publish.place_directory import place_directory

    paths = seed_paths(indicator_plan)
    for entry in place_directory():
        assert f"/places/{entry.slug}/" in paths


def test_ward_page_links_its_neighbourhoods_and_calls_lsoas_small_areas(client, indicator_plan):
    page = client.get("/places/brinnington-and-stockport-central/").content.decode()
    assert "Neighbourhoods in it: " in page
    assert 'href="/places/brinnington/"' in page
    assert "Small areas in England's most deprived 20%" in page


@pytest.fixture
def fake_profile(settings, tmp_path, monkeypatch):
    """SYNTHETIC: a profile partial that prints the method, and a census profile that records its arguments."""
    from types import SimpleNamespace

    from onestockport.places import profiles

    partial = tmp_path / "publish" / "partials" / "place_profile.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("<p>PROFILE {{ profile.method }} of {{ profile.figures|length }}</p>", encoding="utf-8")
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [str(tmp_path)]
    settings.TEMPLATES = templates
    calls = []

    def place_profile(lsoas, siblings, *, method):
        calls.append((sorted(lsoas), dict(siblings), method))
        return SimpleNamespace(method=method, figures=[1, 2])

    monkeypatch.setattr(profiles, "place_profile", place_profile)
    return calls


def test_ward_and_neighbourhood_pages_include_the_census_profile(client, indicator_plan, fake_profile):
    from onestockport.places.selectors import neighbourhood_lsoas

    ward = client.get("/places/manor/").content.decode()
    assert "PROFILE LSOA 2021 best fit to the May 2023 wards (centroid) of 2" in ward
    lsoas, siblings, _ = fake_profile[-1]
    assert len(siblings) == 21
    assert sum(len(codes) for codes in siblings.values()) == 191
    entry = next(e for e in _entries("neighbourhood") if e.code == "E02001191")
    page = client.get(f"/places/{entry.slug}/").content.decode()
    assert "PROFILE Sum of the neighbourhood&#x27;s LSOAs of 2" in page
    lsoas, siblings, _ = fake_profile[-1]
    assert lsoas == neighbourhood_lsoas("E02001191")
    assert len(siblings) == 42
