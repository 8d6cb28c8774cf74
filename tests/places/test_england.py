"""The register knows England, its regions and every English council and combined authority, current
and past, from the engine's lookup (onestockport/places/data/england_areas.csv); the plan's own files
still name the areas they carry."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.places.england import ENGLAND_AREAS, add_england, england_areas
from onestockport.places.records import Register
from onestockport.places.register import build_register
from onestockport.places.sources import Checker
from onestockport.plans.place import place_from_file

from .conftest import REPO_ROOT, SHIPPED_DATA

PLAN_PLACE = place_from_file(REPO_ROOT / "plans" / "one-stockport-2030" / "plan.yaml")
COUNCIL_PREFIXES = ("E06", "E07", "E08", "E09", "E10")
# The lookup's size as built from mySociety @ 67ef8b1 and ONS ELS @ 4972c58 (see its header).
COUNCIL_CODES = 373
CURRENT_COUNCIL_CODES = 319  # mySociety's 317 current councils and 2 newer ONS codes; 54 past codes
COMBINED_AUTHORITIES = 18
SCRIPT = REPO_ROOT / "scripts" / "build_england_areas.py"


def lookup_rows() -> list[dict[str, str]]:
    with ENGLAND_AREAS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@pytest.fixture(scope="module")
def register() -> Register:
    return build_register(SHIPPED_DATA, PLAN_PLACE.code, boundaries=PLAN_PLACE.boundaries)


def test_the_lookup_has_england_nine_regions_and_every_english_council():
    rows = lookup_rows()
    by_level: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_level.setdefault(row["level"], []).append(row)

    assert len(by_level["country"]) == 1
    assert len(by_level["region"]) == 9
    assert len(by_level["local-authority"]) == COUNCIL_CODES
    assert sum(row["current"] == "true" for row in by_level["local-authority"]) == CURRENT_COUNCIL_CODES
    assert len(by_level["combined-authority"]) == COMBINED_AUTHORITIES
    assert {row["code"][:3] for row in by_level["local-authority"]} == set(COUNCIL_PREFIXES)
    assert len({row["code"] for row in rows}) == len(rows)
    # Every council with a region names one of the nine.
    regions = {row["code"] for row in by_level["region"]}
    assert {row["region_code"] for row in rows if row["region_code"]} <= regions
    # Past codes are there, with what replaced them where the source says.
    past = [row for row in by_level["local-authority"] if row["current"] == "false"]
    assert len(past) == COUNCIL_CODES - CURRENT_COUNCIL_CODES
    assert all(row["successor"] in {r["code"] for r in rows} for row in past if row["successor"])


def test_the_register_knows_every_english_council_of_the_lookup(register):
    lookup = {row["code"]: row for row in lookup_rows()}
    councils = {code for code, area in register.areas.items() if area.level == "local-authority"}
    english = {code for code in councils if code.startswith(COUNCIL_PREFIXES)}

    assert len(english) == COUNCIL_CODES
    assert english == {code for code, row in lookup.items() if row["level"] == "local-authority"}
    assert set(lookup) <= set(register.areas)
    for code, row in lookup.items():
        assert register.areas[code].level == row["level"], code


def test_areas_the_plans_files_name_keep_their_names(register):
    lookup = {row["code"]: row for row in lookup_rows()}
    from_files = [
        area for area in register.areas.values() if area.code in lookup and "england_areas" not in area.source
    ]

    assert from_files  # England, the region, the combined authority and the boroughs
    assert register.areas[PLAN_PLACE.code].source.startswith("ons_explore_local_statistics/")
    added = [area for area in register.areas.values() if "england_areas" in area.source]
    assert len(added) + len(from_files) == len(lookup)
    assert all(area.name == lookup[area.code]["name"] for area in added)


def test_a_name_from_the_files_wins_and_adding_twice_adds_nothing():
    register = Register()
    code = next(row["code"] for row in lookup_rows() if row["level"] == "local-authority")
    register.define(Checker("plan-file.csv"), 2, code=code, name="Name in the plan's file", level="local-authority")

    added = add_england(register)
    again = add_england(register)

    assert added == len(lookup_rows()) - 1
    assert again == 0
    assert register.areas[code].name == "Name in the plan's file"
    assert not register.notes  # no "named differently" note for every council in England


def test_the_register_can_be_built_without_the_lookup():
    register = build_register(SHIPPED_DATA, PLAN_PLACE.code, boundaries=PLAN_PLACE.boundaries, england=False)
    assert not any("england_areas" in area.source for area in register.areas.values())


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("X0600001,Nowhere,local-authority,true", "(line 3): column 'code': 'X0600001'"),
        ("W06000001,Anglesey,local-authority,true", "'W06000001' is not the code of England"),
        ("E06000001,Hartlepool,region,true", "(line 3): column 'level': E06000001 is a local-authority"),
        ("E06000001,,local-authority,true", "column 'name': no name"),
    ],
)
def test_a_bad_lookup_row_is_named_by_line(tmp_path, row, expected):
    # Synthetic lookup files: one bad row after a comment line and the header.
    path = tmp_path / "england_areas.csv"
    path.write_text(f"# synthetic test file\ncode,name,level,current\n{row}\n", encoding="utf-8")
    with pytest.raises(InvalidInputError) as caught:
        england_areas(path)
    assert expected in str(caught.value)
    assert str(path) in str(caught.value)


def test_a_lookup_disagreeing_with_the_files_on_level_is_refused(tmp_path):
    path = tmp_path / "england_areas.csv"
    path.write_text("code,name,level,current\nE47000001,Somewhere,combined-authority,true\n", encoding="utf-8")
    register = Register()
    register.define(Checker("plan-file.csv"), 2, code="E47000001", name="Somewhere", level="local-authority")
    with pytest.raises(InvalidInputError) as caught:
        add_england(register, path)
    assert "combined-authority here but a local-authority in plan-file.csv" in str(caught.value)


def _script():
    spec = importlib.util.spec_from_file_location("build_england_areas", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_rebuilds_the_shipped_lookup_byte_for_byte(tmp_path):
    script = _script()
    if not (script.MYSOCIETY_MIRROR.is_dir() and script.ELS_FOLDER.is_dir()):
        pytest.skip("the mySociety mirror or the shared ONS files are not on this machine")
    try:
        subprocess.run(
            ["git", "--git-dir", str(script.MYSOCIETY_MIRROR), "cat-file", "-e", script.MYSOCIETY_COMMIT],
            check=True,
            capture_output=True,
        )
    except subprocess.CalledProcessError:
        pytest.skip("the mySociety mirror lacks the pinned commit")
    output = tmp_path / "england_areas.csv"
    assert script.main(["--output", str(output)]) == 0
    assert output.read_bytes() == Path(ENGLAND_AREAS).read_bytes()
