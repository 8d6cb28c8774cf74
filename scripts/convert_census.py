#!/usr/bin/env python
"""Convert the Census 2021 small-area source files into one small long-format CSV for a plan's place.

The sources (in the shared raw data folder, `places/census2021/`; see its SOURCES.md, section 3):

* humaniverse/demographr `.rda` files (R data, one tibble each), read with the `pyreadr` package (librdata):
  ethnic group (TS021), household deprivation (TS011), occupancy rating for bedrooms (TS052),
  tenure (TS054) and accommodation type (TS044), all by LSOA 2021 for England and Wales;
* the Nomis export of TS007A (age by five-year bands, LSOA 2021), via the British Red Cross;
* ONS dot-density input counts (`ons_dotdensity_counts/*.csv.gz`: TS001, TS004, TS008, TS038, TS046,
  TS068), which carry OA, LSOA, MSOA, local authority, region and England rows.

Written: `census2021_lsoa.csv` with columns `area_code,table,category,count`, holding for
every table the place's LSOAs, the local authority row where the source publishes one, and one
England row per category: the published England row where there is one, otherwise the
sum of every English LSOA (codes E01...). Each table has a `Total` category: its universe count
as published (each table's universe, e.g. households, is in onestockport/places/census.py).
The place is the `place.code` of the plan file, never a literal here; its LSOAs are
those whose MSOA's parent is that code in the ONS TS001 file.

    .venv/bin/python scripts/convert_census.py                 # the default plan, ../shared/data/raw
    .venv/bin/python scripts/convert_census.py --plan plans/<slug>/plan.yaml --source /path/to/raw

The output goes to `plans/<slug>/data/derived/places/census2021/` beside the plan (not `raw/`,
which scripts/vendor_data.py keeps as exact copies of source files). Running it twice gives the
same bytes. It stops with a message naming the file, the row and the field if a source file is
not as expected (a missing column, a count that is not a whole number, categories that do not
add up to the published total).

Needs `pyreadr` (a dev dependency: `pip install -e .[dev]`); the site itself only reads the CSV.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
from config.settings.base import ONESTOCKPORT_PLAN_FILE  # noqa: E402  (the site's default plan)
from onestockport.places.national import ENGLAND  # noqa: E402  (the engine's one area code)

CENSUS = "places/census2021"
OUTPUT = "derived/places/census2021/census2021_lsoa.csv"
TOTAL = "Total"
COLUMNS = ("area_code", "table", "category", "count")
RESIDENTS = "usual residents"
HOUSEHOLDS = "households"


class ConvertError(Exception):
    """A source file is not as this script expects; nothing is written."""


@dataclass(frozen=True)
class RdaTable:
    """A demographr tibble: one row per LSOA and category, with the universe total on every row."""

    table: str
    file: str
    category_column: str
    total_column: str
    universe: str


@dataclass(frozen=True)
class CountsTable:
    """An ONS dot-density counts file: one row per area, a column per category and a Total."""

    table: str
    file: str
    universe: str


RDA_TABLES = (
    RdaTable("TS021", "demographr_ethnicity21_lsoa21.rda", "ethnic_group", "total_residents", RESIDENTS),
    RdaTable(
        "TS011",
        "demographr_household_deprivation21_lsoa21.rda",
        "deprivation_dimensions",
        "total_households",
        HOUSEHOLDS,
    ),
    RdaTable(
        "TS052", "demographr_household_overcrowding21_lsoa21.rda", "occupancy_rating", "total_households", HOUSEHOLDS
    ),
    RdaTable("TS054", "demographr_household_tenure21_lsoa21.rda", "tenure", "total_households", HOUSEHOLDS),
    RdaTable("TS044", "demographr_household_type21_lsoa21.rda", "type", "total_households", HOUSEHOLDS),
)
COUNTS_TABLES = (
    CountsTable("TS001", "ons_dotdensity_counts/TS001_residence_type_2021.csv.gz", RESIDENTS),
    CountsTable("TS004", "ons_dotdensity_counts/TS004_country_of_birth_3a_2021.csv.gz", RESIDENTS),
    CountsTable("TS008", "ons_dotdensity_counts/TS008_sex_2021.csv.gz", RESIDENTS),
    CountsTable("TS038", "ons_dotdensity_counts/TS038_disability_3a_2021.csv.gz", RESIDENTS),
    CountsTable("TS046", "ons_dotdensity_counts/TS046_heating_type_3a_2021.csv.gz", HOUSEHOLDS),
    CountsTable("TS068", "ons_dotdensity_counts/TS068_in_full_time_education_2021.csv.gz", "usual residents aged 5+"),
)
AGE_FILE = "brc_TS007A_age_by_five_year_age_bands_lsoa21.csv"
COUNTS_FIXED = ("Geography code", "Geography label", "Geography area type", "Parent area code")

Row = tuple[str, str, str, int]  # area_code, table, category, count


def place_code(plan_file: Path) -> str:
    """The GSS code in the plan file's `place` section."""
    try:
        plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
        return str(plan["place"]["code"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ConvertError(f"{plan_file}: no place.code in the plan file ({exc})") from exc


def _whole(value: object, where: str) -> int:
    """A count as an int: the .rda files store counts as doubles, the CSVs as text."""
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise ConvertError(f"{where}: expected a whole number, got {value!r}") from None
    if number != int(number) or number < 0:
        raise ConvertError(f"{where}: expected a whole number, got {value!r}")
    return int(number)


def _counts_rows(path: Path, relative: str) -> Iterable[tuple[int, dict[str, str]]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in (*COUNTS_FIXED, TOTAL) if c not in (reader.fieldnames or [])]
            if missing:
                raise ConvertError(f"{relative} line 1: missing column(s) {missing}")
            for record in reader:
                yield reader.line_num, record
    except OSError as exc:
        raise ConvertError(f"{relative}: cannot read the file: {exc}") from exc


def place_lsoas(source: Path, code: str) -> set[str]:
    """The place's LSOA 2021 codes: LSOAs whose parent MSOA has the place as its parent (ONS TS001)."""
    relative = f"{CENSUS}/{COUNTS_TABLES[0].file}"
    msoas: set[str] = set()
    lsoa_parent: dict[str, str] = {}
    for _, record in _counts_rows(source / relative, relative):
        kind = record["Geography area type"]
        if kind == "MSOA" and record["Parent area code"] == code:
            msoas.add(record["Geography code"])
        elif kind == "LSOA":
            lsoa_parent[record["Geography code"]] = record["Parent area code"]
    lsoas = {lsoa for lsoa, msoa in lsoa_parent.items() if msoa in msoas}
    if not lsoas:
        raise ConvertError(f"{relative}: no LSOAs of {code}; is place.code a local authority code?")
    return lsoas


def counts_table(source: Path, spec: CountsTable, code: str, lsoas: set[str]) -> list[Row]:
    relative = f"{CENSUS}/{spec.file}"
    rows: list[Row] = []
    for line, record in _counts_rows(source / relative, relative):
        area = record["Geography code"]
        if area not in lsoas and area not in (code, ENGLAND):
            continue
        categories = [c for c in record if c not in (*COUNTS_FIXED, "Parent area type", "Classification", TOTAL)]
        categories = [c for c in categories if not c.startswith("Percentage: ")]
        values = {c: _whole(record[c], f"{relative} line {line}, column {c!r}") for c in (*categories, TOTAL)}
        if sum(values[c] for c in categories) != values[TOTAL]:
            raise ConvertError(f"{relative} line {line}: the categories do not add up to column 'Total'")
        rows += [(area, spec.table, category, values[category]) for category in (TOTAL, *categories)]
    return rows


def rda_table(source: Path, spec: RdaTable, lsoas: set[str]) -> list[Row]:
    import pyreadr  # a dev dependency: only this script reads R data

    relative = f"{CENSUS}/{spec.file}"
    try:
        objects = pyreadr.read_r(source / relative)
    except (OSError, pyreadr.custom_errors.PyreadrError) as exc:
        raise ConvertError(f"{relative}: cannot read the R data: {exc}") from exc
    if len(objects) != 1:
        raise ConvertError(f"{relative}: expected one object, found {sorted(objects)}")
    frame = next(iter(objects.values()))
    missing = [c for c in ("lsoa21_code", spec.category_column, "n", spec.total_column) if c not in frame.columns]
    if missing:
        raise ConvertError(f"{relative}: missing column(s) {missing}; it has {list(frame.columns)}")
    totals: dict[str, int] = {}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    england: dict[str, int] = defaultdict(int)
    england_total = 0
    for number, (lsoa, category, n, total) in enumerate(
        zip(frame["lsoa21_code"], frame[spec.category_column], frame["n"], frame[spec.total_column], strict=True),
        start=1,
    ):
        where = f"{relative} row {number}"
        count = _whole(n, f"{where}, column 'n'")
        universe = _whole(total, f"{where}, column {spec.total_column!r}")
        if totals.setdefault(lsoa, universe) != universe:
            raise ConvertError(f"{where}: column {spec.total_column!r} differs from the LSOA's other rows")
        if category in counts[lsoa]:
            raise ConvertError(f"{where}: category {category!r} repeated for {lsoa}")
        counts[lsoa][str(category)] = count
        if str(lsoa).startswith("E01"):
            england[str(category)] += count
    for lsoa, by_category in counts.items():
        if sum(by_category.values()) != totals[lsoa]:
            raise ConvertError(f"{relative}: {lsoa}'s categories do not add up to {spec.total_column!r}")
        if lsoa.startswith("E01"):
            england_total += totals[lsoa]
    rows: list[Row] = []
    for lsoa in sorted(lsoas):
        if lsoa not in counts:
            raise ConvertError(f"{relative}: no rows for LSOA {lsoa}")
        rows.append((lsoa, spec.table, TOTAL, totals[lsoa]))
        rows += [(lsoa, spec.table, c, n) for c, n in counts[lsoa].items()]
    rows.append((ENGLAND, spec.table, TOTAL, england_total))
    rows += [(ENGLAND, spec.table, c, n) for c, n in england.items()]
    return rows


def age_table(source: Path, lsoas: set[str]) -> list[Row]:
    """TS007A from the Nomis export: a preamble, a header line naming the LSOA and mnemonic, a footer."""
    relative = f"{CENSUS}/{AGE_FILE}"
    try:
        lines = (source / relative).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ConvertError(f"{relative}: cannot read the file: {exc}") from exc
    header_at = next((i for i, line in enumerate(lines) if line.startswith('"2021 super output area')), None)
    if header_at is None:
        raise ConvertError(f"{relative}: no header line starting '\"2021 super output area'")
    reader = csv.reader(io.StringIO("\n".join(lines[header_at:])))
    header = next(reader)
    if header[1:3] != ["mnemonic", TOTAL]:
        raise ConvertError(f"{relative} line {header_at + 1}: expected columns 'mnemonic', 'Total' after the name")
    bands = header[3:]
    rows: list[Row] = []
    england = [0] * (len(bands) + 1)
    for offset, cells in enumerate(reader, start=header_at + 2):
        if len(cells) != len(header) or not cells[1].startswith(("E01", "W01")):
            continue  # blank lines and the Nomis footer
        where = f"{relative} line {offset}"
        values = [_whole(cells[i + 2], f"{where}, column {header[i + 2]!r}") for i in range(len(bands) + 1)]
        if sum(values[1:]) != values[0]:
            raise ConvertError(f"{where}: the age bands do not add up to column 'Total'")
        lsoa = cells[1]
        if lsoa.startswith("E01"):
            england = [a + b for a, b in zip(england, values, strict=True)]
        if lsoa in lsoas:
            rows += [(lsoa, "TS007A", c, v) for c, v in zip((TOTAL, *bands), values, strict=True)]
    rows += [(ENGLAND, "TS007A", c, v) for c, v in zip((TOTAL, *bands), england, strict=True)]
    return rows


def convert(source: Path, code: str) -> list[Row]:
    """Every output row, sorted, for the place with GSS code `code`."""
    lsoas = place_lsoas(source, code)
    rows: list[Row] = []
    for spec in COUNTS_TABLES:
        rows += counts_table(source, spec, code, lsoas)
    for rda in RDA_TABLES:
        rows += rda_table(source, rda, lsoas)
    rows += age_table(source, lsoas)
    for table in {row[1] for row in rows}:
        have = {row[0] for row in rows if row[1] == table}
        if not lsoas <= have or ENGLAND not in have:
            raise ConvertError(f"table {table}: missing rows for {sorted(lsoas - have)[:5] or [ENGLAND]}")
    order = {row: index for index, row in enumerate(rows)}  # keep each table's category order
    return sorted(rows, key=lambda row: (row[1], row[0], order[row]))


def to_csv(rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", type=Path, default=ONESTOCKPORT_PLAN_FILE, help="plan file (default: %(default)s)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT.parent / "shared" / "data" / "raw")
    parser.add_argument("--output", type=Path, help="the CSV to write (default: beside the plan, " + OUTPUT + ")")
    args = parser.parse_args(argv)
    output = args.output or args.plan.parent / "data" / OUTPUT
    try:
        rows = convert(args.source, place_code(args.plan))
    except ConvertError as exc:
        print(f"convert_census: {exc}", file=sys.stderr)
        return 1
    data = to_csv(rows)
    if output.is_file() and output.read_bytes() == data:
        print(f"{output}: unchanged ({len(rows)} rows, {len(data):,} bytes)")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    print(f"{output}: wrote {len(rows)} rows, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
