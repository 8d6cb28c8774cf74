"""The API's places: every ward, neighbourhood and centre page, with its small areas and Census 2021 figures.

The same directory, members and profile the place pages show (onestockport.publish.place_*), as JSON.
"""

from collections.abc import Callable
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from onestockport.places.profiles import PlaceFigure, place_profile
from onestockport.publish.place_directory import KINDS, PlaceEntry, find_place, place_directory
from onestockport.publish.place_members import place_members

from .pagination import LimitOffset, Listing
from .schemas import Error, ValidationErrors

SLUG = r"^[A-Za-z0-9_-]{1,100}$"
PlaceKind = Literal["ward", "neighbourhood", "centre"]

router = Router(tags=["places"])


class PlaceSummary(Schema):
    kind: PlaceKind
    code: str
    name: str
    slug: str
    url: str
    api_url: str


class PlaceFigureOut(Schema):
    slug: str
    label: str
    topic: str
    value: float
    unit: str
    lower_95: str
    upper_95: str
    count: int
    total: int
    borough: str | None
    england: str | None
    rank: int | None
    rank_of: int | None
    comparison: str | None
    status: str | None
    source: str
    period: str
    method: str


class PlaceOut(PlaceSummary):
    lsoas: list[str]
    method: str
    population: int | None
    population_source: str
    figures: list[PlaceFigureOut]


def _summary(entry: PlaceEntry, link: Callable[[str], str]) -> dict:
    return {
        "kind": entry.kind,
        "code": entry.code,
        "name": entry.name,
        "slug": entry.slug,
        "url": link(reverse("publish:place", kwargs={"slug": entry.slug})),
        "api_url": link(reverse("api:v1:place", kwargs={"slug": entry.slug})),
    }


def _figure(figure: PlaceFigure) -> dict:
    return {
        "slug": figure.slug,
        "label": figure.label,
        "topic": figure.topic,
        "value": round(figure.value, 1),  # as ONS rounds its percentages
        "unit": figure.unit,
        "lower_95": figure.lower_display,
        "upper_95": figure.upper_display,
        "count": figure.count,
        "total": figure.total,
        "borough": figure.borough_display,
        "england": figure.england_display,
        "rank": figure.rank,
        "rank_of": figure.rank_of,
        "comparison": figure.comparison or None,
        "status": figure.status or None,
        "source": figure.source,
        "period": figure.period,
        "method": figure.method,
    }


@router.get("/places", response={200: list[PlaceSummary], 422: ValidationErrors}, summary="Places", url_name="places")
@paginate(LimitOffset)
def places(
    request: HttpRequest,
    kind: Annotated[PlaceKind | None, Query(description="Only this kind: ward, neighbourhood or centre.")] = None,
):
    entries = [entry for entry in place_directory() if kind is None or entry.kind == kind]
    entries.sort(key=lambda entry: (KINDS.index(entry.kind), entry.name))
    return Listing(entries, lambda entry: _summary(entry, request.build_absolute_uri))


@router.get(
    "/places/{slug}",
    response={200: PlaceOut, 404: Error, 422: ValidationErrors},
    summary="One place: its small areas and Census 2021 figures",
    url_name="place",
)
def place(
    request: HttpRequest,
    slug: Annotated[str, Path(description="The place's slug, as in its page's address.", pattern=SLUG)],
):
    entry = find_place(slug)
    if entry is None:
        raise HttpError(404, f"There is no place {slug!r}.")
    members = place_members(entry)
    profile = place_profile(members.lsoas, members.siblings, method=members.method) if members.lsoas else None
    return {
        **_summary(entry, request.build_absolute_uri),
        "lsoas": members.lsoas,
        "method": members.method,
        "population": profile.population if profile else None,
        "population_source": profile.population_source if profile else "",
        "figures": [_figure(figure) for figure in profile.figures] if profile else [],
    }
