"""Placing postcodes in small areas: OS Code-Point Open grid references (British National Grid, EPSG:27700)
are projected to longitude/latitude (WGS84, EPSG:4326, the boundaries' system) with pyproj, then each point is
found in the LSOA 2021 boundary that contains it. Pure functions, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from .geometry import Locator, Point

BRITISH_NATIONAL_GRID = "EPSG:27700"
WGS84 = "EPSG:4326"


@cache
def _transformer() -> Any:
    # Imported here: only loading areas needs pyproj, and its import costs a little start-up time.
    from pyproj import Transformer

    return Transformer.from_crs(BRITISH_NATIONAL_GRID, WGS84, always_xy=True)


def to_longitude_latitude(grid_references: Iterable[tuple[int, int]]) -> list[Point]:
    """(easting, northing) pairs in metres to (longitude, latitude) pairs, in the same order."""
    pairs = list(grid_references)
    if not pairs:
        return []
    longitudes, latitudes = _transformer().transform([e for e, _ in pairs], [n for _, n in pairs])
    return list(zip(longitudes, latitudes, strict=True))


def place_points(points: Mapping[str, Point], areas: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[str, bool]]:
    """Each point's containing area (code, True); a point in none of them (generalised boundaries leave
    slivers between neighbours and at the edge) goes to the nearest area (code, False). No areas: no places."""
    if not areas:
        return {}
    locator = Locator(areas)
    return {key: locator.find(point) for key, point in points.items()}


def place_postcodes(
    grid_references: Mapping[str, tuple[int, int]], areas: Mapping[str, Mapping[str, Any]]
) -> dict[str, tuple[str, bool]]:
    """Postcode -> (code of the area containing its grid reference, whether it was inside)."""
    keys = list(grid_references)
    points = dict(zip(keys, to_longitude_latitude(grid_references[key] for key in keys), strict=True))
    return place_points(points, areas)
