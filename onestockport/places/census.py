"""Census 2021 figures for small areas: what each figure counts, reading the shipped counts file,
and the counts of the place's LSOAs, the local authority and England from the database.

The counts file is written by scripts/convert_census.py (docs/data.md, "Census 2021 small-area
counts") into the plan's `data/derived/` folder; `load_areas` stores it as CensusCount rows.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from onestockport.errors import InvalidInputError, Problem

from .models import CensusCount
from .national import ENGLAND

CENSUS_FILE = "places/census2021/census2021_lsoa.csv"
COLUMNS = ("area_code", "table", "category", "count")
TOTAL = "Total"
LSOA_PREFIXES = ("E01", "W01")
PERIOD = "Census 2021 (21 March 2021)"
RESIDENTS = "% of usual residents"
HOUSEHOLDS = "% of households"

# ONS table -> (its name, the universe its Total counts). Only these tables are read.
TABLES: dict[str, tuple[str, str]] = {
    "TS001": ("Number of usual residents in households and communal establishments", "usual residents"),
    "TS004": ("Country of birth", "usual residents"),
    "TS007A": ("Age by five-year age bands", "usual residents"),
    "TS008": ("Sex", "usual residents"),
    "TS011": ("Households by deprivation dimensions", "households"),
    "TS021": ("Ethnic group", "usual residents"),
    "TS038": ("Disability", "usual residents"),
    "TS044": ("Accommodation type", "households"),
    "TS046": ("Central heating", "households"),
    "TS052": ("Occupancy rating for bedrooms", "households"),
    "TS054": ("Tenure", "households"),
    "TS068": ("Schoolchildren and full-time students", "usual residents aged 5 and over"),
}


@dataclass(frozen=True)
class FigureDefinition:
    """One figure: the share of a table's universe in `categories` (summed)."""

    slug: str
    label: str
    topic: str
    unit: str
    polarity: str  # "high-is-bad" | "high-is-good" | "none"
    table: str
    categories: tuple[str, ...]
    source: str = ""
    period: str = PERIOD

    def __post_init__(self) -> None:
        if not self.source:
            object.__setattr__(self, "source", f"ONS Census 2021, table {self.table} ({TABLES[self.table][0]})")


_AGE_UNDER_15 = ("Aged 4 years and under", "Aged 5 to 9 years", "Aged 10 to 14 years")
_AGE_65_PLUS = (
    "Aged 65 to 69 years",
    "Aged 70 to 74 years",
    "Aged 75 to 79 years",
    "Aged 80 to 84 years",
    "Aged 85 years and over",
)
_FLATS = (
    "In a purpose-built block of flats or tenement",
    "Part of a converted or shared house, including bedsits",
    "Part of another converted building, for example, former school, church or warehouse",
    "In a commercial building, for example, in an office building, hotel or over a shop",
)

FIGURES: list[FigureDefinition] = [
    FigureDefinition("aged-under-15", "Aged under 15", "Age", RESIDENTS, "none", "TS007A", _AGE_UNDER_15),
    FigureDefinition("aged-65-and-over", "Aged 65 and over", "Age", RESIDENTS, "none", "TS007A", _AGE_65_PLUS),
    FigureDefinition(
        "ethnic-groups-other-than-white",
        "In an ethnic group other than White",
        "Identity",
        RESIDENTS,
        "none",
        "TS021",
        (
            "Asian, Asian British or Asian Welsh",
            "Black, Black British, Black Welsh, Caribbean or African",
            "Mixed or Multiple ethnic groups",
            "Other ethnic group",
        ),
    ),
    FigureDefinition(
        "born-outside-uk", "Born outside the UK", "Identity", RESIDENTS, "none", "TS004", ("Born outside the UK",)
    ),
    FigureDefinition(
        "disabled",
        "Disabled under the Equality Act",
        "Health",
        RESIDENTS,
        "none",
        "TS038",
        ("Disabled under the Equality Act",),
    ),
    FigureDefinition(
        "students",
        "Full-time students (aged 5 and over)",
        "Education",
        "% of usual residents aged 5 and over",
        "none",
        "TS068",
        ("Student",),
    ),
    FigureDefinition(
        "households-deprived",
        "Households deprived in one or more dimensions",
        "Deprivation",
        HOUSEHOLDS,
        "high-is-bad",
        "TS011",
        (
            "Household is deprived in one dimension",
            "Household is deprived in two dimensions",
            "Household is deprived in three dimensions",
            "Household is deprived in four dimensions",
        ),
    ),
    FigureDefinition(
        "households-deprived-3-plus",
        "Households deprived in three or four dimensions",
        "Deprivation",
        HOUSEHOLDS,
        "high-is-bad",
        "TS011",
        ("Household is deprived in three dimensions", "Household is deprived in four dimensions"),
    ),
    FigureDefinition(
        "overcrowded",
        "Overcrowded households (fewer bedrooms than needed)",
        "Housing",
        HOUSEHOLDS,
        "high-is-bad",
        "TS052",
        ("-1 (overcrowded)", "-2 or less (overcrowded)"),
    ),
    FigureDefinition(
        "no-central-heating",
        "Households without central heating",
        "Housing",
        HOUSEHOLDS,
        "high-is-bad",
        "TS046",
        ("Does not have central heating",),
    ),
    FigureDefinition(
        "owner-occupied",
        "Households that own their home (outright or with a mortgage)",
        "Housing",
        HOUSEHOLDS,
        "none",
        "TS054",
        ("Owned: Owns outright", "Owned: Owns with a mortgage or loan"),
    ),
    FigureDefinition(
        "social-rented",
        "Households renting from a council or housing association",
        "Housing",
        HOUSEHOLDS,
        "none",
        "TS054",
        ("Social rented: Rents from council or Local Authority", "Social rented: Other social rented"),
    ),
    FigureDefinition(
        "private-rented",
        "Households renting privately",
        "Housing",
        HOUSEHOLDS,
        "none",
        "TS054",
        ("Private rented: Private landlord or letting agency", "Private rented: Other private rented"),
    ),
    FigureDefinition("flats", "Households living in a flat", "Housing", HOUSEHOLDS, "none", "TS044", _FLATS),
]
FIGURES_BY_SLUG = {figure.slug: figure for figure in FIGURES}


# --- Reading the counts file ---------------------------------------------------------------------


@dataclass(frozen=True)
class CensusRecord:
    area_code: str
    table: str
    category: str
    count: int
    source: str  # the file, relative to the folder it was read from


def read_census(folder: Path, relative: str = CENSUS_FILE) -> list[CensusRecord]:
    """Every row of the counts file, checked; InvalidInputError names the file, line and column.

    Checks: the columns; GSS codes; known tables; whole-number counts; one row per area, table
    and category; each table of each area has a Total equal to the sum of its categories."""
    problems: list[Problem] = []
    records: list[CensusRecord] = []
    seen: set[tuple[str, str, str]] = set()
    try:
        with (folder / relative).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise InvalidInputError(
                    relative,
                    [Problem(relative, f"the header must be {','.join(COLUMNS)}, not {reader.fieldnames}", 1)],
                )
            for row in reader:
                line = reader.line_num
                problem = _row_problem(row)
                if problem:
                    problems.append(Problem(relative, problem, line))
                    continue
                key = (row["area_code"], row["table"], row["category"])
                if key in seen:
                    problems.append(Problem(relative, f"a second row for {', '.join(key)}", line))
                    continue
                seen.add(key)
                records.append(CensusRecord(*key, int(row["count"]), relative))
    except OSError as exc:
        raise InvalidInputError(relative, [Problem(relative, f"cannot read the file: {exc.strerror}")]) from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInputError(relative, [Problem(relative, f"not a UTF-8 CSV file: {exc}")]) from exc
    problems += _total_problems(records, relative)
    if problems:
        raise InvalidInputError(relative, problems[:25])
    return records


def _row_problem(row: dict[str, str | None]) -> str | None:
    if None in row or any(value is None for value in row.values()):
        return "wrong number of fields for the header"
    code, table, category, count = (str(row[column]).strip() for column in COLUMNS)
    if len(code) != 9 or not code[0].isalpha() or not code[1:].isdigit():
        return f"field 'area_code': expected a GSS code, got {code!r}"
    if table not in TABLES:
        return f"field 'table': {table!r} is not one of {', '.join(TABLES)}"
    if not category:
        return "field 'category': empty"
    if not count.isdigit():
        return f"field 'count': expected a whole number, got {count!r}"
    return None


def _total_problems(records: list[CensusRecord], relative: str) -> list[Problem]:
    sums: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.area_code, record.table)
        if record.category == TOTAL:
            totals[key] = record.count
        else:
            sums[key] += record.count
    problems = []
    for key in sorted(set(sums) | set(totals)):
        if key not in totals:
            problems.append(Problem(relative, f"{key[0]} {key[1]}: no '{TOTAL}' row"))
        elif sums[key] != totals[key]:
            problems.append(
                Problem(relative, f"{key[0]} {key[1]}: the categories add up to {sums[key]}, not {totals[key]}")
            )
    return problems


def census_file(data_dir: Path) -> tuple[Path, str] | None:
    """(folder, relative path) of the counts file for a data folder, or None if it has none.

    It lives in the plan's `data/derived/` (beside `raw/`, which holds only exact copies of source
    files), so data_dir may be the plan's data folder or its raw/ folder; a raw folder may also
    hold the file itself."""
    candidates = [data_dir / "derived", data_dir.parent / "derived", data_dir]
    for folder in candidates:
        if (folder / CENSUS_FILE).is_file():
            return folder, CENSUS_FILE
    return None


# --- Counts from the database --------------------------------------------------------------------


def _place_code() -> str | None:
    from onestockport.plans.place import current_place

    return current_place().code


def table_counts(table: str) -> dict[str, dict[str, int]]:
    """Area code -> category -> count for one table (every area loaded)."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for code, category, count in CensusCount.objects.filter(table=table).values_list("area_code", "category", "count"):
        found[code][category] = count
    return dict(found)


def _share(by_category: dict[str, int], figure: FigureDefinition) -> tuple[int, int] | None:
    total = by_category.get(TOTAL)
    if not total:
        return None
    return sum(by_category.get(category, 0) for category in figure.categories), total


def _figure(figure_slug: str) -> FigureDefinition:
    try:
        return FIGURES_BY_SLUG[figure_slug]
    except KeyError:
        raise KeyError(f"no census figure {figure_slug!r}; known: {', '.join(FIGURES_BY_SLUG)}") from None


def lsoa_counts(figure_slug: str) -> dict[str, tuple[int, int]]:
    """LSOA 2021 code -> (count, total) for every LSOA loaded (the place's)."""
    figure = _figure(figure_slug)
    counts = {}
    for code, by_category in table_counts(figure.table).items():
        share = _share(by_category, figure)
        if code.startswith(LSOA_PREFIXES) and share:
            counts[code] = share
    return counts


def england_counts(figure_slug: str) -> tuple[int, int] | None:
    figure = _figure(figure_slug)
    return _share(table_counts(figure.table).get(ENGLAND, {}), figure)


def borough_counts(figure_slug: str) -> tuple[int, int] | None:
    """The place's own published row where the source has one, else the sum of its LSOAs."""
    figure = _figure(figure_slug)
    counts = table_counts(figure.table)
    code = _place_code()
    if code and code in counts:
        return _share(counts[code], figure)
    lsoas = [share for area, share in lsoa_counts(figure_slug).items()]
    if not lsoas:
        return None
    return sum(c for c, _ in lsoas), sum(t for _, t in lsoas)
