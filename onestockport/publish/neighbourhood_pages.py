"""A page for each neighbourhood (MSOA 2021) of the plan's place: where it is, its wards and neighbours,
the deprivation of its small areas (LSOAs), the plan's actions that name it and what residents of its wards said.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from onestockport.places.maps import MapArea, outline_svg
from onestockport.places.models import Area
from onestockport.places.selectors import boundaries_note, lsoas_of, map_areas, neighbourhood_lsoas
from onestockport.plans.models import Action, Plan
from onestockport.plans.place import current_place

from .place_common import (
    NEIGHBOURHOOD_PROFILE_METHOD,
    DecileSummary,
    decile_summary,
    lsoa_wards,
    neighbourhood_siblings,
    place_profile,
    small_areas,
)
from .place_directory import NEIGHBOURHOOD, WARD, PlaceEntry, neighbourhood_names, place_urls
from .place_pages import (
    DEPRIVATION_PERIOD,
    DEPRIVATION_SOURCE,
    LSOA_VINTAGE,
    Neighbourhood,
    WardVoice,
    _vertices,
    actions_naming,
    ward_terms,
    ward_voice,
)


@dataclass(frozen=True)
class PlaceLink:
    name: str
    url: str | None
    detail: str = ""  # "4 of its 5 small areas"


@dataclass(frozen=True)
class WardVoiceLink:
    ward: PlaceLink
    voice: WardVoice


@dataclass(frozen=True)
class NeighbourhoodPage:
    entry: PlaceEntry
    area: Area
    place_name: str
    count: int  # neighbourhoods in the place
    map_svg: str
    map_note: str
    wards: list[PlaceLink]
    neighbours: list[PlaceLink]
    small_areas: list[Neighbourhood]
    deprivation: DecileSummary | None
    actions: list[Action]
    voices: list[WardVoiceLink]
    profile: Any | None
    deprivation_source: str = DEPRIVATION_SOURCE
    deprivation_period: str = DEPRIVATION_PERIOD


def _small_area_shapes(council: Area) -> list[MapArea]:
    lsoas = list(lsoas_of(council, vintage=LSOA_VINTAGE))
    return map_areas(lsoas, vintage=LSOA_VINTAGE)


def neighbouring_msoas(shapes: Sequence[MapArea], members: dict[str, list[str]], code: str) -> list[str]:
    """Codes of the MSOAs with a small area that shares a boundary point with one of this MSOA's."""
    msoa_of = {lsoa: msoa for msoa, lsoas in members.items() for lsoa in lsoas}
    own = set(members.get(code, []))
    points: set[tuple[float, float]] = set()
    for shape in shapes:
        if shape.code in own:
            points |= _vertices(dict(shape.geometry))
    found = {
        msoa_of[shape.code]
        for shape in shapes
        if shape.code not in own and shape.code in msoa_of and points & _vertices(dict(shape.geometry))
    }
    return sorted(found)


def _ward_links(lsoas: Sequence[str], council: Area, urls: dict[tuple[str, str], str]) -> list[PlaceLink]:
    fits = lsoa_wards(council)
    counts = Counter(fits[code] for code in lsoas if code in fits)
    names = dict(Area.objects.filter(code__in=list(counts)).values_list("code", "name"))
    total = len(lsoas)
    return [
        PlaceLink(names[code], urls.get((WARD, code)), f"{count} of its {total} small areas")
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], names[item[0]]))
    ]


def neighbourhood_page(plan: Plan, entry: PlaceEntry) -> NeighbourhoodPage:
    place = current_place()
    area = Area.objects.select_related("parent").get(code=entry.code)
    council = area.parent
    lsoas = neighbourhood_lsoas(entry.code)
    members = neighbourhood_siblings(council)
    shapes = _small_area_shapes(council)
    svg = ""
    if shapes:
        svg = outline_svg(
            shapes,
            title=f"Where {entry.name} is in {place.name}",
            id_prefix="map-neighbourhood",
            highlight=lsoas,
            description=f"The small areas of {entry.name} are filled dark among the {place.kind_word}'s small areas.",
            width=320,
        )
    names = neighbourhood_names(council.code)
    urls = place_urls()
    neighbours = [
        PlaceLink(names.get(code, code), urls.get((NEIGHBOURHOOD, code)))
        for code in neighbouring_msoas(shapes, members, entry.code)
    ]
    neighbours.sort(key=lambda link: link.name)
    wards = _ward_links(lsoas, council, urls)
    rows = small_areas(lsoas, council)
    voices = []
    for link in wards:
        ward = Area.objects.filter(name=link.name, parent=council, level=Area.Level.WARD).order_by("-vintage").first()
        voice = ward_voice(plan, ward) if ward else None
        if voice:
            voices.append(WardVoiceLink(link, voice))
    return NeighbourhoodPage(
        entry=entry,
        area=area,
        place_name=place.name,
        count=len(members),
        map_svg=svg,
        map_note="" if svg else boundaries_note(lsoas_of(council, vintage=LSOA_VINTAGE)),
        wards=wards,
        neighbours=neighbours,
        small_areas=rows,
        deprivation=decile_summary(rows, council),
        actions=actions_naming(plan, name_terms(entry.name, place.name)),
        voices=voices,
        profile=place_profile(lsoas, members, method=NEIGHBOURHOOD_PROFILE_METHOD),
    )


def name_terms(name: str, place_name: str) -> list[str]:
    """The name and its '&' parts, without the short forms ward_terms adds by dropping compass words:
    "North Hilltop" should not claim every action that names Hilltop."""
    parts = {part.strip().casefold() for part in re.split(r"\s*&\s*|\s+and\s+", name) if part.strip()}
    return [term for term in ward_terms(name, place_name=place_name) if term == name or term.casefold() in parts]
