"""A page per Census 2021 figure: the place's wards ranked, wards and neighbourhoods in a table with the
borough and England, and the gap and slope index across the borough's fifths by deprivation.

The figures come from `onestockport.places.census` (FIGURES, lsoa_counts, england_counts). Percentages are
shown to one decimal place, as ONS rounds Census percentages. Every area's figure is its LSOAs' counts summed
over their totals: wards by LSOA best fit (the ward holding the LSOA's centre), neighbourhoods (MSOAs) exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from onestockport.places import census
from onestockport.places.models import Area, CensusCount
from onestockport.places.selectors import best_fit_wards, neighbourhood_lsoas
from onestockport.plans.place import current_place

from .place_directory import neighbourhood_names
from .ranked_chart import ReferenceLine
from .small_area_inequality import (
    LSOA_VINTAGE,
    VINTAGE_WORDS,
    WARD_VINTAGE,
    InequalitySection,
    chart_from_values,
    fifths_section,
    lsoa_ranks,
    place_links,
    ranked_places,
)

DECIMALS = 1  # ONS rounds Census 2021 percentages to one decimal place


def figure_slugs() -> list[str]:
    """The figures with counts loaded for the place: a plan without a Census file has no figure pages."""
    loaded = set(CensusCount.objects.values_list("table", flat=True).distinct())
    return [figure.slug for figure in census.FIGURES if figure.table in loaded]


@dataclass(frozen=True)
class AreaRow:
    kind: str  # "Ward" | "Neighbourhood"
    name: str
    url: str
    rank: int | None
    rank_of: int
    display: str
    count: int
    total: int


@dataclass(frozen=True)
class CensusFigurePage:
    figure: census.FigureDefinition
    place_name: str
    borough_display: str
    england_display: str
    section: InequalitySection
    rows: list[AreaRow] = field(default_factory=list)


def _percent(value: float) -> str:
    return f"{value:.{DECIMALS}f}%"


def _share(parts: Sequence[tuple[int, int]]) -> tuple[float | None, int, int]:
    count, total = sum(p[0] for p in parts), sum(p[1] for p in parts)
    return (100 * count / total if total else None), count, total


def figure_page(slug: str) -> CensusFigurePage | None:
    figure = next((f for f in census.FIGURES if f.slug == slug), None)
    info = current_place()
    council = Area.objects.filter(code=info.code).first() if info.code else None
    if figure is None or council is None:
        return None
    counts: Mapping[str, tuple[int, int]] = census.lsoa_counts(slug)
    if not counts:
        return None
    # The council's own published counts where there are any: ONS perturbs small cells, so they may differ a
    # little from the sum of its LSOAs.
    published = census.borough_counts(slug)
    borough, _, _ = _share([published] if published else list(counts.values()))
    england_counts = census.england_counts(slug)
    england = 100 * england_counts[0] / england_counts[1] if england_counts and england_counts[1] else None
    links = place_links()
    wards = _ward_shares(council, counts)
    ward_places = [(code, name, value, links.get(("ward", code), "")) for code, name, value, _, _ in wards]
    references = [ReferenceLine(council.name, borough)] if borough is not None else []
    if england is not None:
        references.append(ReferenceLine("England", england))
    ranks = {code: rank for code, rank in lsoa_ranks(council).items() if code in counts}
    section = fifths_section(
        {code: counts[code] for code in ranks},
        ranks,
        kind="share",
        scale=100,
        place=council,
        fmt=_percent,
        decimals=DECIMALS,
        noun="share",
        unit_words="percentage points",
    )
    title = f"{figure.label}: {VINTAGE_WORDS[WARD_VINTAGE]} ranked, {figure.period}"
    section = replace(
        section,
        chart_svg=chart_from_values(title, ward_places, references, _percent, f"ranked-{slug}"),
        ranked_caption=title,
        ranked_note="Each ward's figure sums its small areas (LSOA 2021), each counted in the ward that holds "
        "its centre (a best fit).",
        ranked_rows=ranked_places(ward_places, fmt=_percent),
        references=[(line.name, _percent(line.value)) for line in references],
    )
    rows = _rows("Ward", wards, links, "ward") + _rows(
        "Neighbourhood", _neighbourhood_shares(info.code, counts), links, "neighbourhood"
    )
    return CensusFigurePage(
        figure=figure,
        place_name=council.name,
        borough_display=_percent(borough) if borough is not None else "\u2013",
        england_display=_percent(england) if england is not None else "\u2013",
        section=section,
        rows=rows,
    )


Share = tuple[str, str, float | None, int, int]  # code, name, percentage, count, total


def _ward_shares(council: Area, counts: Mapping[str, tuple[int, int]]) -> list[Share]:
    fits = best_fit_wards(council, lsoa_vintage=LSOA_VINTAGE, ward_vintage=WARD_VINTAGE)
    from .place_pages import current_wards

    shares = []
    for ward in current_wards(council.code):
        value, count, total = _share([counts[c] for c, w in fits.items() if w == ward.code and c in counts])
        shares.append((ward.code, ward.name, value, count, total))
    return shares


def _neighbourhood_shares(place_code: str, counts: Mapping[str, tuple[int, int]]) -> list[Share]:
    shares = []
    for code, name in sorted(neighbourhood_names(place_code).items(), key=lambda item: item[1]):
        value, count, total = _share([counts[c] for c in neighbourhood_lsoas(code) if c in counts])
        shares.append((code, name, value, count, total))
    return shares


def _rows(kind: str, shares: list[Share], links: Mapping[tuple[str, str], str], link_kind: str) -> list[AreaRow]:
    """Rows ranked within their kind (1 = highest share), in rank order."""
    ordered = sorted(shares, key=lambda s: (s[2] is None, -(s[2] or 0), s[1]))
    known = sum(1 for s in shares if s[2] is not None)
    return [
        AreaRow(
            kind,
            name,
            links.get((link_kind, code), ""),
            index if value is not None else None,
            known,
            _percent(value) if value is not None else "\u2013",
            count,
            total,
        )
        for index, (code, name, value, count, total) in enumerate(ordered, 1)
    ]
