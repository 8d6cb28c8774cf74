"""load_areas stores the place's postcodes and search names; a malformed postcode row writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.places.models import Area, PlaceName, Postcode
from onestockport.places.services import load_areas

from .conftest import SHIPPED_DATA

pytestmark = pytest.mark.django_db

SK_FILE = "places/postcodes/codepoint_open_2025-10_sk.csv"


def test_every_shipped_postcode_of_the_place_is_stored_with_its_ward(loaded_areas):
    # 6,800 SK and 15 M postcodes (SOURCES.md of the shared places folder).
    assert Postcode.objects.count() == 6815
    assert not Postcode.objects.filter(ward__isnull=True).exists()
    postcode = Postcode.objects.get(postcode="SK1 1AL")
    assert (postcode.district, postcode.sector, postcode.ward.code) == ("SK1", "SK1 1", "E05015018")
    assert (postcode.easting, postcode.northing, postcode.positional_quality) == (389430, 390344, 10)
    assert loaded_areas.totals["postcode"] == 6815


def test_search_names_cover_wards_neighbourhoods_and_towns(loaded_areas):
    kinds = {kind: PlaceName.objects.filter(kind=kind).count() for kind in PlaceName.Kind.values}
    # 14 built-up areas less Stockport itself, Marple Bridge and Marpleridge (in no ward name).
    assert kinds == {"ward": 21, "neighbourhood": 42, "built-up-area": 11}
    bramhall = PlaceName.objects.get(name="Bramhall")
    assert bramhall.ward_codes.split() == ["E05015014", "E05015015"]


def test_loading_twice_changes_no_postcode_or_name(loaded_areas):
    again = load_areas(data_dir=SHIPPED_DATA)
    assert not again.changed
    assert again.unchanged["postcode"] == 6815


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (b'"SK1 1AP",10,389988', b'"SK1 1AP",10,38998X', "field EA (easting)"),
        (b'"SK1 1AP"', b'"NOT A PC"', "field PC (postcode)"),
        (b'"SK1 1AP",10,389988,390226,', b'"SK1 1AP",10,389988,', "9 fields, expected 10"),
    ],
)
def test_a_malformed_postcode_row_names_file_line_and_field_and_writes_nothing(tmp_path: Path, old, new, field):
    data = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, data)
    path = data / SK_FILE
    text = path.read_bytes()
    line = text[: text.index(old)].count(b"\n") + 1
    path.write_bytes(text.replace(old, new, 1))
    with pytest.raises(InvalidInputError) as caught:
        load_areas(data_dir=data)
    message = str(caught.value)
    assert f"{SK_FILE} (line {line}): {field}" in message
    assert not Area.objects.exists()
    assert not Postcode.objects.exists()
    assert not PlaceName.objects.exists()


def test_a_data_folder_without_postcode_files_loads_areas_and_says_search_has_no_postcodes(tmp_path: Path):
    data = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, data, ignore=shutil.ignore_patterns("places"))
    report = load_areas(data_dir=data)
    assert Area.objects.exists()
    assert not Postcode.objects.exists()
    assert any("postcode" in note for note in report.not_shipped)
