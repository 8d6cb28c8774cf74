"""Build the area register from the raw data files: areas, boundaries, best fits and deprivation.

Pure Python over files (no database): `build_register(data_dir, place_code)` returns plain records
that `services.load_areas` writes. It reads a plan's shipped folder (plans/<slug>/data/raw) or a
full copy of the shared raw folder alike, because the shipped files are the originals cut down to
whole rows.

Which areas:

* every area in the ONS Explore Local Statistics files (level from the `geography` column; ITL
  areas skipped);
* every area in the Trafford Data Lab style files with `area_code`/`area_name` columns (level
  from the code's prefix; codes of other kinds, e.g. Welsh or Scottish councils, skipped);
* the place's wards (the council whose GSS code the plan gives): the May 2023 wards (vintage
  "2023") and the wards of the ONS May 2022 lookup (vintage "2004", for councils reviewed in 2023
  the wards in force 2004-May 2023), parent the council;
* the place's LSOAs: 2021 LSOAs (vintage "2021", parent the 2004 ward the ONS best-fit lookup puts
  them in) and 2011 LSOAs (vintage "2011", the IoD2019 geography). A code in both is one area,
  vintage "2011 2021";
* last, England, its regions and every English council and combined authority, current and past,
  from the engine's lookup (england.py), for those the files above do not name.

The plan's `place.boundaries` says which vintages to build. Some boundary files are cut to one
council and named by its code (`wards2013_<code>.geojson`); where the place's file is not in the
folder, those boundaries are skipped with a note in `Register.not_shipped`, and pages go without.

The names of areas come from the first source that names them, in the order above (ONS first).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from onestockport.errors import InvalidInputError, Problem

from . import geometry
from .deprivation_files import IOD2019_FILE_1, add_deprivation
from .england import add_england
from .models import Area, BestFit
from .records import LSOA_2011, LSOA_2021, WARDS_2004, WARDS_2023, BestFitRecord, BoundaryRecord, Register
from .sources import GSS_CODE, Checker, CsvFile, Feature, read_features

__all__ = ["Register", "build_register", "raw_folder"]

logger = logging.getLogger(__name__)

ELS_FOLDER = "ons_explore_local_statistics"
LA_BOUNDARIES = "boundaries/gm_local_authority_2023_generalised.geojson"
WARD_BOUNDARIES_2023 = "boundaries/gm_ward_2023_generalised.geojson"
WARD_LOOKUP_2004 = "lookups/gm_ward22_to_lad22_lookup.csv"
LSOA21_LOOKUP = "lookups/gm_lsoa21_to_ward22_best-fit_lookup.csv"
LSOA21_BOUNDARIES = "boundaries/gm_lsoa_2021_generalised.geojson"
LSOA11_LOOKUP = "lookups/gm_lsoa11_to_ward17_best-fit_lookup.csv"
# Files cut to one council, named by its GSS code: `{place}` is the place's code.
WARD_BOUNDARIES_2004_FOR = "boundaries/wards2013_{place}.geojson"
LSOA11_BOUNDARIES_FOR = "boundaries/lsoa2011_{place}.geojson"
NOT_SHIPPED = "boundaries not shipped for this place"

L = Area.Level
ELS_LEVELS = {
    "Country": L.COUNTRY,
    "Nation": L.COUNTRY,
    "Region": L.REGION,
    "Combined Authority or City Region": L.COMBINED_AUTHORITY,
    "Local Authority District": L.LOCAL_AUTHORITY,
    "County or Unitary Authority": L.LOCAL_AUTHORITY,
}
ELS_SKIPPED = re.compile(r"^ITL Level \d$")
PREFIX_LEVELS = {
    "E92": L.COUNTRY,
    "E12": L.REGION,
    "E47": L.COMBINED_AUTHORITY,
    "E06": L.LOCAL_AUTHORITY,
    "E07": L.LOCAL_AUTHORITY,
    "E08": L.LOCAL_AUTHORITY,
    "E09": L.LOCAL_AUTHORITY,
    "E10": L.LOCAL_AUTHORITY,
    "E05": L.WARD,
    "E01": L.LSOA,
    "E02": L.MSOA,
}


@dataclass(frozen=True)
class Scope:
    """The place whose wards and LSOAs to build, and which of its boundary vintages."""

    code: str
    wards: bool = True  # the May 2023 wards
    previous_wards: bool = True  # the wards of the May 2022 lookup
    lsoas: bool = True  # the 2021 LSOAs

    @classmethod
    def of(cls, code: str, boundaries: Mapping[str, str | None] | None) -> Scope:
        """From the plan's `place.boundaries` (a vintage, or None for none); a missing key means wanted."""
        given = dict(boundaries or {})
        return cls(
            code,
            wards=given.get("wards", WARDS_2023) is not None,
            previous_wards=given.get("previous_wards", WARDS_2004) is not None,
            lsoas=given.get("lsoas", LSOA_2021) is not None,
        )


def raw_folder(data_dir: Path) -> Path:
    """The raw files' folder: data_dir itself, or its `raw/` when data_dir is a plan's data folder
    (the one holding manifest.yaml, SOURCES.md and raw/)."""
    if (data_dir / "manifest.yaml").is_file() and (data_dir / "raw").is_dir():
        return data_dir / "raw"
    return data_dir


def build_register(
    data_dir: Path,
    place_code: str | None,
    *,
    boundaries: Mapping[str, str | None] | None = None,
    england: bool = True,
) -> Register:
    """Read every source under data_dir for the place with GSS code `place_code` (None: no wards or
    LSOAs); `boundaries` is the plan's `place.boundaries`; `england` adds every English council,
    region and combined authority from the engine's lookup (england.py). Raise InvalidInputError for
    the first file with bad input."""
    data_dir = raw_folder(data_dir)
    if not data_dir.is_dir():
        raise InvalidInputError(str(data_dir), [Problem(str(data_dir), "no such data folder")])
    if not any((data_dir / ELS_FOLDER).glob("*.csv")):
        raise InvalidInputError(
            str(data_dir),
            [Problem(str(data_dir), f"no {ELS_FOLDER}/*.csv files here; is this the raw data folder?")],
        )
    register = Register()
    _els_areas(register, data_dir)
    _local_authority_boundaries(register, data_dir)
    if place_code and place_code not in register.areas:
        register.not_shipped.append(f"{place_code}: not an area in the data's files; no wards or LSOAs built")
    elif place_code:
        scope = Scope.of(place_code, boundaries)
        _wards(register, data_dir, scope)
        if scope.lsoas:
            _lsoas_2021(register, data_dir, scope)
        _lsoas_2011(register, data_dir, scope)
    _tidy_file_areas(register, data_dir)
    add_deprivation(register, data_dir, place_code)
    # Last, so the plan's files name the areas they carry; after deprivation, which is read for the
    # councils those files carry, not for every council in England.
    if england:
        add_england(register)
    for note in register.notes:
        logger.info("%s", note)
    for note in register.not_shipped:
        logger.info("not shipped for this place: %s", note)
    return register


# --- Areas --------------------------------------------------------------------------------------


def _els_areas(register: Register, data_dir: Path) -> None:
    for path in sorted((data_dir / ELS_FOLDER).glob("*.csv")):
        table = CsvFile(data_dir, _relative(path, data_dir), required=["areacd", "areanm", "geography"])
        for row in table:
            geography = row["geography"]
            if ELS_SKIPPED.match(geography):
                continue
            level = ELS_LEVELS.get(geography)
            if level is None:
                table.check.problem(
                    f"column 'geography': unknown area type {geography!r}; expected one of "
                    f"{sorted(ELS_LEVELS)} or an ITL level",
                    row.line,
                )
                continue
            code, name = table.code(row, "areacd"), table.text(row, "areanm")
            if code and name:
                register.define(table.check, row.line, code=code, name=name, level=level)
        table.check.done()


def _local_authority_boundaries(register: Register, data_dir: Path) -> None:
    check = Checker(LA_BOUNDARIES)
    for feature in read_features(data_dir, LA_BOUNDARIES, required=["area_code", "area_name"]):
        code = _feature_code(check, feature, "area_code")
        if code is None:
            continue
        if PREFIX_LEVELS.get(code[:3]) != L.LOCAL_AUTHORITY:
            check.problem(f"property 'area_code': {code} is not a local authority code", feature.line)
            continue
        register.define(
            check, feature.line, code=code, name=str(feature.properties["area_name"]), level=L.LOCAL_AUTHORITY
        )
        register.boundaries.append(BoundaryRecord(code, "2023", feature.geometry, LA_BOUNDARIES))
    check.done()


def _wards(register: Register, data_dir: Path, scope: Scope) -> None:
    place = scope.code
    if scope.wards:
        # May 2023 wards: boundaries carry the codes, names and their local authority.
        check = Checker(WARD_BOUNDARIES_2023)
        features = read_features(
            data_dir, WARD_BOUNDARIES_2023, required=["area_code", "area_name", "local_authority_area_code"]
        )
        for feature in features:
            if feature.properties["local_authority_area_code"] != place:
                continue
            code = _feature_code(check, feature, "area_code", prefix="E05")
            if code:
                name = str(feature.properties["area_name"])
                register.define(
                    check, feature.line, code=code, name=name, level=L.WARD, vintage=WARDS_2023, parent=place
                )
                register.boundaries.append(BoundaryRecord(code, WARDS_2023, feature.geometry, WARD_BOUNDARIES_2023))
        check.done()
        if not register.codes(L.WARD, WARDS_2023, place):
            register.not_shipped.append(f"{WARD_BOUNDARIES_2023}: no May 2023 wards of {place}")
    if not scope.previous_wards:
        return

    # Earlier wards: the ONS ward-to-LAD lookup (May 2022) names them; the 2013 boundaries draw them.
    table = CsvFile(data_dir, WARD_LOOKUP_2004, required=["wd22cd", "wd22nm", "lad22cd"])
    for row in table:
        if row["lad22cd"] != place:
            continue
        code, name = table.code(row, "wd22cd"), table.text(row, "wd22nm")
        if code and name:
            register.define(table.check, row.line, code=code, name=name, level=L.WARD, vintage=WARDS_2004, parent=place)
    table.check.done()
    relative = WARD_BOUNDARIES_2004_FOR.format(place=place)
    if not (data_dir / relative).is_file():
        register.not_shipped.append(f"{relative}: {NOT_SHIPPED}; the earlier wards have no map")
        return
    check = Checker(relative)
    for feature in read_features(data_dir, relative, required=["WD13CD", "WD13NM"]):
        code = _feature_code(check, feature, "WD13CD", prefix="E05")
        if code:
            name = str(feature.properties["WD13NM"])
            register.define(check, feature.line, code=code, name=name, level=L.WARD, vintage=WARDS_2004, parent=place)
            register.boundaries.append(BoundaryRecord(code, WARDS_2004, feature.geometry, relative))
    check.done()


def _lsoas_2021(register: Register, data_dir: Path, scope: Scope) -> None:
    place = scope.code
    table = CsvFile(data_dir, LSOA21_LOOKUP, required=["lsoa21cd", "lsoa21nm", "wd22cd", "lad22cd"])
    old_wards = set(register.codes(L.WARD, WARDS_2004, place))
    for row in table:
        if row["lad22cd"] != place:
            continue
        code, name, ward = table.code(row, "lsoa21cd"), table.text(row, "lsoa21nm"), table.code(row, "wd22cd")
        if not (code and name and ward):
            continue
        if not scope.previous_wards:  # the lookup's wards are not built: the LSOA hangs from the council
            register.define(table.check, row.line, code=code, name=name, level=L.LSOA, vintage=LSOA_2021, parent=place)
            continue
        if ward not in old_wards:
            table.check.problem(
                f"column 'wd22cd': {ward} is not one of the wards of {place} in {WARD_LOOKUP_2004}", row.line
            )
            continue
        register.define(table.check, row.line, code=code, name=name, level=L.LSOA, vintage=LSOA_2021, parent=ward)
        register.best_fits.append(BestFitRecord(code, LSOA_2021, ward, BestFit.Method.LOOKUP, LSOA21_LOOKUP))
    table.check.done()
    _lsoa_boundaries(register, data_dir, LSOA21_BOUNDARIES, "area_code", LSOA_2021)


def _lsoas_2011(register: Register, data_dir: Path, scope: Scope) -> None:
    place = scope.code
    table = CsvFile(data_dir, LSOA11_LOOKUP, required=["lsoa11cd", "wd17cd", "lad17cd"])
    old_wards = set(register.codes(L.WARD, WARDS_2004, place))
    wards: dict[str, str] = {}
    for row in table:
        if row["lad17cd"] != place or not scope.previous_wards:
            continue
        code, ward = table.code(row, "lsoa11cd"), table.code(row, "wd17cd")
        if code and ward:
            if ward not in old_wards:
                table.check.problem(f"column 'wd17cd': {ward} is not one of the wards of {place}", row.line)
            wards[code] = ward
    table.check.done()

    columns = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)"]
    table = CsvFile(data_dir, IOD2019_FILE_1, required=columns)
    for row in table:
        if row[columns[2]] != place:
            continue
        code, name = table.code(row, columns[0]), table.text(row, columns[1])
        if not (code and name):
            continue
        ward = wards.get(code)
        register.define(
            table.check, row.line, code=code, name=name, level=L.LSOA, vintage=LSOA_2011, parent=ward or place
        )
        if ward:
            register.best_fits.append(BestFitRecord(code, LSOA_2011, ward, BestFit.Method.LOOKUP, LSOA11_LOOKUP))
    table.check.done()
    relative = LSOA11_BOUNDARIES_FOR.format(place=place)
    if (data_dir / relative).is_file():
        _lsoa_boundaries(register, data_dir, relative, "LSOA11CD", LSOA_2011)
    elif register.codes(L.LSOA, LSOA_2011):
        register.not_shipped.append(f"{relative}: {NOT_SHIPPED}; the 2011 LSOAs have no map")


def _lsoa_boundaries(register: Register, data_dir: Path, relative: str, code_property: str, vintage: str) -> None:
    """Store the boundaries of the register's LSOAs of this vintage, and their best-fit May 2023 ward."""
    wanted = set(register.codes(L.LSOA, vintage))
    ward_shapes = {
        record.code: record.geometry
        for record in register.boundaries
        if record.vintage == WARDS_2023 and register.areas[record.code].level == L.WARD
    }
    locator = geometry.Locator(ward_shapes) if ward_shapes else None
    for feature in read_features(data_dir, relative, required=[code_property]):
        code = str(feature.properties[code_property])
        if code not in wanted:
            continue
        register.boundaries.append(BoundaryRecord(code, vintage, feature.geometry, relative))
        if locator:
            ward, inside = locator.find(geometry.representative_point(feature.geometry))
            register.best_fits.append(BestFitRecord(code, vintage, ward, BestFit.Method.CENTROID, relative))
            if not inside:
                register.notes.append(f"{code} ({vintage}): centre outside every 2023 ward; nearest is {ward}")


def _tidy_file_areas(register: Register, data_dir: Path) -> None:
    """Every area in files with `area_code` and `area_name` columns (Trafford Data Lab and similar)."""
    for path in sorted(data_dir.rglob("*.csv")):
        relative = _relative(path, data_dir)
        if relative.startswith(ELS_FOLDER + "/") or not _has_columns(path, {"area_code", "area_name"}):
            continue
        table = CsvFile(data_dir, relative, required=["area_code", "area_name"])
        for row in table:
            code, name = table.code(row, "area_code"), table.text(row, "area_name")
            if not (code and name):
                continue
            level = PREFIX_LEVELS.get(code[:3])
            if level is None:
                register.skipped.setdefault(code, f"{relative}: no area level for codes starting {code[:3]}")
                continue
            register.define(table.check, row.line, code=code, name=name, level=level)
        table.check.done()


# --- Helpers ------------------------------------------------------------------------------------


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _has_columns(path: Path, columns: set[str]) -> bool:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = handle.readline()
    return columns <= {cell.strip() for cell in header.strip().split(",")}


def _feature_code(check: Checker, feature: Feature, name: str, prefix: str | None = None) -> str | None:
    code = str(feature.properties[name])
    if not GSS_CODE.match(code) or (prefix and not code.startswith(prefix)):
        kind = f"a {prefix}... code" if prefix else "a GSS area code"
        check.problem(f"property {name!r}: expected {kind}, got {code!r}", feature.line)
        return None
    return code
