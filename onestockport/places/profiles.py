"""A place's Census 2021 profile: key figures for any set of LSOAs, beside the borough and England,
with its rank among the borough's places of the same kind and a comparison with England.

Values are percentages to one decimal place, as ONS publishes them. The comparison uses the 95%
Wilson score interval of the place's percentage: "higher" or "lower than England" when England's
value lies outside it, otherwise "similar" (the Fingertips rule, onestockport.stats.benchmarking).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from onestockport.stats.benchmarking import Comparison, Polarity, compare
from onestockport.stats.intervals import wilson_interval

from .census import ENGLAND, FIGURES, PERIOD, TABLES, TOTAL, FigureDefinition, _place_code, _share, table_counts

COMPARISON_METHOD = (
    "Compared with England using the 95% Wilson score confidence interval of the place's percentage: "
    "higher or lower when England's value lies outside the interval, otherwise similar."
)
RANK_METHOD = "Rank 1 is the highest percentage among the {kind_word}'s places of the same kind."
POLARITY = {"high-is-bad": Polarity.LOWER_IS_BETTER, "high-is-good": Polarity.HIGHER_IS_BETTER}
AGE_TABLE = "TS007A"
POPULATION_TABLE = "TS001"
# Five-year bands grouped for "who lives there": (label, first band's lower age, last band's lower age).
AGE_GROUPS = (
    ("0 to 14", 0, 10),
    ("15 to 24", 15, 20),
    ("25 to 44", 25, 40),
    ("45 to 64", 45, 60),
    ("65 to 84", 65, 80),
    ("85 and over", 85, 85),
)


@dataclass(frozen=True)
class PlaceFigure:
    slug: str
    label: str
    topic: str
    value: float  # percentage, unrounded
    value_display: str  # "21.3%"
    count: int
    total: int
    unit: str
    lower_display: str  # the 95% interval, "19.9%"
    upper_display: str
    borough_display: str | None
    england_display: str | None
    rank: int | None  # 1 = highest share among the siblings
    rank_of: int | None
    comparison: str | None  # "higher than England" / "similar to England" / "lower than England"
    status: str | None  # "better" / "worse" / "similar", only for figures with a polarity
    source: str
    period: str
    method: str


@dataclass(frozen=True)
class AgeBand:
    label: str
    count: int
    value_display: str
    borough_display: str | None
    england_display: str | None


@dataclass
class PlaceProfile:
    population: int | None  # usual residents (TS001)
    population_source: str
    period: str
    age_bands: list[AgeBand] = field(default_factory=list)
    figures: list[PlaceFigure] = field(default_factory=list)
    method: str = ""
    comparison_method: str = COMPARISON_METHOD

    @property
    def ranked(self) -> bool:
        """Whether the figures carry a rank (a centre's do not: centres overlap one another)."""
        return any(figure.rank is not None for figure in self.figures)

    @property
    def topics(self) -> list[tuple[str, list[PlaceFigure]]]:
        """Figures grouped by topic, in FIGURES order."""
        grouped: dict[str, list[PlaceFigure]] = {}
        for figure in self.figures:
            grouped.setdefault(figure.topic, []).append(figure)
        return list(grouped.items())


def percent(count: int, total: int) -> str:
    """ONS rounding: one decimal place."""
    return f"{100 * count / total:.1f}%"


def _sum(counts: Mapping[str, tuple[int, int]], lsoas: Collection[str]) -> tuple[int, int] | None:
    found = [counts[code] for code in lsoas if code in counts]
    if not found:
        return None
    return sum(c for c, _ in found), sum(t for _, t in found)


def rank_among(value: float, siblings: Mapping[str, tuple[int, int]]) -> int:
    """1 + how many siblings have a strictly higher share (ties share a rank)."""
    return 1 + sum(1 for count, total in siblings.values() if total and count / total > value)


def comparison_words(count: int, total: int, england: tuple[int, int] | None, polarity: str) -> tuple[str, str]:
    """('higher than England' | 'similar to England' | 'lower than England', status word or '')."""
    if not england or not england[1]:
        return "", ""
    lower, upper = wilson_interval(count, total, multiplier=100)
    england_value = 100 * england[0] / england[1]
    result = compare(
        value=100 * count / total,
        lower=lower,
        upper=upper,
        comparator_value=england_value,
        polarity=POLARITY.get(polarity, Polarity.NO_JUDGEMENT),
    )
    if result is Comparison.SIMILAR:
        return "similar to England", "similar" if polarity in POLARITY else ""
    higher = 100 * count / total > england_value
    words = "higher than England" if higher else "lower than England"
    return words, result.value if polarity in POLARITY else ""


def _figure(
    figure: FigureDefinition,
    by_area: Mapping[str, Mapping[str, int]],
    lsoas: Collection[str],
    siblings: Mapping[str, Collection[str]],
    place_code: str | None,
    method: str,
) -> PlaceFigure | None:
    lsoa_shares = {code: s for code, cats in by_area.items() if (s := _share(dict(cats), figure))}
    own = _sum(lsoa_shares, lsoas)
    if own is None or not own[1]:
        return None
    count, total = own
    value = 100 * count / total
    sibling_shares = {code: s for code, members in siblings.items() if (s := _sum(lsoa_shares, members))}
    england = _share(dict(by_area.get(ENGLAND, {})), figure)
    borough = _share(dict(by_area[place_code]), figure) if place_code in by_area else None
    if borough is None:
        borough = _sum(lsoa_shares, [code for code in lsoa_shares if code not in (ENGLAND, place_code)])
    lower, upper = wilson_interval(count, total, multiplier=100)
    words, status = comparison_words(count, total, england, figure.polarity)
    in_siblings = any(set(members) == set(lsoas) for members in siblings.values())
    return PlaceFigure(
        slug=figure.slug,
        label=figure.label,
        topic=figure.topic,
        value=value,
        value_display=percent(count, total),
        count=count,
        total=total,
        unit=figure.unit,
        lower_display=f"{lower:.1f}%",
        upper_display=f"{upper:.1f}%",
        borough_display=percent(*borough) if borough and borough[1] else None,
        england_display=percent(*england) if england else None,
        rank=rank_among(count / total, sibling_shares) if sibling_shares else None,
        rank_of=(len(sibling_shares) + (0 if in_siblings else 1)) if sibling_shares else None,
        comparison=words or None,
        status=status or None,
        source=figure.source,
        period=figure.period,
        method=method,
    )


def _age_bands(by_area: Mapping[str, Mapping[str, int]], lsoas: Collection[str], place_code: str | None) -> list:
    def grouped(cats: Mapping[str, int]) -> list[int]:
        out = []
        for _, first, last in AGE_GROUPS:
            out.append(sum(n for band, n in cats.items() if band != TOTAL and first <= _lower_age(band) <= last))
        return out

    own_cats: dict[str, int] = {}
    for code in lsoas:
        for band, n in by_area.get(code, {}).items():
            own_cats[band] = own_cats.get(band, 0) + n
    if not own_cats.get(TOTAL):
        return []
    lsoa_codes = [code for code in by_area if code not in (ENGLAND, place_code)]
    borough_cats = dict(by_area[place_code]) if place_code in by_area else {}
    if not borough_cats:
        for code in lsoa_codes:
            for band, n in by_area[code].items():
                borough_cats[band] = borough_cats.get(band, 0) + n
    england_cats = by_area.get(ENGLAND, {})
    own, borough, england = grouped(own_cats), grouped(borough_cats), grouped(england_cats)
    bands = []
    for index, (label, _, _) in enumerate(AGE_GROUPS):
        bands.append(
            AgeBand(
                label=label,
                count=own[index],
                value_display=percent(own[index], own_cats[TOTAL]),
                borough_display=percent(borough[index], borough_cats[TOTAL]) if borough_cats.get(TOTAL) else None,
                england_display=percent(england[index], england_cats[TOTAL]) if england_cats.get(TOTAL) else None,
            )
        )
    return bands


def _lower_age(band: str) -> int:
    """'Aged 4 years and under' -> 0, 'Aged 5 to 9 years' -> 5, 'Aged 85 years and over' -> 85."""
    words = band.split()
    if "under" in words:
        return 0
    return int(words[1])


def place_profile(lsoa_codes: Collection[str], siblings: Mapping[str, Collection[str]], *, method: str) -> PlaceProfile:
    """The Census 2021 profile of the place made of `lsoa_codes`.

    siblings: every place of the same kind in the borough (code -> its LSOA codes), for the rank; the
    place itself should be among them. method: how the place's LSOAs were chosen (e.g. "LSOAs
    assigned to May 2023 wards by best fit"), shown with every figure."""
    lsoas = list(lsoa_codes)
    place_code = _place_code()
    tables = {table: table_counts(table) for table in {figure.table for figure in FIGURES} | {AGE_TABLE}}
    tables.setdefault(POPULATION_TABLE, table_counts(POPULATION_TABLE))
    figures = []
    for figure in FIGURES:
        built = _figure(figure, tables[figure.table], lsoas, siblings, place_code, method)
        if built:
            figures.append(built)
    population = _sum({code: (cats.get(TOTAL, 0), 1) for code, cats in tables[POPULATION_TABLE].items()}, lsoas)
    return PlaceProfile(
        population=population[0] if population else None,
        population_source=f"ONS Census 2021, table {POPULATION_TABLE} ({TABLES[POPULATION_TABLE][0]})",
        period=PERIOD,
        age_bands=_age_bands(tables[AGE_TABLE], lsoas, place_code),
        figures=figures,
        method=method,
    )
