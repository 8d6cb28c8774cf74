"""Placing Code-Point postcodes (British National Grid) in their LSOA 2021 by point in polygon."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from onestockport.places.models import BestFit, Postcode
from onestockport.places.placement import place_points, to_longitude_latitude

from .conftest import SHIPPED_DATA

SQUARE = {"type": "Polygon", "coordinates": [[[-2.2, 53.4], [-2.1, 53.4], [-2.1, 53.5], [-2.2, 53.5], [-2.2, 53.4]]]}
EAST = {"type": "Polygon", "coordinates": [[[-2.1, 53.4], [-2.0, 53.4], [-2.0, 53.5], [-2.1, 53.5], [-2.1, 53.4]]]}


def test_a_grid_reference_converts_to_longitude_and_latitude():
    # The OS grid's true origin meridian is 2 degrees west; 400000 E lies on it.
    (lon, lat), *_ = to_longitude_latitude([(400000, 390000)])
    assert lon == pytest.approx(-2.0, abs=0.002)
    assert 53.3 < lat < 53.5


def test_points_are_placed_in_the_polygon_that_contains_them():
    west_point, east_point = to_longitude_latitude([(392000, 394000), (397000, 394000)])
    placed = place_points({"a": west_point, "b": east_point}, {"W": SQUARE, "E": EAST})
    assert placed["a"][0] != placed["b"][0]
    assert {placed["a"][0], placed["b"][0]} == {"W", "E"}
    assert placed["a"][1]
    assert placed["b"][1]


def test_a_point_outside_every_polygon_goes_to_the_nearest_and_says_so():
    placed = place_points({"far": (-1.9, 53.45)}, {"W": SQUARE, "E": EAST})
    assert placed["far"] == ("E", False)


# --- On the shipped data (the default plan's own place) ------------------------------------------


def _lookup() -> dict[str, tuple[str, str]]:
    path = SHIPPED_DATA / "places/lookups/tdl_gm_oa21_lsoa21_msoa21_lad22_statistical_lookup.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["lsoa21cd"]: (row["lsoa21nm"], row["msoa21cd"]) for row in csv.DictReader(handle)}


@pytest.mark.django_db
def test_load_areas_places_every_postcode_in_an_lsoa_of_the_place(loaded_areas):
    lsoas = _lookup()
    codes = list(Postcode.objects.values_list("lsoa_code", flat=True))
    assert codes
    assert all(codes)
    assert set(codes) <= set(lsoas)
    assert len(set(codes)) == 191  # every LSOA 2021 of the place has at least one postcode


@pytest.mark.django_db
def test_placed_postcodes_agree_with_code_point_on_the_ward(loaded_areas):
    """Code-Point gives each postcode's ward independently: the LSOA found for it should mostly best-fit the same
    ward. Not all: the 2023 wards were drawn after the 2021 LSOAs and cut across some (measured: 89% agree)."""
    ward_of_lsoa = dict(
        BestFit.objects.filter(area_vintage="2021", container__vintage__contains="2023").values_list(
            "area__code", "container__code"
        )
    )
    agree = Counter(
        ward_of_lsoa.get(lsoa) == ward for lsoa, ward in Postcode.objects.values_list("lsoa_code", "ward_code")
    )
    assert agree[True] / (agree[True] + agree[False]) > 0.85


@pytest.mark.django_db
def test_a_brinnington_postcode_lands_in_an_lsoa_of_the_brinnington_msoa(loaded_areas):
    # SK5 8JG is the postcode nearest Brinnington station (53.4325 N, 2.1337 W); the House of Commons
    # Library names MSOA E02001190 "Brinnington", and the OA/LSOA/MSOA lookup nests the LSOA found in it.
    postcode = Postcode.objects.get(postcode="SK5 8JG")
    name, msoa = _lookup()[postcode.lsoa_code]
    assert msoa == "E02001190", name
