"""A page for each town or village (ONS built-up area) the plan's own text names: the wards and neighbourhoods
it takes in, the deprivation of their small areas, the plan's actions that name it and the passages that do.
"""

from __future__ import annotations

from dataclasses import dataclass

from onestockport.places.maps import outline_svg
from onestockport.places.models import Area, PlaceName
from onestockport.places.selectors import boundaries_note, map_areas
from onestockport.plans.models import Plan
from onestockport.plans.place import current_place

from .neighbourhood_pages import PlaceLink
from .place_common import lsoa_wards, small_areas
from .place_directory import NEIGHBOURHOOD, WARD, PlaceEntry, centre_name, neighbourhood_names, place_urls
from .place_pages import DEPRIVATION_PERIOD, DEPRIVATION_SOURCE, _vintage, current_wards
from .place_text import Passage, names_term, passages_naming, plan_passages

SUM_METHOD = "Sum of the small areas (LSOA 2021) whose centres fall in these wards"


@dataclass(frozen=True)
class CentreWardRow:
    link: PlaceLink
    lsoas: int
    most_deprived_20: int


@dataclass(frozen=True)
class CentrePage:
    entry: PlaceEntry
    official_name: str
    place_name: str
    map_svg: str
    map_note: str
    wards: list[CentreWardRow]
    total_lsoas: int
    total_most_deprived_20: int
    neighbourhoods: list[PlaceLink]
    passages: list[Passage]
    actions: list[PlaceLink]  # the plan's actions that name it: "Action 3: title" and its page
    sum_method: str = SUM_METHOD
    deprivation_source: str = DEPRIVATION_SOURCE
    deprivation_period: str = DEPRIVATION_PERIOD


def centre_page(plan: Plan, entry: PlaceEntry) -> CentrePage:
    place = current_place()
    row = PlaceName.objects.get(code=entry.code)
    ward_codes = row.ward_codes.split()
    wards = current_wards()
    council = next((ward.parent for ward in wards), None)
    shapes = map_areas(wards, vintage=_vintage())
    svg = ""
    if shapes:
        svg = outline_svg(
            shapes,
            title=f"Where {entry.name} is in {place.name}",
            id_prefix="map-centre",
            highlight=ward_codes,
            description=f"The wards that take in {entry.name} are filled dark among the {place.kind_word}'s wards.",
            width=320,
        )
    fits = lsoa_wards(council) if council else {}
    urls = place_urls()
    ward_rows = []
    for ward in (ward for ward in wards if ward.code in ward_codes):
        codes = sorted(code for code, fit in fits.items() if fit == ward.code)
        areas = small_areas(codes, council) if council else []
        ward_rows.append(
            CentreWardRow(
                PlaceLink(ward.name, urls.get((WARD, ward.code))),
                len(codes),
                sum(1 for area in areas if area.decile is not None and area.decile <= 2),
            )
        )
    all_centres = [
        centre_name(name) for name in PlaceName.objects.filter(kind="built-up-area").values_list("name", flat=True)
    ]
    longer = [name for name in all_centres if name != entry.name]
    passages = passages_naming(plan_passages(plan), entry.name, longer)
    return CentrePage(
        entry=entry,
        official_name=row.name,
        place_name=place.name,
        map_svg=svg,
        map_note="" if svg else boundaries_note(wards),
        wards=ward_rows,
        total_lsoas=sum(r.lsoas for r in ward_rows),
        total_most_deprived_20=sum(r.most_deprived_20 for r in ward_rows),
        neighbourhoods=_neighbourhoods_named(entry.name, council, longer, urls),
        passages=[p for p in passages if p.kind != "action"],
        actions=list(dict.fromkeys(PlaceLink(p.where, p.url) for p in passages if p.kind == "action")),
    )


def _neighbourhoods_named(
    name: str, council: Area | None, others: list[str], urls: dict[tuple[str, str], str]
) -> list[PlaceLink]:
    """Neighbourhoods whose friendly name contains the centre's name as a whole word."""
    if council is None:
        return []
    longer = [other for other in others if len(other) > len(name) and names_term(other, name)]
    return sorted(
        (
            PlaceLink(friendly, urls.get((NEIGHBOURHOOD, code)))
            for code, friendly in neighbourhood_names(council.code).items()
            if names_term(friendly, name, longer)
        ),
        key=lambda link: link.name,
    )
