"""build_register for any council: the plan's place code picks the wards and LSOAs, and files cut to
one council that are not shipped for the place are skipped with a note rather than failing."""

from __future__ import annotations

import csv
import shutil

import pytest

from onestockport.places.register import build_register
from onestockport.plans.place import place_from_file

from .conftest import REPO_ROOT, SHIPPED_DATA

WARD = "ward"
LSOA = "lsoa"
# The shipped plan's place; its data folder also carries the ward lookup rows of its neighbours.
PLAN_PLACE = place_from_file(REPO_ROOT / "plans" / "one-stockport-2030" / "plan.yaml")
LOOKUP = SHIPPED_DATA / "lookups" / "gm_ward22_to_lad22_lookup.csv"


def _neighbour() -> str:
    """A council in the shipped ward lookup other than the plan's, with no files of its own."""
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        codes = sorted({row["lad22cd"] for row in csv.DictReader(handle)} - {PLAN_PLACE.code})
    return codes[0]


@pytest.fixture(scope="module")
def neighbour_register():
    code = _neighbour()
    return code, build_register(SHIPPED_DATA, code, boundaries=PLAN_PLACE.boundaries)


def test_the_place_code_picks_the_councils_wards(neighbour_register):
    code, register = neighbour_register
    wards = [area for area in register.areas.values() if area.level == WARD and area.parent == code]

    assert wards
    assert {area.vintage for area in wards} == {"2004"}
    assert not any(area.level == WARD and area.parent == PLAN_PLACE.code for area in register.areas.values())


def test_boundaries_not_shipped_for_the_place_are_skipped_with_a_note(neighbour_register):
    code, register = neighbour_register
    ward_codes = set(register.codes(WARD, parent=code))

    assert not [record for record in register.boundaries if record.code in ward_codes]
    assert any(f"wards2013_{code}.geojson" in note and "not shipped" in note for note in register.not_shipped)


def test_a_deprivation_file_cut_to_another_place_is_skipped_not_an_error(neighbour_register):
    code, register = neighbour_register
    ward_codes = set(register.codes(WARD, parent=code))

    assert not [record for record in register.deprivation if record.code in ward_codes]
    assert any("humaniverse_imd2019_england_ward.csv" in note for note in register.not_shipped)


def test_the_plans_place_has_nothing_missing():
    register = build_register(SHIPPED_DATA, PLAN_PLACE.code, boundaries=PLAN_PLACE.boundaries)

    assert register.not_shipped == []
    assert register.codes(WARD, "2023", PLAN_PLACE.code)
    assert register.codes(WARD, "2004", PLAN_PLACE.code)


def test_a_missing_ward_boundary_file_leaves_the_wards_without_a_map(tmp_path):
    data = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, data)
    relative = f"boundaries/wards2013_{PLAN_PLACE.code}.geojson"
    (data / relative).unlink()

    register = build_register(data, PLAN_PLACE.code, boundaries=PLAN_PLACE.boundaries)

    assert register.codes(WARD, "2004", PLAN_PLACE.code)
    assert not [record for record in register.boundaries if record.vintage == "2004"]
    assert [note for note in register.not_shipped if note.startswith(relative)]


def test_no_previous_wards_hangs_the_lsoas_from_the_council():
    boundaries = {**PLAN_PLACE.boundaries, "previous_wards": None}

    register = build_register(SHIPPED_DATA, PLAN_PLACE.code, boundaries=boundaries)

    assert not register.codes(WARD, "2004", PLAN_PLACE.code)
    lsoas = [register.areas[code] for code in register.codes(LSOA, "2021")]
    assert lsoas
    assert {area.parent for area in lsoas} == {PLAN_PLACE.code}


def test_a_place_outside_the_data_builds_no_wards():
    unknown = "E06000999"

    register = build_register(SHIPPED_DATA, unknown, boundaries=None)

    assert not register.codes(WARD, parent=unknown)
    assert any(note.startswith(unknown) for note in register.not_shipped)


def test_no_place_code_builds_no_wards_or_lsoas_of_a_council():
    register = build_register(SHIPPED_DATA, None)

    # Wards and LSOAs that other files name are registered, but belong to no council.
    assert not [area for area in register.areas.values() if area.level in (WARD, LSOA) and area.parent]
