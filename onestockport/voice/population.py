"""The place's population and wards, read from the official files shipped with the plan.

* Census 2021 usual residents by five-year age band (ONS TS007A via Trafford Data Lab):
  `census2021/tdl_2021_population_by_5_year_age_bands_la_gm.csv`, regrouped into the survey age
  bands of `demographics.AGE_BANDS`. The census band 15-19 straddles "under 16" and "16 to 24": it
  is split in the proportions of single years of age 15 and 16-19 in the council's mid-2016 estimate
  (the only single-year-of-age figures on hand), an approximation that moves a few hundred people.
* ONS mid-2016 population estimates (experimental), `population/tdl_gm_mid-2016_population_estimates_ward.csv`:
  only the council's single years of age, for the split of the 15-19 band above. Ward populations
  are not taken from it (its wards are those of before May 2023): see current_wards.py.
* Ward names and codes: the earlier wards from `lookups/gm_ward22_to_lad22_lookup.csv`, the May 2023
  wards from `boundaries/gm_ward_2023_generalised.geojson`.
* Census 2021 sex (TS008), ethnic group (TS021), disability (TS038) and unpaid care (TS039) for the
  council, via Trafford Data Lab (`census2021/tdl_2021_*_la_gm.csv`). How each census category maps
  to the survey's answers (demographics.py), and each table's base:
  - sex: "Female" / "Male", all usual residents;
  - ethnic group: the 19 detailed groups summed to ONS's 5 high-level groups (the part of the label
    before the colon), the level the survey asks at; all usual residents;
  - disability: "Disabled under the Equality Act" (day-to-day activities limited a little or a lot)
    against the survey's "yes"; "Not disabled under the Equality Act" (including people with a
    long-term condition that does not limit them) against "no". All usual residents, children
    included; a survey's yes/no question may be worded differently, so this is an approximation;
  - unpaid care: "Provides unpaid care" of any hours against the survey's carer "yes", "Provides no
    unpaid care" against "no". Usual residents aged 5 and over (the census asks no one younger);
    every respondent who answered is compared with that base, on the assumption that none is under 5.
* Wards on current boundaries: see current_wards.py (Census 2021 usual residents of 2021 LSOAs,
  summed to the May 2023 wards by best fit).

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

from .demographics import AGE_BANDS, ETHNIC_GROUPS, PREFER_NOT_TO_SAY

AGE_FILE = "census2021/tdl_2021_population_by_5_year_age_bands_la_gm.csv"
WARD_POPULATION_FILE = "population/tdl_gm_mid-2016_population_estimates_ward.csv"
WARDS_2004_FILE = "lookups/gm_ward22_to_lad22_lookup.csv"
WARDS_2023_FILE = "boundaries/gm_ward_2023_generalised.geojson"
SEX_FILE = "census2021/tdl_2021_population_by_sex_la_gm.csv"
ETHNIC_GROUP_FILE = "census2021/tdl_2021_population_ethnic_group_la_gm.csv"
DISABILITY_FILE = "census2021/tdl_2021_disability_la_gm.csv"
UNPAID_CARE_FILE = "census2021/tdl_2021_unpaid_care_la_gm.csv"
CENSUS_PERIOD = "Census day, 21 March 2021"
AGE_SOURCE = "ONS, Census 2021 (TS007A), usual residents by age, via Trafford Data Lab"
SEX_SOURCE = "ONS, Census 2021 (TS008), usual residents by sex, via Trafford Data Lab"
ETHNIC_GROUP_SOURCE = "ONS, Census 2021 (TS021), usual residents by ethnic group, via Trafford Data Lab"
DISABILITY_SOURCE = "ONS, Census 2021 (TS038), usual residents by disability, via Trafford Data Lab"
UNPAID_CARE_SOURCE = "ONS, Census 2021 (TS039), usual residents aged 5 and over by unpaid care, via Trafford Data Lab"
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
    base: str = "usual residents"  # who the census table counts


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
    return Population(counts=counts, source=AGE_SOURCE, period=CENSUS_PERIOD)


def _single_years(raw_dir: Path, area_code: str) -> dict[int, float]:
    with (raw_dir / WARD_POPULATION_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["area_code"] == area_code:
                return {int(age): float(value) for age, value in row.items() if age.isdigit()}
    return {}


# ---------------------------------------------------------------------------------------------- other characteristics


def _categories(raw_dir: Path, relative: str, column: str, area_code: str) -> dict[str, float]:
    """The council's count in each category of a Trafford Data Lab census file (long format)."""
    found: dict[str, float] = {}
    with (raw_dir / relative).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if column not in (reader.fieldnames or []) or "value" not in (reader.fieldnames or []):
            raise ValueError(f"{relative}: expected the columns {column!r} and 'value'")
        for line, row in enumerate(reader, start=2):
            if row["area_code"] != area_code:
                continue
            try:
                found[row[column]] = float(row["value"])
            except ValueError:
                raise ValueError(f"{relative}, row {line}, column 'value': not a number: {row['value']!r}") from None
    return found


def _grouped(found: dict[str, float], rule: dict[str, str], relative: str) -> dict[str, float]:
    """Sum categories into survey answers: `rule` maps a category's prefix to the answer's key.
    A category no prefix matches is an error (a changed file must not be silently half-counted)."""
    counts = dict.fromkeys(rule.values(), 0.0)
    for category, value in found.items():
        key = next((key for prefix, key in rule.items() if category.startswith(prefix)), None)
        if key is None:
            raise ValueError(f"{relative}: unexpected category {category!r}")
        counts[key] += value
    return counts


@functools.cache
def sex_population(raw_dir: Path, area_code: str) -> Population:
    found = _categories(raw_dir, SEX_FILE, "indicator", area_code)
    found.pop("All persons", None)
    counts = _grouped(found, {"Female": "female", "Male": "male"}, SEX_FILE)
    return Population(counts=counts, source=SEX_SOURCE, period=CENSUS_PERIOD)


@functools.cache
def ethnic_group_population(raw_dir: Path, area_code: str) -> Population:
    found = _categories(raw_dir, ETHNIC_GROUP_FILE, "ethnic_group", area_code)
    # "White: Irish" -> "White": the survey asks at ONS's five high-level groups.
    rule = {f"{label}:": key for key, label in ETHNIC_GROUPS if key != PREFER_NOT_TO_SAY}
    counts = _grouped(found, rule, ETHNIC_GROUP_FILE)
    return Population(counts=counts, source=ETHNIC_GROUP_SOURCE, period=CENSUS_PERIOD)


@functools.cache
def disability_population(raw_dir: Path, area_code: str) -> Population:
    found = _categories(raw_dir, DISABILITY_FILE, "disability_category", area_code)
    rule = {"Disabled under the Equality Act": "yes", "Not disabled under the Equality Act": "no"}
    counts = _grouped(found, rule, DISABILITY_FILE)
    return Population(counts=counts, source=DISABILITY_SOURCE, period=CENSUS_PERIOD)


@functools.cache
def carer_population(raw_dir: Path, area_code: str) -> Population:
    found = _categories(raw_dir, UNPAID_CARE_FILE, "unpaid_care", area_code)
    # "Provides no unpaid care" first: "Provides" alone would also match it.
    rule = {"Provides no unpaid care": "no", "Provides ": "yes"}
    counts = _grouped(found, rule, UNPAID_CARE_FILE)
    return Population(
        counts=counts, source=UNPAID_CARE_SOURCE, period=CENSUS_PERIOD, base="usual residents aged 5 and over"
    )
