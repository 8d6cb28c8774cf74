"""The place search page (/places/search/), its form on the home, header and 404 pages, /areas/ addresses, and the
precomputed index the static export answers from. On the shipped plan and its area data."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from onestockport.export.seeds import seed_paths
from onestockport.plans.place import current_place
from onestockport.publish.context_processors import STATIC_EXPORT_ENVIRON_KEY

pytestmark = pytest.mark.django_db

SEARCH = "/places/search/"


def _page(client: Client, q: str) -> str:
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200, (q, response.status_code, response.get("Location"))
    return response.content.decode()


def test_an_empty_search_shows_the_form_with_a_visible_label(client, indicator_plan):
    page = _page(client, "")
    form = re.search(r'<main.*?<form[^>]*action="/places/search/"[^>]*method="get".*?</form>', page, re.DOTALL)
    assert form, "a GET form on the search page"
    assert re.search(r'<label class="govuk-label[^"]*" for="place-search-q">', form.group(0))
    assert 'name="q"' in form.group(0)


@pytest.mark.parametrize("q", ["SK1 1AL", "sk11al", "  Sk1  1aL "])
def test_a_full_postcode_redirects_straight_to_its_ward(client, indicator_plan, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 302
    assert response["Location"] == "/places/brinnington-and-stockport-central/?postcode=SK1+1AL"
    page = client.get(response["Location"]).content.decode()
    assert "SK1 1AL is in Brinnington &amp; Stockport Central ward." in page
    assert re.search(r'in the <a class="govuk-link" href="/places/[a-z0-9-]+/">[^<]+</a> neighbourhood', page)


@pytest.mark.parametrize("postcode", ["SK8 5AP", "<b>SK1 1AL</b>", "ZZ99 9ZZ", "x" * 500])
def test_a_postcode_not_in_the_ward_shows_no_note(client, indicator_plan, postcode):
    """SK8 5AP is a real postcode of another ward; the others are not postcodes at all."""
    page = client.get("/places/brinnington-and-stockport-central/", {"postcode": postcode}).content.decode()
    assert 'id="your-postcode"' not in page


def test_a_place_name_that_leads_to_one_place_redirects_to_its_page(client, indicator_plan):
    response = client.get(SEARCH, {"q": "Brinnington"})
    assert response.status_code == 302
    assert re.fullmatch(r"/places/[a-z0-9-]+/", response["Location"])
    assert client.get(response["Location"]).status_code == 200


def test_a_partial_postcode_gives_a_short_list_of_links(client, indicator_plan):
    page = _page(client, "SK4")
    assert '<a class="govuk-link" href="/places/heatons-north/">Heatons North</a>' in page
    assert '<a class="govuk-link" href="/places/heatons-south/">Heatons South</a>' in page


@pytest.mark.parametrize(
    ("q", "wards"),
    [
        ("bramhall", ["bramhall-north", "bramhall-south-and-woodford"]),
        ("Cheadle Hulme", ["cheadle-east-and-cheadle-hulme-north", "cheadle-hulme-south"]),
        ("Heatons", ["heatons-north", "heatons-south"]),
        ("Bramhal", ["bramhall-north", "bramhall-south-and-woodford"]),  # a misspelling
    ],
)
def test_an_ambiguous_name_lists_the_places_it_may_mean(client, indicator_plan, q, wards):
    page = _page(client, q)
    for slug in wards:
        assert f'href="/places/{slug}/"' in page


def test_a_postcode_outside_the_place_says_so_plainly(client, indicator_plan):
    page = _page(client, "m11ae")
    assert f"M1 1AE is not in {current_place().name}" in page
    assert 'href="/places/"' in page


def test_text_that_matches_nothing_says_so_with_tips_and_a_link_to_every_place(client, indicator_plan):
    page = _page(client, "Xylophone Quay")
    assert "No place found for" in page
    assert "Xylophone Quay" in page
    assert 'href="/places/"' in page


@pytest.mark.parametrize("path", ["/", "/actions/", "/no-such-page/"])
def test_the_search_form_is_on_the_home_header_and_404_pages(client, indicator_plan, path):
    page = client.get(path).content.decode()
    forms = re.findall(r'<form[^>]*action="/places/search/"[^>]*>.*?</form>', page, re.DOTALL)
    assert forms, path
    ids = [i for form in forms for i in re.findall(r'<input[^>]*id="([^"]+)"[^>]*name="q"', form)]
    assert len(ids) == len(set(ids)) == len(forms)  # one label per field, ids unique on the page
    for field_id in ids:
        assert f'for="{field_id}"' in page
    expected = 1 if path == "/actions/" else 2  # the header, and the home or 404 page
    assert len(forms) == expected, path


def test_an_areas_address_redirects_to_the_search_for_its_words(client, indicator_plan):
    response = client.get("/areas/cheadle-hulme/")
    assert response.status_code == 302
    assert response["Location"] == "/places/search/?q=cheadle+hulme"


# --- The static export: a small index per postcode district, and a page without a server -------------------


def test_a_postcode_district_index_maps_each_postcode_to_its_place(client, indicator_plan):
    response = client.get("/places/postcodes/SK1.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    slug = data["places"][data["postcodes"]["1AL"]][0]
    assert slug == "brinnington-and-stockport-central"
    assert data["sectors"]["1"]
    assert len(response.content) < 20_000
    assert client.get("/places/postcodes/M1.json").status_code == 404


def test_the_names_index_lists_districts_and_names(client, indicator_plan):
    data = json.loads(client.get("/places/search.json").content)
    assert "SK4" in data["districts"]
    assert "M1" not in data["districts"]
    places = data["places"]
    # The script matches a name within the keys, as the server does: "heatons" is in two of them.
    found = {places[i][0] for key, found in data["names"].items() if "heatons" in key.split() for i in found}
    assert {"heatons-north", "heatons-south"} <= found


def test_the_export_seeds_the_search_indexes(indicator_plan):
    seeds = seed_paths(indicator_plan)
    assert "/places/search.json" in seeds
    assert "/places/postcodes/SK4.json" in seeds
    assert SEARCH in seeds


def test_in_the_export_the_form_is_answered_by_a_script_and_without_it_by_a_static_page(client, indicator_plan):
    page = client.get(SEARCH, **{STATIC_EXPORT_ENVIRON_KEY: True}).content.decode()
    assert "data-place-search" in page
    assert re.search(r'<script type="module" src="/static/onestockport/place-search[^"]*\.js"></script>', page)
    # Without JavaScript the static page lists each postcode sector with its places.
    assert re.search(r">SK4 2</th>", page)
    assert "<script>" not in page.replace(
        "<script>document.body.className", ""
    )  # no inline script beyond GOV.UK's hashed one


def test_a_town_with_a_centre_page_is_offered_first_among_its_wards(client, indicator_plan):
    from onestockport.publish.place_directory import place_directory

    centres = [entry for entry in place_directory() if entry.kind == "centre"]
    assert centres, "the shipped plan names some centres"
    page = _page(client, centres[0].name.lower())
    links = re.findall(r'<li><a class="govuk-link" href="([^"]+)"', page)
    assert links[0] == f"/places/{centres[0].slug}/"
    assert len(links) > 1  # and the wards it spans
