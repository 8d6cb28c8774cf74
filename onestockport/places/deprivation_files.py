"""Deprivation results for the register's areas: IoD2019 and IoD2025 by LSOA, IoD2019 by ward and the
local authority summaries, from the raw files (pure Python over files, like `register`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from onestockport.errors import InvalidInputError, Problem

from .models import Area
from .records import LSOA_2011, LSOA_2021, WARDS_2004, DeprivationRecord, Register
from .sources import CsvFile

IOD2019_FILE_1 = "deprivation/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"
IOD2019_FILE_6 = "deprivation/File_6_-_IoD2019_Population_Denominators.csv"
IOD2019_SCORES = "deprivation/mysociety_UK_IMD_E.csv"
IOD2019_WARDS = "deprivation/humaniverse_imd2019_england_ward.csv"
IOD2025_LSOA = "deprivation/humaniverse_imd2025_england_lsoa21.csv"
IOD2019_LAD = "deprivation/tdl_IoD2019_lad.csv"
IOD2025_LAD = "deprivation/tdl_IoD2025_lad.csv"

L = Area.Level
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


def add_deprivation(register: Register, data_dir: Path, place_code: str | None) -> None:
    """Deprivation for the register's LSOAs, the place's wards and every local authority, where the files have it."""
    _iod2019_lsoas(register, data_dir)
    _iod2025_lsoas(register, data_dir)
    if place_code and (data_dir / IOD2019_WARDS).is_file():
        _iod2019_wards(register, data_dir, place_code)
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
    _require_all(register, wanted, ranks, IOD2019_FILE_1)
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
    if _require_all(register, wanted, found, IOD2025_LSOA):
        register.deprivation += [found[code] for code in sorted(found)]


def _iod2019_wards(register: Register, data_dir: Path, place_code: str) -> None:
    wanted = set(register.codes(L.WARD, WARDS_2004, place_code))
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
    if _require_all(register, wanted, found, IOD2019_WARDS):
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


def _require_all(register: Register, wanted: Iterable[str], found: Mapping[str, Any], relative: str) -> bool:
    """True when the file has a row for every wanted area. A file with none of them was cut down to
    another place (skipped, with a note); one missing only some is broken (InvalidInputError)."""
    wanted = set(wanted)
    missing = sorted(wanted - set(found))
    if missing and not found:
        register.not_shipped.append(f"{relative}: no rows for the place's {len(missing)} areas; skipped")
        return False
    if missing:
        raise InvalidInputError(
            relative,
            [Problem(relative, f"no row for {len(missing)} of the register's areas: {', '.join(missing[:10])}")],
        )
    return True
