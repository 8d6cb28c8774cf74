"""Which small areas (LSOA 2021) make up a place page's place, which places it is ranked among, and how.

The pages, the API and the open data read the same answer, so a figure means the same thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from onestockport.places.models import Area, PlaceName

from .centre_pages import SUM_METHOD
from .place_common import NEIGHBOURHOOD_PROFILE_METHOD, WARD_PROFILE_METHOD, neighbourhood_siblings, ward_siblings
from .place_directory import CENTRE, NEIGHBOURHOOD, PlaceEntry


@dataclass(frozen=True)
class Members:
    lsoas: list[str]
    siblings: dict[str, list[str]]  # every place of the same kind (code -> its LSOAs), for ranks
    method: str  # how the LSOAs were chosen, shown beside every figure


def place_members(entry: PlaceEntry) -> Members:
    """The LSOAs of a ward (best fit), a neighbourhood (exact nesting) or a centre (its wards' LSOAs)."""
    if entry.kind == CENTRE:
        ward_codes = PlaceName.objects.get(code=entry.code).ward_codes.split()
        council = Area.objects.filter(code__in=ward_codes).select_related("parent").first()
        wards = ward_siblings(council.parent) if council and council.parent else {}
        lsoas = sorted(code for ward in ward_codes for code in wards.get(ward, []))
        # Centres overlap one another, so ranking them against each other would mislead: no siblings.
        return Members(lsoas, {}, SUM_METHOD)
    area = Area.objects.select_related("parent").get(code=entry.code)
    if area.parent is None:
        return Members([], {}, "")
    if entry.kind == NEIGHBOURHOOD:
        siblings = neighbourhood_siblings(area.parent)
        method = NEIGHBOURHOOD_PROFILE_METHOD
    else:
        siblings = ward_siblings(area.parent)
        method = WARD_PROFILE_METHOD
    return Members(list(siblings.get(entry.code, [])), siblings, method)
