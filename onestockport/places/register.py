"""Build the area register from the raw data files: areas, boundaries, best fits and deprivation.

Pure Python over files (no database): `build_register(data_dir)` returns plain records that
`services.load_areas` writes. It reads the shipped folder (plans/one-stockport-2030/data/raw) or a
full copy of the shared raw folder alike, because the shipped files are the originals cut down to
whole rows.

Which areas:

* every area in the ONS Explore Local Statistics files (level from the `geography` column; ITL
  areas skipped);
* every area in the Trafford Data Lab style files with `area_code`/`area_name` columns (level
  from the code's prefix; codes of other kinds, e.g. Welsh or Scottish councils, skipped);
* Stockport's wards: the May 2023 wards (vintage "2023") and the wards in force 2004-May 2023
  (vintage "2004"), parent Stockport;
* Stockport's LSOAs: 2021 LSOAs (vintage "2021", parent the 2004 ward the ONS best-fit lookup puts
  them in) and 2011 LSOAs (vintage "2011", the IoD2019 geography). A code in both is one area,
  vintage "2011 2021".

The names of areas come from the first source that names them, in the order above (ONS first).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from onestockport.errors import InvalidInputError, Problem

from . import geometry
from .models import Area, BestFit
from .sources import GSS_CODE, Checker, CsvFile, Feature, read_features

logger = logging.getLogger(__name__)

STOCKPORT = "E08000007"

ELS_FOLDER = "ons_explore_local_statistics"
LA_BOUNDARIES = "boundaries/gm_local_authority_2023_generalised.geojson"
WARD_BOUNDARIES_2023 = "boundaries/gm_ward_2023_generalised.geojson"
WARD_BOUNDARIES_2004 = "boundaries/wards2013_E08000007.geojson"
WARD_LOOKUP_2004 = "lookups/gm_ward22_to_lad22_lookup.csv"
LSOA21_LOOKUP = "lookups/gm_lsoa21_to_ward22_best-fit_lookup.csv"
LSOA21_BOUNDARIES = "boundaries/gm_lsoa_2021_generalised.geojson"
LSOA11_LOOKUP = "lookups/gm_lsoa11_to_ward17_best-fit_lookup.csv"
LSOA11_BOUNDARIES = "boundaries/lsoa2011_E08000007.geojson"
IOD2019_FILE_1 = "deprivation/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
IOD2019_FILE_6 = "deprivation/File_6_-_IoD2019_Population_Denominators.csv"
IOD2019_SCORES = "deprivation/mysociety_UK_IMD_E.csv"
IOD2019_WARDS = "deprivation/humaniverse_imd2019_england_ward.csv"
IOD2025_LSOA = "deprivation/humaniverse_imd2025_england_lsoa21.csv"
IOD2019_LAD = "deprivation/tdl_IoD2019_lad.csv"
IOD2025_LAD = "deprivation/tdl_IoD2025_lad.csv"

WARDS_2004 = "2004"  # Stockport's wards from 2004 until the May 2023 boundary review (WD13/WD17/WD22 codes)
WARDS_2023 = "2023"
LSOA_2011 = "2011"
LSOA_2021 = "2021"

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
# IoD2025 (humaniverse) column stems and the official domain names.
IOD2025_DOMAINS = {
    "Income": "Income",
    "Employment": "Employment",
    "Education": "Education, Skills and Training",
    "Health": "Health Deprivation and Disability",
    "Crime": "Crime",
    "Housing_and_Services": "Barriers to Housing and Services",
    "Environment": "Living Environment",
}
# IoD2019 by ward (humaniverse): column stems and domain names.
IOD2019_WARD_DOMAINS = {
    "Income": "Income",
    "Employment": "Employment",
    "Education": "Education, Skills and Training",
    "Health": "Health Deprivation and Disability",
    "Crime": "Crime",
    "Housing_and_Access": "Barriers to Housing and Services",
    "Environment": "Living Environment",
}
LAD_SUMMARY_MEASURES = (
    "average_rank",
    "rank_average_rank",
    "average_score",
    "rank_average_score",
    "proportion_bottom_decile",
    "rank_proportion_bottom_decile",
)
IMD = "Index of Multiple Deprivation"


@dataclass
class AreaRecord:
    code: str
    name: str
    level: str
    source: str
    vintages: set[str] = field(default_factory=set)
    parent: str | None = None

    @property
    def vintage(self) -> str:
        return " ".join(sorted(self.vintages))


@dataclass(frozen=True)
class BoundaryRecord:
    code: str
    vintage: str
    geometry: dict[str, Any]
    source: str


@dataclass(frozen=True)
class BestFitRecord:
    code: str
    area_vintage: str
    container: str
    method: str
    source: str


@dataclass(frozen=True)
class DeprivationRecord:
    code: str
    edition: str
    score: float | None
    rank: int | None
    decile: int | None
    population: int | None
    details: dict[str, Any]
    source: str


@dataclass
class Register:
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    boundaries: list[BoundaryRecord] = field(default_factory=list)
    best_fits: list[BestFitRecord] = field(default_factory=list)
    deprivation: list[DeprivationRecord] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # code -> why it is not in the register
    notes: list[str] = field(default_factory=list)  # name differences, best fits by nearest boundary

    def define(
        self,
        check: Checker,
        line: int | None,
        *,
        code: str,
        name: str,
        level: str,
        vintage: str | None = None,
        parent: str | None = None,
    ) -> None:
        """Add an area, or check a known one against this source: same level; first name wins."""
        known = self.areas.get(code)
        if known is None:
            self.areas[code] = AreaRecord(code, name, level, check.path, {vintage} if vintage else set(), parent)
            return
        if known.level != level:
            check.problem(f"area {code} is a {level} here but a {known.level} in {known.source}", line)
            return
        if vintage:
            known.vintages.add(vintage)
        if parent and known.parent is None:
            known.parent = parent
        note = f"{code}: named {name!r} in {check.path}, kept {known.name!r} from {known.source}"
        if name != known.name and note not in self.notes:
            self.notes.append(note)

    def codes(self, level: str, vintage: str | None = None, parent: str | None = None) -> list[str]:
        return sorted(
            area.code
            for area in self.areas.values()
            if area.level == level
            and (vintage is None or vintage in area.vintages)
            and (parent is None or area.parent == parent)
        )


def raw_folder(data_dir: Path) -> Path:
    """The raw files' folder: data_dir itself, or its `raw/` when data_dir is a plan's data folder
    (the one holding manifest.yaml, SOURCES.md and raw/)."""
    if (data_dir / "manifest.yaml").is_file() and (data_dir / "raw").is_dir():
        return data_dir / "raw"
    return data_dir


def build_register(data_dir: Path) -> Register:
    """Read every source under data_dir; raise InvalidInputError for the first file with bad input."""
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
    _wards(register, data_dir)
    _lsoas_2021(register, data_dir)
    _lsoas_2011(register, data_dir)
    _tidy_file_areas(register, data_dir)
    _deprivation(register, data_dir)
    for note in register.notes:
        logger.info("%s", note)
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


def _wards(register: Register, data_dir: Path) -> None:
    # May 2023 wards: boundaries carry the codes, names and their local authority.
    check = Checker(WARD_BOUNDARIES_2023)
    features = read_features(
        data_dir, WARD_BOUNDARIES_2023, required=["area_code", "area_name", "local_authority_area_code"]
    )
    for feature in features:
        if feature.properties["local_authority_area_code"] != STOCKPORT:
            continue
        code = _feature_code(check, feature, "area_code", prefix="E05")
        if code:
            name = str(feature.properties["area_name"])
            register.define(
                check, feature.line, code=code, name=name, level=L.WARD, vintage=WARDS_2023, parent=STOCKPORT
            )
            register.boundaries.append(BoundaryRecord(code, WARDS_2023, feature.geometry, WARD_BOUNDARIES_2023))
    check.done()

    # 2004-2023 wards: the ONS ward-to-LAD lookup (May 2022) names them; the 2013 boundaries draw them.
    table = CsvFile(data_dir, WARD_LOOKUP_2004, required=["wd22cd", "wd22nm", "lad22cd"])
    for row in table:
        if row["lad22cd"] != STOCKPORT:
            continue
        code, name = table.code(row, "wd22cd"), table.text(row, "wd22nm")
        if code and name:
            register.define(
                table.check, row.line, code=code, name=name, level=L.WARD, vintage=WARDS_2004, parent=STOCKPORT
            )
    table.check.done()
    check = Checker(WARD_BOUNDARIES_2004)
    for feature in read_features(data_dir, WARD_BOUNDARIES_2004, required=["WD13CD", "WD13NM"]):
        code = _feature_code(check, feature, "WD13CD", prefix="E05")
        if code:
            name = str(feature.properties["WD13NM"])
            register.define(
                check, feature.line, code=code, name=name, level=L.WARD, vintage=WARDS_2004, parent=STOCKPORT
            )
            register.boundaries.append(BoundaryRecord(code, WARDS_2004, feature.geometry, WARD_BOUNDARIES_2004))
    check.done()


def _lsoas_2021(register: Register, data_dir: Path) -> None:
    table = CsvFile(data_dir, LSOA21_LOOKUP, required=["lsoa21cd", "lsoa21nm", "wd22cd", "lad22cd"])
    old_wards = set(register.codes(L.WARD, WARDS_2004, STOCKPORT))
    for row in table:
        if row["lad22cd"] != STOCKPORT:
            continue
        code, name, ward = table.code(row, "lsoa21cd"), table.text(row, "lsoa21nm"), table.code(row, "wd22cd")
        if not (code and name and ward):
            continue
        if ward not in old_wards:
            table.check.problem(
                f"column 'wd22cd': {ward} is not one of Stockport's wards in {WARD_LOOKUP_2004}", row.line
            )
            continue
        register.define(table.check, row.line, code=code, name=name, level=L.LSOA, vintage=LSOA_2021, parent=ward)
        register.best_fits.append(BestFitRecord(code, LSOA_2021, ward, BestFit.Method.LOOKUP, LSOA21_LOOKUP))
    table.check.done()
    _lsoa_boundaries(register, data_dir, LSOA21_BOUNDARIES, "area_code", LSOA_2021)


def _lsoas_2011(register: Register, data_dir: Path) -> None:
    table = CsvFile(data_dir, LSOA11_LOOKUP, required=["lsoa11cd", "wd17cd", "lad17cd"])
    old_wards = set(register.codes(L.WARD, WARDS_2004, STOCKPORT))
    wards: dict[str, str] = {}
    for row in table:
        if row["lad17cd"] != STOCKPORT:
            continue
        code, ward = table.code(row, "lsoa11cd"), table.code(row, "wd17cd")
        if code and ward:
            if ward not in old_wards:
                table.check.problem(f"column 'wd17cd': {ward} is not one of Stockport's wards", row.line)
            wards[code] = ward
    table.check.done()

    columns = ["LSOA code (2011)", "LSOA name (2011)", "Local Authority District code (2019)"]
    table = CsvFile(data_dir, IOD2019_FILE_1, required=columns)
    for row in table:
        if row[columns[2]] != STOCKPORT:
            continue
        code, name = table.code(row, columns[0]), table.text(row, columns[1])
        if not (code and name):
            continue
        ward = wards.get(code)
        register.define(
            table.check, row.line, code=code, name=name, level=L.LSOA, vintage=LSOA_2011, parent=ward or STOCKPORT
        )
        if ward:
            register.best_fits.append(BestFitRecord(code, LSOA_2011, ward, BestFit.Method.LOOKUP, LSOA11_LOOKUP))
    table.check.done()
    if (data_dir / LSOA11_BOUNDARIES).is_file():
        _lsoa_boundaries(register, data_dir, LSOA11_BOUNDARIES, "LSOA11CD", LSOA_2011)


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


# --- Deprivation --------------------------------------------------------------------------------


def _deprivation(register: Register, data_dir: Path) -> None:
    _iod2019_lsoas(register, data_dir)
    _iod2025_lsoas(register, data_dir)
    if (data_dir / IOD2019_WARDS).is_file():
        _iod2019_wards(register, data_dir)
    for relative, code_column, edition in ((IOD2019_LAD, "lad19cd", "IoD2019"), (IOD2025_LAD, "area_code", "IoD2025")):
        if (data_dir / relative).is_file():
            _lad_summaries(register, data_dir, relative, code_column, edition)


def _iod2019_lsoas(register: Register, data_dir: Path) -> None:
    wanted = set(register.codes(L.LSOA, LSOA_2011))
    code_column = "LSOA code (2011)"
    rank_column = "Index of Multiple Deprivation (IMD) Rank"
    decile_column = "Index of Multiple Deprivation (IMD) Decile"
    table = CsvFile(data_dir, IOD2019_FILE_1, required=[code_column, rank_column, decile_column])
    ranks: dict[str, tuple[int | None, int | None]] = {}
    for row in table:
        if row[code_column] in wanted:
            ranks[row[code_column]] = (
                table.integer(row, rank_column, high=32844, thousands=True),
                table.integer(row, decile_column, high=10),
            )
    table.check.done()

    populations: dict[str, int | None] = {}
    if (data_dir / IOD2019_FILE_6).is_file():
        population_column = "Total population: mid 2015 (excluding prisoners)"
        table = CsvFile(data_dir, IOD2019_FILE_6, required=[code_column, population_column])
        for row in table:
            if row[code_column] in wanted:
                populations[row[code_column]] = table.integer(row, population_column, low=0, thousands=True)
        table.check.done()

    scores: dict[str, float | None] = {}
    if (data_dir / IOD2019_SCORES).is_file():
        table = CsvFile(data_dir, IOD2019_SCORES, required=["lsoa", "overall_local_score"])
        for row in table:
            if row["lsoa"] in wanted:
                scores[row["lsoa"]] = table.number(row, "overall_local_score")
        table.check.done()

    sources = [IOD2019_FILE_1] + [
        name for name, found in ((IOD2019_FILE_6, populations), (IOD2019_SCORES, scores)) if found
    ]
    _require_all(wanted, ranks, IOD2019_FILE_1)
    for code in sorted(ranks):
        rank, decile = ranks[code]
        details = {"population_basis": "mid-2015, excluding prisoners"} if code in populations else {}
        register.deprivation.append(
            DeprivationRecord(
                code, "IoD2019", scores.get(code), rank, decile, populations.get(code), details, "; ".join(sources)
            )
        )


def _iod2025_lsoas(register: Register, data_dir: Path) -> None:
    wanted = set(register.codes(L.LSOA, LSOA_2021))
    columns = ["lsoa21_code", "IMD_score", "IMD_rank", "IMD_decile"]
    for stem in IOD2025_DOMAINS:
        columns += [f"{stem}_score", f"{stem}_rank", f"{stem}_decile"]
    table = CsvFile(data_dir, IOD2025_LSOA, required=columns)
    found: dict[str, DeprivationRecord] = {}
    for row in table:
        code = row["lsoa21_code"]
        if code not in wanted:
            continue
        details = {
            name: {
                "score": table.number(row, f"{stem}_score"),
                "rank": table.integer(row, f"{stem}_rank"),
                "decile": table.integer(row, f"{stem}_decile", high=10),
            }
            for stem, name in IOD2025_DOMAINS.items()
        }
        found[code] = DeprivationRecord(
            code,
            "IoD2025",
            table.number(row, "IMD_score"),
            table.integer(row, "IMD_rank"),
            table.integer(row, "IMD_decile", high=10),
            None,
            details,
            IOD2025_LSOA,
        )
    table.check.done()
    _require_all(wanted, found, IOD2025_LSOA)
    register.deprivation += [found[code] for code in sorted(found)]


def _iod2019_wards(register: Register, data_dir: Path) -> None:
    wanted = set(register.codes(L.WARD, WARDS_2004, STOCKPORT))
    columns = ["ward_code", "Score", "Proportion", "Extent"]
    for stem in IOD2019_WARD_DOMAINS:
        columns += [f"{stem}_Score", f"{stem}_Proportion", f"{stem}_Extent"]
    table = CsvFile(data_dir, IOD2019_WARDS, required=columns)
    found: dict[str, DeprivationRecord] = {}
    for row in table:
        code = row["ward_code"]
        if code not in wanted:
            continue
        details: dict[str, Any] = {
            IMD: {"proportion": table.number(row, "Proportion"), "extent": table.number(row, "Extent")}
        }
        for stem, name in IOD2019_WARD_DOMAINS.items():
            details[name] = {
                "score": table.number(row, f"{stem}_Score"),
                "proportion": table.number(row, f"{stem}_Proportion"),
                "extent": table.number(row, f"{stem}_Extent"),
            }
        details["method"] = "population-weighted average of LSOA scores (humaniverse/IMD; not an official release)"
        found[code] = DeprivationRecord(
            code, "IoD2019", table.number(row, "Score"), None, None, None, details, IOD2019_WARDS
        )
    table.check.done()
    _require_all(wanted, found, IOD2019_WARDS)
    register.deprivation += [found[code] for code in sorted(found)]


def _lad_summaries(register: Register, data_dir: Path, relative: str, code_column: str, edition: str) -> None:
    wanted = set(register.codes(L.LOCAL_AUTHORITY))
    table = CsvFile(data_dir, relative, required=[code_column, "index_domain", *LAD_SUMMARY_MEASURES])
    by_area: dict[str, dict[str, dict[str, float | None]]] = {}
    for row in table:
        code = row[code_column]
        if code not in wanted:
            continue
        measures = {measure: table.number(row, measure) for measure in LAD_SUMMARY_MEASURES}
        by_area.setdefault(code, {})[row["index_domain"]] = measures
    table.check.done()
    for code in sorted(by_area):
        domains = by_area[code]
        imd = domains.get(IMD)
        if imd is None:
            raise InvalidInputError(relative, [Problem(relative, f"no {IMD!r} row for {code}")])
        rank = imd["rank_average_score"]
        register.deprivation.append(
            DeprivationRecord(
                code,
                edition,
                imd["average_score"],
                int(rank) if rank is not None else None,
                None,
                None,
                {"summary": "local authority summary: score = average LSOA score, rank = rank of that average"}
                | domains,
                relative,
            )
        )


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


def _require_all(wanted: Iterable[str], found: Mapping[str, Any], relative: str) -> None:
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise InvalidInputError(
            relative,
            [Problem(relative, f"no row for {len(missing)} of the register's areas: {', '.join(missing[:10])}")],
        )
