"""Neighbourhoods (MSOA 2021) in the area register: loaded from the shipped OA-LSOA-MSOA lookup."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.places.models import Area, BestFit, PlaceName
from onestockport.places.postcodes import MSOA_LOOKUP
from onestockport.places.selectors import lsoas_of, neighbourhood_lsoas, neighbourhoods
from onestockport.places.services import load_areas

from .conftest import SHIPPED_DATA

pytestmark = pytest.mark.django_db

STOCKPORT = "E08000007"


def test_msoas_are_registered_with_ons_names_vintage_and_council_parent(loaded_areas):
    msoas = neighbourhoods(STOCKPORT)
    assert len(msoas) == 42  # Stockport's MSOAs of 2021
    first = Area.objects.get(code="E02001191")
    assert (first.name, first.level, first.vintage, first.parent.code) == ("Stockport 005", "msoa", "2021", STOCKPORT)
    assert all(area.parent.code == STOCKPORT for area in msoas)


def test_every_lsoa21_of_the_place_is_in_exactly_one_msoa(loaded_areas):
    council = Area.objects.get(code=STOCKPORT)
    lsoas = set(lsoas_of(council, vintage="2021").values_list("code", flat=True))
    nested = [code for msoa in neighbourhoods(STOCKPORT) for code in neighbourhood_lsoas(msoa.code)]
    assert len(nested) == len(set(nested)) == len(lsoas)
    assert set(nested) == lsoas
    assert "E01005745" in neighbourhood_lsoas("E02001191")  # first row of the shipped lookup
    assert set(BestFit.objects.filter(container__level="msoa").values_list("method", flat=True)) == {"lookup"}


def test_every_msoa_has_a_friendly_name(loaded_areas):
    codes = {area.code for area in neighbourhoods(STOCKPORT)}
    friendly = set(PlaceName.objects.filter(kind="neighbourhood").values_list("code", flat=True))
    assert codes == friendly


def test_ward_best_fits_are_unchanged_by_the_msoa_links(loaded_areas):
    ward_links = BestFit.objects.filter(area_vintage="2021", container__level="ward", container__vintage="2023")
    assert ward_links.count() == len(set(ward_links.values_list("area__code", flat=True)))


def test_loading_twice_changes_nothing(loaded_areas):
    assert not load_areas(data_dir=SHIPPED_DATA).changed


def test_unknown_msoa_has_no_lsoas(loaded_areas):
    assert neighbourhood_lsoas("E02999999") == []


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, target)
    return target


def test_an_lsoa_in_two_msoas_is_an_error_naming_file_and_line(db, data_copy):
    path = data_copy / MSOA_LOOKUP
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",")
    other = next(line for line in lines[2:] if line.split(",")[3] != first[3]).split(",")
    moved = ",".join(["E00999999", first[1], first[2], other[3], other[4], *first[5:]])
    path.write_text("".join([*lines, moved]), encoding="utf-8")
    with pytest.raises(InvalidInputError) as raised:
        load_areas(data_dir=data_copy)
    message = str(raised.value)
    assert MSOA_LOOKUP in message
    assert f"line {len(lines) + 1}" in message or f":{len(lines) + 1}" in message
    assert Area.objects.filter(level="msoa").count() == 0


def test_without_the_lookup_there_are_no_neighbourhoods_and_the_report_says_so(db, data_copy):
    (data_copy / MSOA_LOOKUP).unlink()
    report = load_areas(data_dir=data_copy)
    assert Area.objects.filter(level="msoa").count() == 0
    assert any(MSOA_LOOKUP in note for note in report.not_shipped)
