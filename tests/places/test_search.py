"""Place search: postcodes (full, partial, outside) and names, on the data shipped with the default plan."""

from __future__ import annotations

import pytest

from onestockport.places.postcodes import normalise_postcode, partial_postcodes
from onestockport.places.search import NameEntry, SearchIndex, Target, index_from_files, load_search_index, search

from .conftest import SHIPPED_DATA

# The default plan's place; these tests check its own shipped data.
PLACE_CODE, PLACE_NAME = "E08000007", "Stockport"


@pytest.mark.parametrize("text", ["SK1 3XE", "sk13xe", " sk1   3xe ", "Sk1 3Xe"])
def test_a_full_postcode_is_normalised_whatever_its_case_and_spacing(text):
    assert normalise_postcode(text) == "SK1 3XE"


@pytest.mark.parametrize("text", ["SK1", "SK1 3", "Bramhall", "SK1 3X", "12345", ""])
def test_text_that_is_not_a_full_postcode_is_not_normalised_to_one(text):
    assert normalise_postcode(text) is None


def test_a_partial_postcode_without_a_space_reads_as_a_district_then_a_sector():
    assert partial_postcodes("sk13") == [("district", "SK13"), ("sector", "SK1 3")]
    assert partial_postcodes("SK1") == [("district", "SK1")]
    assert partial_postcodes("SK1 3") == [("sector", "SK1 3")]
    assert partial_postcodes("Manor") == []


@pytest.fixture
def small_index() -> SearchIndex:
    """A made-up place: two wards sharing a village, so no shipped data is needed."""
    return SearchIndex(
        postcode_wards={"AB1 2CD": "E05000001", "AB1 2CE": "E05000001", "AB1 3AA": "E05000002"},
        ward_names={"E05000001": "Upton & St Mary's", "E05000002": "Upton South"},
        names=[
            NameEntry("Upton & St Mary's", "ward", "E05000001", ("E05000001",)),
            NameEntry("Upton South", "ward", "E05000002", ("E05000002",)),
            NameEntry("Upton", "built-up-area", "E63000001", ("E05000001", "E05000002")),
        ],
    )


def test_ampersand_and_the_word_and_and_a_missing_apostrophe_all_match(small_index):
    for text in ["upton and st marys", "Upton & St Mary's", "UPTON & ST MARYS"]:
        result = search(text, small_index)
        assert result.outcome == "found", text
        assert result.target.code == "E05000001"


def test_a_village_covering_two_wards_gives_both_as_choices(small_index):
    result = search("upton", small_index)
    assert result.outcome == "choices"
    assert [t.code for t in result.targets] == ["E05000001", "E05000002"]


def test_a_postcode_not_in_the_index_whose_district_is_elsewhere_is_outside(small_index):
    result = search("ZZ9 9ZZ", small_index)
    assert result.outcome == "outside"
    assert result.postcode == "ZZ9 9ZZ"


def test_an_unknown_postcode_in_a_known_sector_offers_that_sectors_wards(small_index):
    result = search("AB1 2ZZ", small_index)
    assert result.outcome == "choices"
    assert [t.code for t in result.targets] == ["E05000001"]
    assert "AB1 2ZZ" in result.note


def test_empty_or_unmatched_text_finds_nothing(small_index):
    assert search("   ", small_index).outcome == "none"
    assert search("Xylophone Quay", small_index).outcome == "none"


# --- On the shipped data (these test the default plan's own place) -----------------------------


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return index_from_files(SHIPPED_DATA, PLACE_CODE, PLACE_NAME)


def test_the_index_stored_by_load_areas_matches_the_one_read_from_the_files(loaded_areas, index):
    stored = load_search_index()
    assert dict(stored.postcode_wards) == dict(index.postcode_wards)
    assert sorted(stored.names, key=lambda e: e.code) == sorted(index.names, key=lambda e: e.code)
    assert {code: stored.ward_names[code] for code in index.ward_names} == dict(index.ward_names)


def ward_names(result) -> list[str]:
    return [target.name for target in result.targets]


@pytest.mark.parametrize(
    ("postcode", "ward"),
    [
        ("SK1 1AL", "Brinnington & Stockport Central"),
        ("sk11al", "Brinnington & Stockport Central"),
    ],
)
def test_a_full_postcode_leads_to_its_ward(index, postcode, ward):
    result = search(postcode, index)
    assert result.outcome == "found"
    assert result.target.name == ward
    assert result.target.kind == "ward"


def test_postcodes_in_different_wards_lead_to_different_wards(index):
    for code in ["E05015014", "E05015026", "E05015029"]:
        postcode = min(pc for pc, ward in index.postcode_wards.items() if ward == code)
        assert search(postcode.lower().replace(" ", ""), index).target.code == code


def test_a_postcode_district_gives_the_wards_it_covers(index):
    result = search("SK4", index)
    assert result.outcome == "choices"
    assert {"Heatons North", "Heatons South"} <= set(ward_names(result))
    assert result.postcode == "SK4"


def test_sk13_with_no_postcodes_in_the_place_is_read_as_the_sector_sk1_3(index):
    result = search("sk13", index)
    assert result.outcome in {"found", "choices"}
    assert result.postcode == "SK1 3"


def test_a_postcode_outside_the_place_says_so(index):
    result = search("M1 1AE", index)
    assert result.outcome == "outside"
    assert search("SK9", index).outcome == "outside"


def test_brinnington_goes_to_its_neighbourhood_and_mentions_the_ward(index):
    result = search("Brinnington", index)
    assert result.outcome == "found"
    assert result.target.name == "Brinnington"
    assert "Brinnington & Stockport Central" in [t.name for t in result.related]


def test_bramhall_in_lower_case_lists_the_two_bramhall_wards(index):
    result = search("bramhall", index)
    assert result.outcome == "choices"
    assert ward_names(result) == ["Bramhall North", "Bramhall South & Woodford"]


def test_cheadle_hulme_lists_the_two_wards_named_after_it(index):
    result = search("Cheadle Hulme", index)
    assert result.outcome == "choices"
    assert ward_names(result) == ["Cheadle East & Cheadle Hulme North", "Cheadle Hulme South"]


def test_heatons_is_ambiguous_and_lists_north_and_south(index):
    result = search("Heatons", index)
    assert result.outcome == "choices"
    assert ward_names(result) == ["Heatons North", "Heatons South"]


def test_a_misspelling_finds_the_place_it_was_meant_for(index):
    result = search("Bramhal", index)
    assert ward_names(result) == ["Bramhall North", "Bramhall South & Woodford"]
    assert "bramhall" in result.note


def test_and_or_ampersand_in_a_ward_name_both_reach_the_ward(index):
    for text in ["Bredbury and Woodley", "bredbury & woodley", "Davenport and Cale Green"]:
        result = search(text, index)
        assert result.outcome == "found", text
        assert result.target.kind == "ward"


def test_a_ward_sharing_its_name_with_a_town_goes_straight_to_the_ward(index):
    result = search("hazel grove", index)
    assert result.outcome == "found"
    assert result.target.code == "E05015024"


def test_a_ward_and_a_neighbourhood_with_one_name_go_to_the_ward_and_mention_the_neighbourhood(index):
    result = search("Edgely", index)
    assert result.outcome == "found"
    assert (result.target.name, result.target.kind) == ("Edgeley", "ward")
    assert [(t.name, t.kind) for t in result.related] == [("Edgeley", "neighbourhood")]


def test_a_postcode_not_in_the_files_but_in_a_sector_of_the_place_offers_that_sectors_wards(index):
    result = search("SK6 7AB", index)
    assert result.outcome == "choices"
    assert "Marple North" in [t.name for t in result.targets]


def test_a_full_postcode_also_names_the_neighbourhood_its_lsoa_is_in():
    neighbourhood = Target("E02000001", "Upton Green", "neighbourhood")
    index = SearchIndex(
        postcode_wards={"AB1 2CD": "E05000001", "AB1 2CE": "E05000001"},
        ward_names={"E05000001": "Upton"},
        names=[NameEntry("Upton", "ward", "E05000001", ("E05000001",))],
        postcode_lsoas={"AB1 2CD": "E01000001"},
        lsoa_neighbourhoods={"E01000001": neighbourhood},
    )
    result = search("ab12cd", index)
    assert result.outcome == "found"
    assert result.target.code == "E05000001"
    assert result.related == (neighbourhood,)
    assert search("AB1 2CE", index).related == ()  # no LSOA known: no neighbourhood named


def test_a_town_or_village_name_also_offers_the_town_itself_for_its_centre_page(small_index):
    result = search("upton", small_index)
    assert result.outcome == "choices"
    assert Target("E63000001", "Upton", "centre") in result.related
    assert Target("E63000001", "Upton", "centre") in search("uptn", small_index).related  # misspelt too
