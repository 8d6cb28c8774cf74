"""`{% old_ward_figures ward as old_wards %}`: the 2004-2023 wards overlapping a current ward, for a place page."""

from __future__ import annotations

from django import template

from onestockport.places.models import Area
from onestockport.publish.old_wards import OldWardOverlap
from onestockport.publish.old_wards import old_ward_figures as overlaps_of

register = template.Library()


@register.simple_tag
def old_ward_figures(ward: Area | None) -> list[OldWardOverlap]:
    """Lets a page template include publish/partials/place_old_wards.html without a change to its view."""
    if ward is None or getattr(ward, "level", None) != Area.Level.WARD:
        return []
    return overlaps_of(ward)
