"""The open data package's place tables: the place pages, their small areas, postcodes and census counts."""

from __future__ import annotations

import csv
import io

import pytest

from onestockport.indicators.models import Observation
from onestockport.places.models import Area, CensusCount, Postcode
from onestockport.publish.place_directory import place_directory

pytestmark = pytest.mark.django_db


def _rows(package_dir, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((package_dir / f"{name}.csv").read_text(encoding="utf-8"))))


def test_every_place_page_is_a_row_with_its_address(package_dir):
    places = _rows(package_dir, "places")
    assert {row["slug"] for row in places} == {entry.slug for entry in place_directory()}
    ward = next(row for row in places if row["slug"] == "brinnington-and-stockport-central")
    assert ward["kind"] == "ward"
    assert ward["path"] == "/places/brinnington-and-stockport-central/"
    assert "best fit" in ward["method"]


def test_each_ward_and_neighbourhood_is_made_of_small_areas_that_cover_the_place_once(package_dir):
    links = _rows(package_dir, "place-small-areas")
    kinds = {row["slug"]: row["kind"] for row in _rows(package_dir, "places")}
    for kind in ("ward", "neighbourhood"):
        lsoas = [row["lsoa_code"] for row in links if kinds[row["place"]] == kind]
        assert len(lsoas) == len(set(lsoas)) > 180  # each LSOA in exactly one ward and one neighbourhood


def test_postcodes_and_census_counts_are_all_there(package_dir):
    assert len(_rows(package_dir, "postcodes")) == Postcode.objects.count() > 5_000
    census = _rows(package_dir, "census-counts")
    assert len(census) == CensusCount.objects.count() > 10_000
    assert {row["universe"] for row in census} >= {"usual residents", "households"}


def test_the_areas_table_lists_the_councils_with_figures_not_every_council_in_england(package_dir, published_plan):
    areas = _rows(package_dir, "areas")
    codes = {row["code"] for row in areas}
    councils = {row["code"] for row in areas if row["level"] == "local-authority"}
    with_figures = set(
        Observation.objects.filter(indicator__plan=published_plan, is_current=True).values_list("area__code", flat=True)
    )
    known = set(Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY).values_list("code", flat=True))

    assert len(known) > 300  # the register knows every English council (places/england.py)
    assert councils <= known
    assert known & with_figures <= councils  # every council with a figure (the early-years data has most)
    assert len(councils) < len(known)  # but not the councils with none
    assert with_figures <= codes  # every area an observation names is listed
    assert {row["parent"] for row in areas if row["parent"]} <= codes
