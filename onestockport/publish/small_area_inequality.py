"""Inequality inside the borough for a page: fifths by deprivation, gap, slope index and places ranked by value.

Used by indicator pages with small-area figures and by the Census figure pages. Where the method does not
fit the data the section says so in words instead of showing a number:

* the overall Index of Multiple Deprivation cannot be measured against its own ranking (circular);
* figures published only for wards (not for small areas) cannot be cut into fifths of small areas;
  they are ranked as published, under their own ward boundaries, which may not be today's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from onestockport.indicators.models import Indicator, Observation
from onestockport.indicators.verdicts import current_observations
from onestockport.places import census
from onestockport.places.inequality import FifthsResult, Kind, fifths_inequality
from onestockport.places.models import Area, Deprivation
from onestockport.places.selectors import best_fit_wards, lsoas_of, wards_of
from onestockport.stats.units import UnitKind, format_number, format_value, publisher_decimals, unit_kind

from .ranked_chart import RankedBar, ReferenceLine, ranked_chart

EDITION = "IoD2025"
EDITION_NAME = "IMD 2025"
LSOA_VINTAGE = "2021"
WARD_VINTAGE = "2023"
VINTAGE_WORDS = {"2004": "wards in force 2004 to May 2023", "2023": "wards in force from May 2023"}
# The IMD's seven domains and their weights in the index (English Indices of Deprivation 2019 and 2025
# technical reports), keyed by the first word of the published column name.
DOMAIN_WEIGHTS = {
    "Income": ("Income", 22.5),
    "Employment": ("Employment", 22.5),
    "Education": ("Education, Skills and Training", 13.5),
    "Health": ("Health Deprivation and Disability", 13.5),
    "Crime": ("Crime", 9.3),
    "Barriers": ("Barriers to Housing and Services", 9.3),
    "Living": ("Living Environment", 9.3),
    "Environment": ("Living Environment", 9.3),
}
OVERALL_INDEX_COLUMNS = ("IMD", "Index of Multiple Deprivation")
EQUAL_WEIGHTS = (
    "Each small area (LSOA) counts equally: no population figures for small areas are loaded, and each holds "
    "roughly the same number of residents (about 1,500)."
)


@dataclass(frozen=True)
class FifthRow:
    label: str
    lsoas: int
    display: str


@dataclass(frozen=True)
class RankedRow:
    rank: int | None
    name: str
    display: str
    url: str = ""
    emphasis: bool = False


@dataclass(frozen=True)
class InequalitySection:
    """What the page shows; `not_measured` says in words why there are no fifths, where there are none."""

    place_name: str
    fifths: list[FifthRow] = field(default_factory=list)
    gap_words: str = ""
    sii_words: str = ""
    method: str = ""
    weights_note: str = ""
    caveat: str = ""
    not_measured: str = ""
    chart_svg: str = ""
    ranked_caption: str = ""
    ranked_note: str = ""
    ranked_rows: list[RankedRow] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)
    result: FifthsResult | None = None


# --- Reading the register ---------------------------------------------------------------------------


def lsoa_ranks(council: Area, *, edition: str = EDITION) -> dict[str, int]:
    """The council's LSOA 2021 codes -> national IMD rank (1 = most deprived)."""
    rows = Deprivation.objects.filter(
        edition=edition, area__in=lsoas_of(council, vintage=LSOA_VINTAGE), rank__isnull=False
    ).values_list("area__code", "rank")
    return dict(rows)


def lsoa_populations(codes: Sequence[str]) -> tuple[dict[str, float] | None, str]:
    """Usual residents by LSOA (Census 2021) where the Census figures are loaded, else None and why."""
    figure = next((f for f in census.FIGURES if "usual residents" in f.unit), None)
    counts = census.lsoa_counts(figure.slug) if figure else {}
    if not counts or any(code not in counts for code in codes):
        return None, EQUAL_WEIGHTS
    return {
        code: float(counts[code][1]) for code in codes
    }, "Each small area (LSOA) is weighted by its usual residents (Census 2021)."


def place_links() -> dict[tuple[str, str], str]:
    """(kind, code) -> URL of the place page, for the rows of the ranked table."""
    from django.urls import reverse

    from .place_directory import place_directory

    return {(e.kind, e.code): reverse("publish:place", kwargs={"slug": e.slug}) for e in place_directory()}


# --- Indicator pages --------------------------------------------------------------------------------


def indicator_inequality(indicator: Indicator, place: Area, rows: Sequence[Observation]) -> InequalitySection | None:
    """The section for an indicator's latest small-area figures inside the place, or None without any."""
    if not rows:
        return None
    level = rows[0].area.level
    if level == Area.Level.WARD:
        return _ward_section(indicator, place, rows)
    column = _value_column(indicator)
    if column.startswith(OVERALL_INDEX_COLUMNS):
        return InequalitySection(
            place_name=place.name,
            not_measured=(
                "This is the Index of Multiple Deprivation itself, the ranking the fifths are cut by, so measuring "
                "its gap between the most and least deprived fifths would be circular: the gap would only restate "
                "how the fifths were chosen. The map and table above show how it varies across the "
                f"{_kind_word(place)}."
            ),
        )
    return _lsoa_section(indicator, place, rows, column)


def _value_column(indicator: Indicator) -> str:
    columns = (indicator.source or {}).get("value_columns") or [""]
    return str(columns[0])


def _domain_caveat(column: str) -> str:
    domain = DOMAIN_WEIGHTS.get(column.split("_")[0].split()[0]) if column else None
    if domain is None:
        return ""
    name, weight = domain
    return (
        f"The {name} domain is one of the seven domains that make up the Index of Multiple Deprivation "
        f"({weight:g}% of its weight), so part of this gradient is built into the ranking the fifths are cut by."
    )


def _kind_word(place: Area) -> str:
    from onestockport.plans.place import current_place

    return current_place().kind_word or "area"


def _lsoa_section(indicator: Indicator, place: Area, rows: Sequence[Observation], column: str) -> InequalitySection:
    values = {obs.area.code: float(obs.value) for obs in rows if obs.value is not None}
    ranks = lsoa_ranks(place)
    values = {code: value for code, value in values.items() if code in ranks}
    weights, weights_note = lsoa_populations(list(values))
    weight = weights or dict.fromkeys(values, 1.0)
    decimals = publisher_decimals(values.values())
    percent = unit_kind(indicator.unit) is UnitKind.PERCENTAGE

    def fmt(value: float) -> str:
        return format_value(value, indicator.unit, decimals)

    first_word = indicator.unit.split()[0].lower() if indicator.unit else ""
    noun = "rate" if percent else first_word if first_word in {"proportion", "score", "rate"} else "figure"
    section = fifths_section(
        {code: (value, weight[code]) for code, value in values.items()},
        ranks,
        kind="mean",
        scale=1.0,
        place=place,
        fmt=fmt,
        decimals=decimals,
        noun=noun,
        unit_words="percentage points" if percent else "",
    )
    ward_values = _ward_means(place, values, weight)
    borough = sum(values[c] * weight[c] for c in values) / sum(weight[c] for c in values) if values else None
    links = place_links()
    places = [
        (ward.code, ward.name, ward_values.get(ward.code), links.get(("ward", ward.code), "")) for ward in _wards(place)
    ]
    ranked = ranked_places(places, fmt=fmt)
    references = [ReferenceLine(place.name, borough)] if borough is not None else []
    title = f"{indicator.title}: {VINTAGE_WORDS[WARD_VINTAGE]} ranked, {rows[0].period_label}"
    return replace(
        section,
        weights_note=weights_note,
        caveat=_domain_caveat(column),
        chart_svg=chart_from_values(title, places, references, fmt, f"ranked-{indicator.slug}"),
        ranked_caption=title,
        ranked_note=(
            f"Each ward's figure is the {'population-weighted ' if weights else ''}mean of its small areas' "
            f"figures, taking each small area (LSOA 2021) in the ward that holds its centre (a best fit). "
            f"The {_kind_word(place)} line is worked out the same way from all its small areas."
        ),
        ranked_rows=ranked,
        references=[(line.name, fmt(line.value)) for line in references],
    )


def _wards(place: Area) -> list[Area]:
    return list(wards_of(place, vintage=WARD_VINTAGE))


def _ward_means(place: Area, values: Mapping[str, float], weight: Mapping[str, float]) -> dict[str, float]:
    fits = best_fit_wards(place, lsoa_vintage=LSOA_VINTAGE, ward_vintage=WARD_VINTAGE)
    total: dict[str, float] = defaultdict(float)
    base: dict[str, float] = defaultdict(float)
    for code, value in values.items():
        if code in fits:
            total[fits[code]] += value * weight[code]
            base[fits[code]] += weight[code]
    return {ward: total[ward] / base[ward] for ward in total if base[ward] > 0}


def _ward_section(indicator: Indicator, place: Area, rows: Sequence[Observation]) -> InequalitySection:
    vintage = rows[0].area.vintage or WARD_VINTAGE
    words = VINTAGE_WORDS.get(vintage, f"wards of {vintage}")
    decimals = publisher_decimals(obs.value for obs in rows)

    def fmt(value: float) -> str:
        return format_value(value, indicator.unit, decimals)

    current = vintage == WARD_VINTAGE
    links = place_links() if current else {}
    places = [(obs.area.code, obs.area.name, obs.value, links.get(("ward", obs.area.code), "")) for obs in rows]
    ranked = ranked_places(places, fmt=fmt)
    references = _references(indicator, place, rows[0].period_label)
    title = f"{indicator.title}: {words} ranked, {rows[0].period_label}"
    return InequalitySection(
        place_name=place.name,
        not_measured=(
            f"These figures are published for wards only, not for small areas (LSOAs), so the gap between the most and "
            f"least deprived fifths of the {_kind_word(place)}'s small areas and the slope index of inequality "
            "cannot be worked out from them."
        ),
        chart_svg=chart_from_values(title, places, references, fmt, f"ranked-{indicator.slug}"),
        ranked_caption=title,
        ranked_note=(
            ""
            if current
            else f"These are the {words}, ranked as published. They are not today's wards, so no ward's figure "
            "here is shown as a current ward's."
        ),
        ranked_rows=ranked,
        references=[(line.name, fmt(line.value)) for line in references],
    )


def _references(indicator: Indicator, place: Area, period: str) -> list[ReferenceLine]:
    """The place's and England's figures for the same period, where the indicator has them."""
    england = Area.objects.filter(level=Area.Level.COUNTRY).first()
    areas = [area for area in (place, england) if area is not None]
    found = {
        obs.area_id: obs
        for obs in current_observations(indicator, areas).filter(period_label=period, value__isnull=False)
        if not (obs.sex or obs.age or obs.category_type)
    }
    return [ReferenceLine(area.name, found[area.pk].value) for area in areas if area.pk in found]


# --- Shared pieces ----------------------------------------------------------------------------------


def fifths_section(
    values: Mapping[str, tuple[float, float]],
    ranks: Mapping[str, int],
    *,
    kind: Kind,
    scale: float,
    place: Area,
    fmt: Callable[[float], str],
    decimals: int,
    noun: str,
    unit_words: str,
) -> InequalitySection:
    """The fifths, gap and SII in words, or why they could not be worked out."""
    result = fifths_inequality(
        values,
        ranks,
        kind=kind,
        scale=scale,
        edition=f"the Index of Multiple Deprivation 2025 ({EDITION_NAME})",
        kind_word=_kind_word(place),
    )
    if result is None:
        return InequalitySection(
            place_name=place.name,
            not_measured="Too few small areas (LSOAs) have a figure to cut them into five groups by deprivation.",
        )
    words = result.describe(decimals=decimals, noun=noun, unit=unit_words)
    method = result.method
    signed = format_number(result.sii, decimals)
    method += f" Here the slope index in PHE's sign is {signed}."
    return InequalitySection(
        place_name=place.name,
        fifths=[FifthRow(f.label, len(f.lsoas), fmt(f.value)) for f in result.fifths],
        gap_words=words.gap,
        sii_words=words.sii,
        method=method,
        result=result,
    )


def ranked_places(
    places: Sequence[tuple[str, str, float | None, str]], *, fmt: Callable[[float], str], emphasis: str = ""
) -> list[RankedRow]:
    """(code, name, value, url) -> rows ranked highest first (rank 1), places without a figure last."""
    known = sorted((p for p in places if p[2] is not None), key=lambda p: (-p[2], p[1]))  # type: ignore[operator]
    unknown = sorted((p for p in places if p[2] is None), key=lambda p: p[1])
    rows = [
        RankedRow(i, name, fmt(value), url, code == emphasis) for i, (code, name, value, url) in enumerate(known, 1)
    ]
    rows += [RankedRow(None, name, "no figure", url, code == emphasis) for code, name, _, url in unknown]
    return rows


def chart_from_values(
    title: str,
    places: Sequence[tuple[str, str, float | None, str]],
    references: Sequence[ReferenceLine],
    fmt: Callable[[float], str],
    prefix: str,
    *,
    emphasis: str = "",
) -> str:
    bars = [RankedBar(code, name, value, code == emphasis) for code, name, value, _ in places]
    return ranked_chart(
        title=title,
        description="Places ranked from the highest figure to the lowest; the same figures are in the table.",
        bars=bars,
        format_value=fmt,
        id_prefix=prefix,
        references=references,
    )
