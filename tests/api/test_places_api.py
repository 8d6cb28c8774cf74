"""/api/v1/places: the same places, small areas and census figures as the place pages."""

from __future__ import annotations

import pytest

from onestockport.publish.place_directory import place_directory

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def _all(client, url: str) -> list[dict]:
    items = []
    while url:
        body = client.get(url).json()
        items.extend(body["items"])
        url = body["next"]
    return items


def test_list_has_every_place_page_with_links(client, indicator_plan):
    items = _all(client, f"{V1}/places?limit=100")

    assert {(i["kind"], i["slug"]) for i in items} == {(e.kind, e.slug) for e in place_directory()}
    kinds = [i["kind"] for i in items]
    assert kinds == sorted(kinds, key=("ward", "neighbourhood", "centre").index)  # wards first, then the rest
    ward = next(i for i in items if i["slug"] == "brinnington-and-stockport-central")
    assert ward["kind"] == "ward"
    assert ward["url"].endswith("/places/brinnington-and-stockport-central/")
    assert client.get(ward["api_url"]).status_code == 200


def test_list_filters_by_kind_and_refuses_an_unknown_kind(client, indicator_plan):
    wards = _all(client, f"{V1}/places?kind=ward")
    assert len(wards) == 21
    assert {i["kind"] for i in wards} == {"ward"}
    assert client.get(f"{V1}/places?kind=county").status_code == 422


def test_a_ward_carries_its_small_areas_and_census_figures_with_source_and_method(client, indicator_plan):
    body = client.get(f"{V1}/places/brinnington-and-stockport-central").json()

    assert body["code"] == "E05015018"
    assert len(body["lsoas"]) == 8
    assert "best fit" in body["method"]
    assert body["population"] > 10_000
    aged = next(f for f in body["figures"] if f["slug"] == "aged-65-and-over")
    assert aged["unit"] == "% of usual residents"
    assert aged["value"] == round(100 * aged["count"] / aged["total"], 1)
    assert aged["rank_of"] == 21
    assert 1 <= aged["rank"] <= 21
    assert aged["source"].startswith("ONS Census 2021")
    assert aged["period"].startswith("Census 2021")
    assert aged["comparison"] in {"higher than England", "similar to England", "lower than England"}


def test_a_neighbourhood_is_ranked_among_neighbourhoods(client, indicator_plan):
    slug = next(e.slug for e in place_directory() if e.kind == "neighbourhood")
    body = client.get(f"{V1}/places/{slug}").json()
    assert body["kind"] == "neighbourhood"
    assert body["figures"]
    assert {f["rank_of"] for f in body["figures"]} == {42}


def test_a_centre_is_not_ranked_against_overlapping_centres(client, indicator_plan):
    centre = next(e for e in place_directory() if e.kind == "centre")
    body = client.get(f"{V1}/places/{centre.slug}").json()
    assert body["lsoas"]
    assert all(f["rank"] is None for f in body["figures"])


def test_unknown_and_hostile_slugs(client, indicator_plan):
    assert client.get(f"{V1}/places/nowhere").json() == {"detail": "There is no place 'nowhere'."}
    assert client.get(f"{V1}/places/%3Cscript%3E").status_code == 422
