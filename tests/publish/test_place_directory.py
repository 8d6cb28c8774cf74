"""The directory of place pages: every ward, neighbourhood and named centre, each with a unique slug."""

from __future__ import annotations

from collections import Counter

import pytest

from onestockport.places.models import Area, PlaceName
from onestockport.publish.place_directory import centre_name, place_directory, place_url
from onestockport.publish.place_text import names_term, passages_naming, plan_passages

pytestmark = pytest.mark.django_db


def test_centre_name_drops_the_bracketed_qualifier():
    assert centre_name("Cheadle (Stockport)") == "Cheadle"
    assert centre_name("Bredbury and Woodley") == "Bredbury and Woodley"


def test_a_name_inside_a_longer_name_does_not_count():
    assert not names_term("the Cheadle Hulme district centre", "Cheadle", ["Cheadle Hulme"])
    assert names_term("Cheadle Hulme and Cheadle", "Cheadle", ["Cheadle Hulme"])
    assert not names_term("Marplebridge", "Marple")


def test_directory_has_every_kind_with_unique_slugs(indicator_plan):
    entries = place_directory()
    kinds = Counter(entry.kind for entry in entries)
    assert kinds["ward"] == 21
    assert kinds["neighbourhood"] == 42
    assert kinds["centre"] >= 1
    slugs = [entry.slug for entry in entries]
    assert len(slugs) == len(set(slugs))
    names = {entry.name for entry in entries if entry.kind == "neighbourhood"}
    assert "Reddish Vale View" in names  # the House of Commons Library name, not "Stockport 001"


def test_centres_are_the_built_up_areas_the_plans_text_names(indicator_plan):
    passages = plan_passages(indicator_plan)
    centres = [entry for entry in place_directory() if entry.kind == "centre"]
    all_names = [centre_name(row.name) for row in PlaceName.objects.filter(kind="built-up-area")]
    for entry in centres:
        assert passages_naming(passages, entry.name, all_names), entry.name
    unnamed = [name for name in all_names if not passages_naming(passages, name, all_names)]
    assert not {entry.name for entry in centres} & set(unnamed)


def test_place_url_reverses_to_the_entry_slug(indicator_plan):
    ward = next(entry for entry in place_directory() if entry.kind == "ward")
    assert place_url("ward", ward.code) == f"/places/{ward.slug}/"
    assert place_url("ward", "E05999999") is None
    assert place_url("neighbourhood", ward.code) is None


def test_a_neighbourhood_named_like_a_ward_gets_its_own_slug(indicator_plan):
    council = Area.objects.get(code="E08000007")
    Area.objects.create(code="E02999999", name="Stockport 999", level="msoa", vintage="2021", parent=council)
    PlaceName.objects.create(code="E02999999", name="Manor", kind="neighbourhood", source="test")
    assert place_url("ward", Area.objects.get(name="Manor", vintage="2023").code) == "/places/manor/"
    assert place_url("neighbourhood", "E02999999") == "/places/manor-neighbourhood/"


def test_without_a_loaded_plan_there_are_no_centres(indicator_plan, monkeypatch):
    from onestockport.errors import PlanNotLoadedError
    from onestockport.publish import place_directory as directory

    def missing(slug=None):
        raise PlanNotLoadedError("not loaded")

    monkeypatch.setattr(directory.plan_selectors, "get_plan", missing)
    kinds = Counter(entry.kind for entry in place_directory())
    assert kinds["centre"] == 0
    assert kinds["ward"] == 21


def test_neighbourhood_terms_are_the_name_and_its_parts_without_compass_short_forms():
    from onestockport.publish.neighbourhood_pages import name_terms

    assert name_terms("North Reddish", "Anywhere") == ["North Reddish"]
    assert name_terms("Marple & Rose Hill", "Anywhere") == ["Marple & Rose Hill", "Marple", "Rose Hill"]
    assert name_terms("Anywhere & Hilltop", "Anywhere") == ["Anywhere & Hilltop", "Hilltop"]
