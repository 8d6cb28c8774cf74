"""Residents of the place's wards on current (May 2023) boundaries, and which earlier wards map to one.

No official population estimate for the May 2023 wards is shipped, so one is built from Census 2021:
usual residents (TS001) of each 2021 LSOA, from the plan's derived census counts
(`derived/places/census2021/census2021_lsoa.csv`, written by scripts/convert_census.py), summed over
the LSOAs whose representative point lies in the ward (`boundaries/gm_lsoa_2021_generalised.geojson`
in `boundaries/gm_ward_2023_generalised.geojson`). That is a best fit, the same one the place pages
use: an LSOA counts wholly in one ward, so a ward's figure can be off by the part of an LSOA that
straddles its edge.

An earlier ward (2004 to May 2023) maps to a current ward only when every one of its LSOAs (by the
ONS best-fit lookup `lookups/gm_lsoa21_to_ward22_best-fit_lookup.csv`) lies in that one current
ward; otherwise a respondent placed in it is counted as "ward not on current boundaries".

Plain Python on files; no Django.
"""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path

from onestockport.places import geometry

from .population import CENSUS_PERIOD, WARDS_2023_FILE, Population

LSOA_BOUNDARIES_FILE = "boundaries/gm_lsoa_2021_generalised.geojson"
LSOA_TO_PREVIOUS_WARD_FILE = "lookups/gm_lsoa21_to_ward22_best-fit_lookup.csv"
CENSUS_COUNTS_FILE = "places/census2021/census2021_lsoa.csv"  # under the plan's derived/ folder
SOURCE = (
    "ONS, Census 2021 (TS001), usual residents of 2021 LSOAs summed to the May 2023 wards by best fit "
    "(each LSOA counted in the ward that holds its centre)"
)


def _features(path: Path) -> list[dict]:
    return list(json.loads(path.read_text(encoding="utf-8"))["features"])


@functools.cache
def current_ward_names(raw_dir: Path, area_code: str) -> dict[str, str]:
    """The council's May 2023 wards: code -> name."""
    return {
        feature["properties"]["area_code"]: feature["properties"]["area_name"]
        for feature in _features(raw_dir / WARDS_2023_FILE)
        if feature["properties"].get("local_authority_area_code") == area_code
    }


@functools.cache
def previous_ward_lsoas(raw_dir: Path, area_code: str) -> dict[str, str]:
    """The council's 2021 LSOAs: LSOA code -> the earlier (2004-2023) ward the ONS best fit puts it in."""
    with (raw_dir / LSOA_TO_PREVIOUS_WARD_FILE).open(encoding="utf-8-sig", newline="") as handle:
        return {row["lsoa21cd"]: row["wd22cd"] for row in csv.DictReader(handle) if row["lad22cd"] == area_code}


@functools.cache
def lsoa_current_wards(raw_dir: Path, area_code: str) -> dict[str, str]:
    """The council's 2021 LSOAs: LSOA code -> the May 2023 ward holding its representative point."""
    wards = {
        feature["properties"]["area_code"]: feature["geometry"]
        for feature in _features(raw_dir / WARDS_2023_FILE)
        if feature["properties"].get("local_authority_area_code") == area_code
    }
    if not wards:
        return {}
    locator = geometry.Locator(wards)
    wanted = previous_ward_lsoas(raw_dir, area_code)
    found: dict[str, str] = {}
    for feature in _features(raw_dir / LSOA_BOUNDARIES_FILE):
        code = feature["properties"]["area_code"]
        if code in wanted:
            found[code], _ = locator.find(geometry.representative_point(feature["geometry"]))
    return found


def _usual_residents(raw_dir: Path) -> dict[str, float]:
    path = raw_dir.parent / "derived" / CENSUS_COUNTS_FILE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["area_code"]: float(row["count"])
            for row in csv.DictReader(handle)
            if row["table"] == "TS001" and row["category"] == "Total"
        }


@functools.cache
def current_ward_population(raw_dir: Path, area_code: str) -> Population:
    """Usual residents of each May 2023 ward (by name), Census 2021, by LSOA best fit."""
    names = current_ward_names(raw_dir, area_code)
    residents = _usual_residents(raw_dir)
    counts = dict.fromkeys(names.values(), 0.0)
    for lsoa, ward in lsoa_current_wards(raw_dir, area_code).items():
        if lsoa not in residents:
            raise ValueError(f"{CENSUS_COUNTS_FILE}: no TS001 total for LSOA {lsoa}")
        counts[names[ward]] += residents[lsoa]
    return Population(counts=counts, source=SOURCE, period=CENSUS_PERIOD)


@functools.cache
def previous_to_current(raw_dir: Path, area_code: str) -> dict[str, str]:
    """Earlier ward code -> current ward code, for the earlier wards lying wholly in one current ward."""
    current = lsoa_current_wards(raw_dir, area_code)
    spread: dict[str, set[str]] = {}
    for lsoa, previous in previous_ward_lsoas(raw_dir, area_code).items():
        if lsoa in current:
            spread.setdefault(previous, set()).add(current[lsoa])
    return {previous: next(iter(wards)) for previous, wards in spread.items() if len(wards) == 1}
