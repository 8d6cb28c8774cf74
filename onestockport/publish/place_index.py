"""The places index and the dispatch from a place slug to its page (ward, neighbourhood or centre)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from onestockport.places import census
from onestockport.places.models import Area
from onestockport.plans.models import Plan

from .census_figures import figure_slugs
from .centre_pages import centre_page
from .neighbourhood_pages import neighbourhood_page
from .place_common import (
    WARD_PROFILE_METHOD,
    neighbourhood_siblings,
    place_profile,
    ward_neighbourhoods,
    ward_siblings,
)
from .place_directory import CENTRE, NEIGHBOURHOOD, WARD, PlaceEntry, find_place, place_directory
from .place_members import place_members
from .place_pages import ward_page

TEMPLATES = {WARD: "publish/place.html", NEIGHBOURHOOD: "publish/neighbourhood.html", CENTRE: "publish/centre.html"}


@dataclass(frozen=True)
class PlacesIndex:
    wards: list[PlaceEntry]
    neighbourhoods: list[PlaceEntry]
    centres: list[PlaceEntry]
    figures: list[census.FigureDefinition] = field(default_factory=list)  # Census figures with a page each

    @property
    def total(self) -> int:
        return len(self.wards) + len(self.neighbourhoods) + len(self.centres)


def places_index() -> PlacesIndex:
    entries = place_directory()
    return PlacesIndex(
        wards=[e for e in entries if e.kind == WARD],
        neighbourhoods=[e for e in entries if e.kind == NEIGHBOURHOOD],
        centres=[e for e in entries if e.kind == CENTRE],
        figures=[figure for figure in census.FIGURES if figure.slug in set(figure_slugs())],
    )


@dataclass(frozen=True)
class PlacePage:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def place_page(plan: Plan, slug: str) -> PlacePage | None:
    """The template and context of the page at /places/<slug>/, or None if there is no such place."""
    entry = find_place(slug)
    if entry is None:
        return None
    if entry.kind == NEIGHBOURHOOD:
        return PlacePage(TEMPLATES[NEIGHBOURHOOD], {"page": neighbourhood_page(plan, entry), "entry": entry})
    if entry.kind == CENTRE:
        members = place_members(entry)
        profile = place_profile(members.lsoas, members.siblings, method=members.method)
        return PlacePage(TEMPLATES[CENTRE], {"page": centre_page(plan, entry), "entry": entry, "profile": profile})
    ward = Area.objects.select_related("parent").get(code=entry.code)
    context: dict[str, Any] = {"page": ward_page(plan, ward), "entry": entry}
    if ward.parent is not None:
        siblings = ward_siblings(ward.parent)
        context["profile"] = place_profile(siblings.get(ward.code, []), siblings, method=WARD_PROFILE_METHOD)
        context["ward_neighbourhoods"] = ward_neighbourhoods(ward, neighbourhood_siblings(ward.parent), siblings)
    return PlacePage(TEMPLATES[WARD], context)
