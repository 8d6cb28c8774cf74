"""The place search page and the small indexes a static export answers the search from.

`search_page(text)` turns a search (onestockport.places.search) into what the page shows: a place page to go
straight to, a short list of links, or a plain sentence. The indexes are JSON documents the export writes (one
per postcode district, and one of names), read by place-search.js when there is no server to ask.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from onestockport.places.models import Area, BestFit, Postcode
from onestockport.places.postcodes import match_key, normalise_postcode
from onestockport.places.search import SearchResult, Target, load_search_index, search
from onestockport.plans.place import current_place

from .place_directory import neighbourhood_names, place_urls


@dataclass(frozen=True)
class PlaceLink:
    name: str
    kind: str  # "ward", "neighbourhood" or "centre"
    url: str | None  # None when the place has no page (yet)


@dataclass(frozen=True)
class SearchPage:
    query: str
    result: SearchResult | None  # None for an empty search: just the form
    redirect: str | None
    choices: tuple[PlaceLink, ...]
    related: tuple[PlaceLink, ...]
    place_name: str


def _links(targets: tuple[Target, ...], urls: dict[tuple[str, str], str]) -> tuple[PlaceLink, ...]:
    return tuple(PlaceLink(t.name, t.kind, urls.get((t.kind, t.code))) for t in targets)


def search_page(text: str) -> SearchPage:
    place_name = current_place().name
    query = " ".join(text.split())
    if not query:
        return SearchPage("", None, None, (), (), place_name)
    result = search(query, load_search_index())
    urls = place_urls()
    choices, related = _links(result.targets, urls), _links(result.related, urls)
    # A town or village is a choice of its own where the plan gives it a centre page, else not mentioned.
    centres = tuple(link for link in related if link.kind == "centre" and link.url)
    related = tuple(link for link in related if link.kind != "centre")
    if result.outcome == "choices":
        choices = (*centres, *choices)
    redirect = choices[0].url if result.outcome == "found" and choices else None
    if redirect and normalise_postcode(query):  # the ward page then says where in it the postcode is
        redirect = f"{redirect}?{urlencode({'postcode': result.postcode})}"
    return SearchPage(query, result, redirect, choices, related, place_name)


@dataclass(frozen=True)
class PostcodeHere:
    """A searched postcode on its ward's page: the postcode and the neighbourhood its small area is in."""

    postcode: str
    neighbourhood: PlaceLink | None


def postcode_here(kind: str, code: str, text: str) -> PostcodeHere | None:
    """The note for /places/<ward>/?postcode=..., when that postcode is in this ward; else None (a wrong or
    made-up postcode in the address shows nothing)."""
    postcode = normalise_postcode(text[:20])
    if kind != "ward" or postcode is None:
        return None
    found = Postcode.objects.filter(postcode=postcode, ward_code=code).first()
    if found is None:
        return None
    neighbourhood = None
    if found.lsoa_code:
        msoa = BestFit.objects.filter(area__code=found.lsoa_code, container__level=Area.Level.MSOA).first()
        if msoa is not None:
            url = place_urls().get(("neighbourhood", msoa.container.code))
            names = neighbourhood_names(msoa.container.parent.code) if msoa.container.parent else {}
            neighbourhood = PlaceLink(names.get(msoa.container.code, msoa.container.name), "neighbourhood", url)
    return PostcodeHere(found.postcode, neighbourhood)


def areas_query(rest: str) -> str:
    """The words of an /areas/<rest>/ address ("cheadle-hulme" -> "cheadle hulme")."""
    return " ".join(rest.replace("-", " ").replace("_", " ").replace("/", " ").split())


# --- Indexes for the static export ------------------------------------------------------------------------


def _slug(url: str) -> str:
    return url.strip("/").rsplit("/", 1)[-1]


def postcode_districts() -> list[str]:
    return sorted(set(Postcode.objects.values_list("district", flat=True)))


def district_index(district: str) -> dict[str, Any] | None:
    """{"district", "places": [[slug, name]], "postcodes": {inward: place}, "sectors": {digit: [places]}}, places
    by position in "places" to keep the file small; None if the place has no postcodes in the district."""
    rows = list(Postcode.objects.filter(district=district).values_list("postcode", "ward_code"))
    if not rows:
        return None
    urls = place_urls()
    index = load_search_index()
    places: list[list[str]] = []
    position: dict[str, int] = {}
    postcodes: dict[str, int] = {}
    sectors: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for postcode, ward in sorted(rows):
        url = urls.get(("ward", ward))
        if url is None:
            continue
        if ward not in position:
            position[ward] = len(places)
            places.append([_slug(url), index.ward(ward).name])
        inward = postcode.split(" ")[1]
        postcodes[inward] = position[ward]
        sectors[inward[0]][position[ward]] += 1
    by_count = {
        digit: [place for place, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        for digit, counts in sorted(sectors.items())
    }
    return {"district": district, "places": places, "postcodes": postcodes, "sectors": by_count}


def names_index() -> dict[str, Any]:
    """{"place", "districts": [...], "places": [[slug, name]], "names": {match key: [places]}}: what a name or a
    postcode district leads to, for the export's script."""
    index = load_search_index()
    urls = place_urls()
    places: list[list[str]] = []
    position: dict[str, int] = {}

    def place(target: Target) -> int | None:
        url = urls.get((target.kind, target.code))
        if url is None:
            return None
        if url not in position:
            position[url] = len(places)
            places.append([_slug(url), target.name])
        return position[url]

    names: dict[str, list[int]] = {}
    for entry in index.names:
        result = search(entry.name, index)
        centres = [t for t in result.related if t.kind == "centre"] if result.outcome == "choices" else []
        found = [p for p in (place(t) for t in (*centres, *result.targets)) if p is not None]
        if found:
            names.setdefault(match_key(entry.name), found)
    districts = {}
    for district in postcode_districts():
        found = [p for p in (place(index.ward(w)) for w in index.wards_of("district", district)) if p is not None]
        districts[district] = found
    return {"place": current_place().name, "districts": districts, "places": places, "names": names}


@dataclass(frozen=True)
class SectorRow:
    sector: str
    places: tuple[PlaceLink, ...]


def sector_rows() -> list[SectorRow]:
    """Every postcode sector of the place with the places it covers (most postcodes first): the export's page
    for finding a place without JavaScript."""
    index = load_search_index()
    urls = place_urls()
    sectors = sorted({postcode[:-2] for postcode in index.postcode_wards}, key=_sector_order)
    return [
        SectorRow(sector, _links(tuple(index.ward(w) for w in index.wards_of("sector", sector)), urls))
        for sector in sectors
    ]


def _sector_order(sector: str) -> tuple[str, int, int]:
    outward, digit = sector.split(" ")
    letters = outward.rstrip("0123456789") or outward
    number = outward[len(letters) :]
    return letters, int(number) if number.isdigit() else 0, int(digit)
