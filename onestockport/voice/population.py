"""The place's population and wards, read from the official files shipped with the plan.

* Census 2021 usual residents by five-year age band (ONS TS007A via Trafford Data Lab):
  `census2021/tdl_2021_population_by_5_year_age_bands_la_gm.csv`, regrouped into the survey age
  bands of `demographics.AGE_BANDS`. The census band 15-19 straddles "under 16" and "16 to 24": it
  is split in the proportions of single years of age 15 and 16-19 in the council's mid-2016 estimate
  (the only single-year-of-age figures on hand), an approximation that moves a few hundred people.
* ONS mid-2016 ward population estimates (experimental), `population/tdl_gm_mid-2016_population_estimates_ward.csv`,
  for the wards of the ONS May 2022 lookup (vintage "2004"). Where a council's wards were redrawn in
  May 2023 no population estimate for the new wards is on hand: a current ward is compared with the
  earlier ward of the same name; the others are listed without one.
* Ward names and codes: the earlier wards from `lookups/gm_ward22_to_lad22_lookup.csv`, the May 2023
  wards from `boundaries/gm_ward_2023_generalised.geojson`.

Every function takes the council's GSS code (the plan's `place.code`); a file that is not in the
data folder raises FileNotFoundError, which pages turn into "figures not available".

Plain Python on files; no Django.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .demographics import AGE_BANDS

AGE_FILE = "census2021/tdl_2021_population_by_5_year_age_bands_la_gm.csv"
WARD_POPULATION_FILE = "population/tdl_gm_mid-2016_population_estimates_ward.csv"
WARDS_2004_FILE = "lookups/gm_ward22_to_lad22_lookup.csv"
WARDS_2023_FILE = "boundaries/gm_ward_2023_generalised.geojson"
AGE_SOURCE = "ONS, Census 2021 (TS007A), usual residents by age, via Trafford Data Lab"
WARD_SOURCE = "ONS, mid-2016 ward population estimates (experimental), via Trafford Data Lab"
_CENSUS_BAND = re.compile(r"Aged (\d+) (?:to (\d+) years|years and (under|over))")


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    vintage: str  # "2004" (wards of 2004 to May 2023) or "2023"


@dataclass(frozen=True)
class Population:
    counts: dict[str, float]  # by key (age band slug or ward name)
    source: str
    period: str


def ward_key(name: str) -> str:
    """Ward names compare ignoring case, punctuation and '&' against 'and'."""
    return re.sub(r"[^a-z0-9]+", " ", name.casefold().replace("&", " and ")).strip()


@functools.cache
def wards(raw_dir: Path, area_code: str) -> tuple[Ward, ...]:
    """The council's wards of both vintages, current (2023) wards first."""
    found: list[Ward] = []
    geojson = json.loads((raw_dir / WARDS_2023_FILE).read_text(encoding="utf-8"))
    for feature in geojson["features"]:
        properties = feature["properties"]
        if properties.get("local_authority_area_code") == area_code:
            found.append(Ward(properties["area_code"], properties["area_name"], "2023"))
    with (raw_dir / WARDS_2004_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["lad22cd"] == area_code:
                found.append(Ward(row["wd22cd"], row["wd22nm"], "2004"))
    return tuple(sorted(found, key=lambda ward: (ward.vintage != "2023", ward.name)))


def ward_index(known: Iterable[Ward]) -> dict[str, Ward]:
    """Each ward by its code and by its normalised name; the first of two wards with one name wins
    (give current wards first, so that a name used in both vintages means the current ward)."""
    index: dict[str, Ward] = {}
    for ward in known:
        index.setdefault(ward.code.casefold(), ward)
        index.setdefault(ward_key(ward.name), ward)
    return index


@functools.cache
def age_population(raw_dir: Path, area_code: str) -> Population:
    """Usual residents in each survey age band (Census 2021)."""
    by_band: dict[tuple[int, int | None], float] = {}
    with (raw_dir / AGE_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["area_code"] != area_code:
                continue
            match = _CENSUS_BAND.fullmatch(row["indicator"])
            if not match:
                raise ValueError(f"{AGE_FILE}: unexpected age band {row['indicator']!r}")
            low, high, open_end = match.groups()
            if open_end == "under":
                band = (0, int(low))
            elif open_end == "over":
                band = (int(low), None)
            else:
                band = (int(low), int(high))
            by_band[band] = float(row["value"])
    single_years = _single_years(raw_dir, area_code)
    counts = {band.slug: 0.0 for band in AGE_BANDS}
    for (low, high), count in by_band.items():
        ages = range(low, (high if high is not None else 120) + 1)
        weights = {age: single_years.get(age, 1.0) for age in ages}
        total_weight = sum(weights.values())
        for band in AGE_BANDS:
            share = (
                sum(weight for age, weight in weights.items() if band.youngest <= age <= (band.oldest or 200))
                / total_weight
            )
            counts[band.slug] += count * share
    return Population(counts=counts, source=AGE_SOURCE, period="Census day, 21 March 2021")


def _single_years(raw_dir: Path, area_code: str) -> dict[int, float]:
    with (raw_dir / WARD_POPULATION_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["area_code"] == area_code:
                return {int(age): float(value) for age, value in row.items() if age.isdigit()}
    return {}


@functools.cache
def ward_population(raw_dir: Path, area_code: str) -> Population:
    """Residents of each of the council's earlier (vintage "2004") wards, mid-2016, by ward name."""
    codes = {ward.code for ward in wards(raw_dir, area_code) if ward.vintage == "2004"}
    counts: dict[str, float] = {}
    with (raw_dir / WARD_POPULATION_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["area_code"] in codes:
                counts[row["area_name"]] = float(row["all_ages"])
    return Population(counts=counts, source=WARD_SOURCE, period="mid-2016")
