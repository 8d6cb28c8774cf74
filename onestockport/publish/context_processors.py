"""Values every public template needs: the site's name and place, its navigation, and whether it is a static export."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse

from onestockport.plans.models import Plan
from onestockport.plans.place import NEUTRAL, PlaceInfo, current_place

NAVIGATION = [
    ("Plan on a page", "publish:home"),
    ("Actions", "publish:actions"),
    ("Measures", "publish:indicators"),
    ("Places", "publish:places"),
    ("Values", "publish:values"),
    ("Partners", "publish:partners"),
    ("About the plan", "publish:about"),
]

# The static exporter (onestockport.export) marks its requests with this WSGI environ key. It is not an
# HTTP header, so no visitor of the live site can set it.
STATIC_EXPORT_ENVIRON_KEY = "onestockport.static_export"


def is_static_export(request: HttpRequest) -> bool:
    """True while the page is being rendered for the static export, which has no server behind it."""
    return bool(request.META.get(STATIC_EXPORT_ENVIRON_KEY))


@dataclass(frozen=True)
class PlanParts:
    """Which optional parts the published plan has (all of them before a plan is loaded)."""

    vision: bool = True
    values: bool = True
    actions: bool = True


def plan_parts() -> PlanParts:
    """One small query: whether the published plan has a vision, values and actions."""
    try:
        row = (
            Plan.objects.filter(slug=settings.ONESTOCKPORT_PLAN_SLUG)
            .annotate(
                value_count=Count("values", distinct=True), action_count=Count("priorities__actions", distinct=True)
            )
            .values("vision", "value_count", "action_count")
            .first()
        )
    except DatabaseError:  # before migrations run
        row = None
    if row is None:
        return PlanParts()
    return PlanParts(vision=bool(row["vision"]), values=row["value_count"] > 0, actions=row["action_count"] > 0)


def service_name(place: PlaceInfo, parts: PlanParts) -> str:
    """The header's words beside the site name: "Our vision for 2030" for a plan with a vision, else its title."""
    if parts.vision and place.horizon:
        return f"Our vision for {place.horizon}"
    return place.plan_title


def plan_phrase(place: PlaceInfo) -> str:
    """How running text names the plan: "Our Town's borough plan for 2035"; "the plan" before one is loaded."""
    if place == NEUTRAL:
        return "the plan"
    horizon = f" for {place.horizon}" if place.horizon else ""
    return f"{place.name}'s {place.kind_word} plan{horizon}"


def site(request: HttpRequest) -> dict:
    path = request.path
    parts = plan_parts()
    # A plan without values has no values page; one without actions needs no link to the (empty) list.
    hidden = ({"publish:values"} if not parts.values else set()) | ({"publish:actions"} if not parts.actions else set())
    items = []
    for label, name in NAVIGATION:
        if name in hidden:
            continue
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    place = current_place()
    return {
        "site_name": place.site_name,
        "site_place": place,
        "service_name": service_name(place, parts),
        "plan_phrase": plan_phrase(place),
        "plan_has_vision": parts.vision,
        "plan_has_actions": parts.actions,
        "navigation": items,
        # A static copy cannot search or sign in: templates offer the live site instead.
        "static_export": is_static_export(request),
        "live_site_url": settings.ONESTOCKPORT_SITE_URL.rstrip("/"),
    }
