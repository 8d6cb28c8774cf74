"""The place the site is for, as the loaded plan states it: its name, code, kind and the site's name.

The engine names no place itself. Pages, emails, reports, the API and command messages ask
`current_place()`, which reads the published plan's `place` section (saved by `plan load`). Before a
plan is loaded it falls back to the plan file named in the settings, and then to neutral words, so
that a fresh install still shows sensible text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError

# How a place of each kind is called in running text: "the borough", "the city".
KIND_WORDS = {
    "borough": "borough",
    "city": "city",
    "county": "county",
    "district": "district",
    "unitary": "area",
    "combined-authority": "city region",
}


@dataclass(frozen=True)
class PlaceInfo:
    site_name: str
    name: str
    code: str | None
    kind: str
    plan_title: str
    horizon: int | None
    status: str = ""
    stage: str = ""
    partnership: str = "the partnership"
    contact_email: str | None = None
    boundaries: dict[str, str | None] = field(default_factory=dict)

    @property
    def kind_word(self) -> str:
        """'borough', 'city'...: for sentences such as 'the borough's wards'."""
        return KIND_WORDS.get(self.kind, "area")

    @property
    def plan_label(self) -> str:
        """'the borough plan', 'the city plan': how running text names the plan."""
        return f"the {self.kind_word} plan"


NEUTRAL = PlaceInfo(
    site_name="Plan tracker", name="the area", code=None, kind="unitary", plan_title="The plan", horizon=None
)


def current_place() -> PlaceInfo:
    """The published plan's place (cheap: one small query per page, or the file read once per process)."""
    from onestockport.server.request_memo import once_per_request

    return once_per_request(("current_place", settings.ONESTOCKPORT_PLAN_SLUG), _read_current_place)


def _read_current_place() -> PlaceInfo:
    from onestockport.plans.models import Plan

    try:
        row = (
            Plan.objects.filter(slug=settings.ONESTOCKPORT_PLAN_SLUG)
            .values("place_settings", "title", "period_end", "status", "stage", "place")
            .first()
        )
    except DatabaseError:  # before migrations run, e.g. `setup` on a new machine
        row = None
    if row and row["place_settings"]:
        return _from_settings(
            row["place_settings"], row["title"], row["period_end"], status=row["status"], stage=row["stage"]
        )
    return place_from_file(Path(settings.ONESTOCKPORT_PLAN_FILE))


@functools.cache
def place_from_file(path: Path) -> PlaceInfo:
    """The place a plan file names, without loading it; NEUTRAL if the file is missing or invalid."""
    from onestockport.errors import OneStockportError
    from onestockport.plans.plan_file import read_plan_file

    try:
        content = read_plan_file(path).plan
    except (OneStockportError, OSError):
        return NEUTRAL
    place = content.place_settings()
    if place is None:
        return NEUTRAL
    info = content.plan
    return _from_settings(place.model_dump(), info.title, info.period_end, status=info.status, stage=info.stage or "")


def _from_settings(place: dict, title: str, horizon: int | None, *, status: str, stage: str) -> PlaceInfo:
    return PlaceInfo(
        site_name=place["site_name"],
        name=place["name"],
        code=place.get("code"),
        kind=place.get("kind", "borough"),
        plan_title=title,
        horizon=horizon,
        status=status,
        stage=stage,
        partnership=place.get("partnership") or "the partnership",
        contact_email=place.get("contact_email"),
        boundaries=dict(place.get("boundaries") or {}),
    )
