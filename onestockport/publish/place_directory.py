"""Every place page of the current plan's place, with its unique slug: wards, neighbourhoods and centres.

Wards are the current wards; neighbourhoods the MSOA 2021 areas of the council under their House of
Commons Library names; centres the towns and villages (ONS built-up areas tied to the place) that the
plan's own text names. Slugs come from the name; on a clash a neighbourhood gets "-neighbourhood" and a
centre "-centre", so a ward keeps the plain slug.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.urls import reverse

from onestockport.errors import PlanNotLoadedError
from onestockport.places.models import PlaceName
from onestockport.places.selectors import neighbourhoods
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Plan
from onestockport.plans.place import current_place

from .place_pages import current_wards, ward_slug
from .place_text import Passage, passages_naming, plan_passages

WARD, NEIGHBOURHOOD, CENTRE = "ward", "neighbourhood", "centre"
KINDS = (WARD, NEIGHBOURHOOD, CENTRE)


@dataclass(frozen=True)
class PlaceEntry:
    kind: str  # "ward" | "neighbourhood" | "centre"
    code: str
    name: str
    slug: str


def centre_name(official: str) -> str:
    """The name a text uses for a built-up area: the ONS name without its bracketed qualifier
    ("Hilltop (Town)" -> "Hilltop")."""
    return re.sub(r"\s*\([^)]*\)", "", official).strip()


def neighbourhood_names(place_code: str) -> dict[str, str]:
    """MSOA code -> its friendly (House of Commons Library) name, else its ONS name."""
    areas = neighbourhoods(place_code)
    friendly = dict(
        PlaceName.objects.filter(kind=PlaceName.Kind.NEIGHBOURHOOD, code__in=[a.code for a in areas]).values_list(
            "code", "name"
        )
    )
    return {area.code: friendly.get(area.code) or area.name for area in areas}


def named_centres(plan: Plan | None, passages: list[Passage] | None = None) -> list[PlaceName]:
    """The place's built-up areas whose name the plan's text uses (whole word), by name."""
    if plan is None:
        return []
    candidates = list(PlaceName.objects.filter(kind=PlaceName.Kind.BUILT_UP_AREA).order_by("name", "code"))
    if not candidates:
        return []
    passages = plan_passages(plan) if passages is None else passages
    names = [centre_name(row.name) for row in candidates]
    return [row for row, name in zip(candidates, names, strict=True) if passages_naming(passages, name, names)]


def _plan() -> Plan | None:
    try:
        return plan_selectors.get_plan()
    except PlanNotLoadedError:
        return None


# Inside `one_directory()` the directory is built once and reused: a page asks for it several times (its own
# entry, then links to other places) and each build reads the plan's text.
_built: ContextVar[dict[str, list[PlaceEntry]] | None] = ContextVar("place_directory", default=None)


@contextmanager
def one_directory() -> Iterator[None]:
    token = _built.set({})
    try:
        yield
    finally:
        _built.reset(token)


def one_directory_per_request(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view that builds the place directory at most once while it answers."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> HttpResponse:
        with one_directory():
            return view(*args, **kwargs)

    return wrapped


def place_directory() -> list[PlaceEntry]:
    """Every place page of the current plan's place: wards, then neighbourhoods, then centres, each by name."""
    built = _built.get()
    if built is None:
        return _build_directory()
    if "entries" not in built:
        built["entries"] = _build_directory()
    return list(built["entries"])


def _build_directory() -> list[PlaceEntry]:
    place = current_place()
    entries: list[PlaceEntry] = []
    taken: set[str] = set()

    def add(kind: str, code: str, name: str, suffix: str = "") -> None:
        slug = ward_slug(name)
        if slug in taken and suffix:
            slug = f"{slug}-{suffix}"
        if not slug or slug in taken:
            return  # two places of one kind with one name: the first keeps the page
        taken.add(slug)
        entries.append(PlaceEntry(kind, code, name, slug))

    for ward in current_wards(place.code) if place.code else []:
        add(WARD, ward.code, ward.name)
    if place.code:
        names = neighbourhood_names(place.code)
        for code, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
            add(NEIGHBOURHOOD, code, name, NEIGHBOURHOOD)
    for row in named_centres(_plan()):
        add(CENTRE, row.code, centre_name(row.name), CENTRE)
    return entries


def find_place(slug: str) -> PlaceEntry | None:
    return next((entry for entry in place_directory() if entry.slug == slug), None)


def place_url(kind: str, code: str) -> str | None:
    """'/places/<slug>/' for the page of that kind and code, or None if the place has no page."""
    return place_urls().get((kind, code))


def place_urls(entries: list[PlaceEntry] | None = None) -> dict[tuple[str, str], str]:
    """(kind, code) -> '/places/<slug>/' for every page: one directory build for a page with many links."""
    entries = place_directory() if entries is None else entries
    return {(e.kind, e.code): reverse("publish:place", kwargs={"slug": e.slug}) for e in entries}
