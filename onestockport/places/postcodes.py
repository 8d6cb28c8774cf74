"""Postcodes and place names for place search, read from the raw data files (no database here).

Postcodes come from OS Code-Point Open (`places/postcodes/codepoint_open_*.csv`: no header line,
British National Grid eastings and northings, the admin district and ward of each live postcode).
Names come from the ONS lists of wards and built-up areas and the House of Commons Library MSOA
names. Only the rows of the place (its local authority code) are kept, so a full copy of the
shared raw folder and a plan's cut-down folder give the same result.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from onestockport.errors import InvalidInputError, Problem

POSTCODE_FILES = "places/postcodes/codepoint_open_*.csv"
CODEPOINT_COLUMNS = ("PC", "PQ", "EA", "NO", "CY", "RH", "LH", "CC", "DC", "WC")
WARD_NAMES = "places/names/ons_geo-scripts_cp_places.csv"
MSOA_NAMES = "places/names/MSOA-Names-1.14.csv"
MSOA_LOOKUP = "places/lookups/tdl_gm_oa21_lsoa21_msoa21_lad22_statistical_lookup.csv"

# Outward code (area letters, district digit(s), optional letter) and inward code (digit, two letters).
_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_FULL = re.compile(rf"^({_OUTWARD})([0-9][A-Z]{{2}})$")
_DISTRICT = re.compile(rf"^{_OUTWARD}$")
_SECTOR = re.compile(rf"^({_OUTWARD}) ?([0-9])$")
_GSS = re.compile(r"^[EWSNK][0-9]{8}$")


def normalise_postcode(text: str) -> str | None:
    """A full postcode in standard form ("sk1  3xe" -> "SK1 3XE"), or None if `text` is not one."""
    compact = re.sub(r"\s+", "", text).upper()
    match = _FULL.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def partial_postcodes(text: str) -> list[tuple[str, str]]:
    """The readings of a partial postcode, most likely first: ("district", "SK13") and/or
    ("sector", "SK1 3"). "SK13" can be either; "SK1 3" (with a space) only a sector."""
    spaced = re.sub(r"\s+", " ", text.strip().upper())
    compact = spaced.replace(" ", "")
    readings: list[tuple[str, str]] = []
    if " " not in spaced and _DISTRICT.match(compact):
        readings.append(("district", compact))
    # The sector reading: the last digit is the inward digit; what precedes it must be an outward code.
    sector_like = len(compact) >= 3 and compact[-1].isdigit() and _DISTRICT.match(compact[:-1])
    if sector_like and (" " not in spaced or spaced.endswith(" " + compact[-1])):
        readings.append(("sector", f"{compact[:-1]} {compact[-1]}"))
    return readings


def outward_code(postcode: str) -> str:
    return postcode.split(" ")[0]


def sector_code(postcode: str) -> str:
    outward, inward = postcode.split(" ")
    return f"{outward} {inward[0]}"


@dataclass(frozen=True)
class PostcodeRecord:
    postcode: str  # normalised, "SK1 3XE"
    ward_code: str
    local_authority_code: str
    easting: int
    northing: int
    positional_quality: int
    source: str  # the file it came from, relative to the raw folder


@dataclass(frozen=True)
class NameRecord:
    code: str
    name: str
    kind: str  # "ward", "neighbourhood" or "built-up-area" (PlaceName.Kind values)
    ward_codes: tuple[str, ...]
    source: str


def read_postcodes(raw: Path, place_code: str) -> list[PostcodeRecord]:
    """The place's postcodes from every Code-Point Open area file under `raw`.

    Raises InvalidInputError naming the file, line and field of the first malformed row of each file.
    """
    records: dict[str, PostcodeRecord] = {}
    for path in sorted(raw.glob(POSTCODE_FILES)):
        if path.name.endswith("_Column_Headers.csv"):
            continue
        relative = path.relative_to(raw).as_posix()
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, cells in enumerate(csv.reader(handle), start=1):
                record = _postcode_row(cells, relative, line)
                if record.local_authority_code == place_code:
                    records[record.postcode] = record
    return sorted(records.values(), key=lambda record: record.postcode)


def _postcode_row(cells: list[str], relative: str, line: int) -> PostcodeRecord:
    def fail(message: str) -> InvalidInputError:
        return InvalidInputError(relative, [Problem(relative, message, line)])

    if len(cells) != len(CODEPOINT_COLUMNS):
        raise fail(f"{len(cells)} fields, expected {len(CODEPOINT_COLUMNS)} ({', '.join(CODEPOINT_COLUMNS)})")
    row = dict(zip(CODEPOINT_COLUMNS, cells, strict=True))
    postcode = normalise_postcode(row["PC"])
    if postcode is None:
        raise fail(f"field PC (postcode): {row['PC']!r} is not a postcode")
    numbers: dict[str, int] = {}
    for field_name, label in (("PQ", "positional quality"), ("EA", "easting"), ("NO", "northing")):
        try:
            numbers[field_name] = int(row[field_name])
        except ValueError:
            raise fail(f"field {field_name} ({label}): {row[field_name]!r} is not a whole number") from None
    for field_name, label in (("DC", "admin district code"), ("WC", "admin ward code")):
        # Scotland and some Welsh rows leave these blank; only a present but malformed code is an error.
        if row[field_name] and not _GSS.match(row[field_name]):
            raise fail(f"field {field_name} ({label}): {row[field_name]!r} is not a GSS code")
    return PostcodeRecord(
        postcode=postcode,
        ward_code=row["WC"],
        local_authority_code=row["DC"],
        easting=numbers["EA"],
        northing=numbers["NO"],
        positional_quality=numbers["PQ"],
        source=relative,
    )


def _rows(raw: Path, relative: str) -> list[dict[str, str]]:
    with (raw / relative).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def match_key(name: str) -> str:
    """A name reduced for matching: lower case, "&" read as "and", apostrophes and brackets dropped."""
    text = re.sub(r"\([^)]*\)", " ", name.lower())
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def read_place_names(raw: Path, place_code: str, place_name: str) -> list[NameRecord]:
    """Ward, neighbourhood and built-up-area names of the place; files that are absent give none."""
    names: list[NameRecord] = []
    wards: dict[str, str] = {}
    if (raw / WARD_NAMES).is_file():
        rows = _rows(raw, WARD_NAMES)
        wards = {row["areacd"]: row["areanm"] for row in rows if row.get("parentcd") == place_code}
        names += [NameRecord(code, name, "ward", (code,), WARD_NAMES) for code, name in wards.items()]
        names += _built_up_areas(rows, wards, place_name)
    if (raw / MSOA_NAMES).is_file() and (raw / MSOA_LOOKUP).is_file():
        msoas = {row["msoa21cd"] for row in _rows(raw, MSOA_LOOKUP) if row["lad22cd"] == place_code}
        names += [
            NameRecord(row["msoa11cd"], row["msoa11hclnm"], "neighbourhood", (), MSOA_NAMES)
            for row in _rows(raw, MSOA_NAMES)
            if row["msoa11cd"] in msoas and row["msoa11hclnm"]
        ]
    return sorted(names, key=lambda record: record.code)


def _built_up_areas(rows: list[dict[str, str]], wards: dict[str, str], place_name: str) -> list[NameRecord]:
    """Built-up areas (E63) whose name is part of a ward's name: "Bramhall" leads to Bramhall North and
    Bramhall South & Woodford. The list gives BUAs no parent, so this is also what ties one to the place;
    a BUA named after the place itself, or bracketed with another place's name, is left out."""
    place_key = match_key(place_name)
    ward_keys = {code: f" {match_key(name)} " for code, name in wards.items()}
    found = []
    for row in rows:
        code, name = row["areacd"], row["areanm"]
        bracket = re.search(r"\(([^)]*)\)", name)
        key = match_key(name)
        if not code.startswith("E63") or not key or key == place_key:
            continue
        if bracket and match_key(bracket.group(1)) != place_key:
            continue
        led_to = tuple(sorted(ward for ward, ward_key in ward_keys.items() if f" {key} " in ward_key))
        if led_to:
            found.append(NameRecord(code, name, "built-up-area", led_to, WARD_NAMES))
    return found
