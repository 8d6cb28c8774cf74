"""Plane geometry on GeoJSON Polygon/MultiPolygon geometries (longitude/latitude). Pure Python, no Django.

Small areas (wards, LSOAs) span a few kilometres, so treating longitude/latitude as a plane with
longitude scaled by cos(latitude) is accurate enough for centroids, containment and drawing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # outer ring first, then holes

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


def polygons(geometry: Mapping[str, Any]) -> list[Polygon]:
    """The polygons of a Polygon or MultiPolygon geometry, as lists of rings of (x, y) points."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        parts = [coordinates]
    elif kind == "MultiPolygon":
        parts = coordinates
    else:
        raise ValueError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in parts]


def geometry_problem(geometry: Any) -> str | None:
    """Why `geometry` is not a usable Polygon/MultiPolygon, or None if it is."""
    if not isinstance(geometry, Mapping):
        return "geometry is not an object"
    if geometry.get("type") not in GEOMETRY_TYPES:
        return f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon"
    try:
        parts = polygons(geometry)
    except (TypeError, ValueError) as exc:
        return f"coordinates are not lists of [longitude, latitude] numbers ({exc})"
    if not parts:
        return "geometry has no polygons"
    for polygon in parts:
        if not polygon:
            return "a polygon has no rings"
        for ring in polygon:
            if len(ring) < 4 or ring[0] != ring[-1]:
                return "a ring is not closed (it needs at least 4 points, the last equal to the first)"
            if not all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring):
                return "coordinates are not longitude/latitude (out of range)"
    return None


def bounds(geometries: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float]:
    """(min longitude, min latitude, max longitude, max latitude) over the geometries."""
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for polygon in polygons(geometry):
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
    if not xs:
        raise ValueError("no coordinates")
    return min(xs), min(ys), max(xs), max(ys)


def _ring_area_centroid(ring: Sequence[Point], kx: float) -> tuple[float, float, float]:
    """Signed area and centroid of a ring in a plane where x is scaled by kx."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * kx * y1 - x1 * kx * y0
        area += cross
        cx += (x0 * kx + x1 * kx) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        x, y = ring[0]
        return 0.0, x * kx, y
    return area, cx / (6 * area), cy / (6 * area)


def centroid(geometry: Mapping[str, Any]) -> Point:
    """The area-weighted centroid (holes subtracted), as (longitude, latitude)."""
    parts = polygons(geometry)
    lat0 = sum(y for polygon in parts for y in (p[1] for p in polygon[0])) / sum(len(p[0]) for p in parts)
    kx = math.cos(math.radians(lat0))
    total = sx = sy = 0.0
    for polygon in parts:
        for index, ring in enumerate(polygon):
            area, cx, cy = _ring_area_centroid(ring, kx)
            # Outer rings count positive and holes negative, whichever way round they are wound.
            weight = abs(area) if index == 0 else -abs(area)
            total += weight
            sx += cx * weight
            sy += cy * weight
    if total == 0:
        x, y = parts[0][0][0]
        return x, y
    return sx / total / kx, sy / total


def contains(geometry: Mapping[str, Any], point: Point) -> bool:
    """Whether the point lies inside the geometry (even-odd rule, so holes are outside)."""
    return _contains(polygons(geometry), point)


def _contains(parts: Sequence[Polygon], point: Point) -> bool:
    x, y = point
    inside = False
    for polygon in parts:
        for ring in polygon:
            for (x0, y0), (x1, y1) in itertools.pairwise(ring):
                if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                    inside = not inside
    return inside


def representative_point(geometry: Mapping[str, Any]) -> Point:
    """A point inside the geometry: the centroid if it is inside, else the middle of the widest
    stretch of the horizontal line through the centroid (for C-shaped areas)."""
    point = centroid(geometry)
    if contains(geometry, point):
        return point
    y = point[1]
    crossings = sorted(
        x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        for polygon in polygons(geometry)
        for ring in polygon
        for (x0, y0), (x1, y1) in itertools.pairwise(ring)
        if (y0 > y) != (y1 > y)
    )
    stretches = [(b - a, (a + b) / 2) for a, b in zip(crossings[::2], crossings[1::2], strict=False)]
    if not stretches:
        return polygons(geometry)[0][0][0]
    return max(stretches)[1], y


def distance_to_boundary(geometry: Mapping[str, Any], point: Point) -> float:
    """Distance (in degrees of latitude, longitude scaled by cos(latitude)) from a point to the nearest edge."""
    px, py = point
    kx = math.cos(math.radians(py))
    best = math.inf
    for polygon in polygons(geometry):
        for ring in polygon:
            for (x0, y0), (x1, y1) in itertools.pairwise(ring):
                best = min(best, _segment_distance((px * kx, py), (x0 * kx, y0), (x1 * kx, y1)))
    return best


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


class Locator:
    """Finds which of several areas (e.g. wards) contains a point; the areas are prepared once."""

    def __init__(self, candidates: Mapping[str, Mapping[str, Any]]) -> None:
        self._areas = []
        for code in sorted(candidates):
            parts = polygons(candidates[code])
            xs = [x for polygon in parts for x, _ in polygon[0]]
            ys = [y for polygon in parts for _, y in polygon[0]]
            self._areas.append((code, (min(xs), min(ys), max(xs), max(ys)), parts, candidates[code]))

    def find(self, point: Point) -> tuple[str, bool]:
        """The code of the area containing the point, and True; or, if none contains it
        (generalised boundaries leave slivers), the nearest area and False."""
        x, y = point
        for code, (x0, y0, x1, y1), parts, _ in self._areas:
            if x0 <= x <= x1 and y0 <= y <= y1 and _contains(parts, point):
                return code, True
        code = min(self._areas, key=lambda area: distance_to_boundary(area[3], point))[0]
        return code, False
