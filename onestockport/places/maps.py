"""Server-side SVG maps: a choropleth and a locator outline. Pure functions, no Django.

The SVG is meant to be inlined in an HTML5 page (no XML declaration, no DOCTYPE), so:

* it is an accessible image: `role="img"`, labelled by its `<title>` and a `<desc>` that says in
  words what the map shows (range, highest and lowest areas, groups, areas with no data); each
  area is a `<path>` with its own `<title>` ("Name: value") as a tooltip;
* every id starts with the caller's `id_prefix`, so several maps can share a page;
* colours are a 5-class viridis scale (perceptually ordered, readable with the common colour
  vision deficiencies and in greyscale), areas are outlined in near-black so the lightest class
  still stands out from the page, and an area with no value is hatched and listed in the legend
  as "No data";
* coordinates are projected equirectangularly with longitude scaled by cos(latitude) (true
  shape at this scale), fitted to the viewBox, simplified (Douglas-Peucker, `tolerance` viewBox
  units) and written to one decimal place with relative moves, which keeps a map of a borough's
  twenty-odd wards to a few kilobytes.

A page should still give the numbers in a table beside the map: the map is a picture of them.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .geometry import polygons

__all__ = [
    "VIRIDIS_5",
    "ColourClass",
    "MapArea",
    "choropleth_svg",
    "classify",
    "outline_svg",
]

# viridis at 5 evenly spaced stops, light (low values) to dark (high values).
VIRIDIS_5 = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
TEXT = "#0b0c0c"
OUTLINE = "#0b0c0c"
SECONDARY = "#505a5f"
LIGHT = "#f3f2f1"
FONT = "arial, sans-serif"
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

Method = Literal["quantile", "equal-interval"]


@dataclass(frozen=True)
class MapArea:
    """One area to draw: its code, name and GeoJSON geometry (Polygon or MultiPolygon, lon/lat)."""

    code: str
    name: str
    geometry: Mapping[str, Any]


@dataclass(frozen=True)
class ColourClass:
    """One legend class: values from `lower` to `upper` (inclusive) drawn in `colour`."""

    lower: float
    upper: float
    colour: str
    count: int


# --- Classes ------------------------------------------------------------------------------------


def classify(
    values: Sequence[float], *, classes: int = 5, method: Method = "quantile", palette: Sequence[str] = VIRIDIS_5
) -> list[ColourClass]:
    """Split the values into up to `classes` colour classes (fewer when there are few distinct values).

    quantile: about the same number of areas in each class; equal values always share a class, and
    each class runs from its smallest to its largest value. equal-interval: `classes` classes of
    equal width from the minimum to the maximum (some may hold no areas).
    """
    if classes < 1 or classes > len(palette):
        raise ValueError(f"classes must be from 1 to {len(palette)}")
    ordered = sorted(values)
    if not ordered:
        return []
    if method == "quantile":
        uppers = sorted({ordered[max(0, math.ceil((k + 1) * len(ordered) / classes) - 1)] for k in range(classes)})
    elif method == "equal-interval":
        low, high = ordered[0], ordered[-1]
        if high == low:
            uppers = [high]
        else:
            uppers = [low + (high - low) * (k + 1) / classes for k in range(classes - 1)] + [high]
    else:
        raise ValueError(f"unknown classification method {method!r}")
    members: list[list[float]] = [[] for _ in uppers]
    for value in ordered:
        members[_first_at_least(uppers, value)].append(value)
    colours = _spread(palette, len(uppers))
    if method == "quantile":
        # Each class runs from its smallest to its largest value; ties never straddle two classes.
        return [
            ColourClass(group[0], group[-1], colour, len(group)) for group, colour in zip(members, colours, strict=True)
        ]
    lowers = [ordered[0], *uppers[:-1]]
    return [
        ColourClass(lower, upper, colour, len(group))
        for lower, upper, group, colour in zip(lowers, uppers, members, colours, strict=True)
    ]


def _first_at_least(uppers: Sequence[float], value: float) -> int:
    for index, upper in enumerate(uppers):
        if value <= upper:
            return index
    return len(uppers) - 1


def _spread(palette: Sequence[str], count: int) -> list[str]:
    if count <= 1:
        return [palette[len(palette) // 2]] * count
    return [palette[round(i * (len(palette) - 1) / (count - 1))] for i in range(count)]


def _class_of(value: float, classes: Sequence[ColourClass]) -> ColourClass:
    for colour_class in classes:
        if value <= colour_class.upper:
            return colour_class
    return classes[-1]


# --- Geometry to path data ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    """Projection of lon/lat into viewBox units, fitted to a width."""

    min_x: float
    max_y: float
    kx: float
    scale: float
    margin: float
    width: float
    height: float

    @classmethod
    def fit(cls, geometries: Sequence[Mapping[str, Any]], *, width: float, margin: float) -> _Frame:
        xs, ys = [], []
        for geometry in geometries:
            for polygon in polygons(geometry):
                for x, y in polygon[0]:
                    xs.append(x)
                    ys.append(y)
        if not xs:
            raise ValueError("no areas to draw")
        kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
        span_x = max((max(xs) - min(xs)) * kx, 1e-9)
        span_y = max(ys) - min(ys)
        scale = (width - 2 * margin) / span_x
        return cls(min(xs), max(ys), kx, scale, margin, width, span_y * scale + 2 * margin)

    def tenths(self, x: float, y: float) -> tuple[float, float]:
        """Projected position in tenths of a viewBox unit (not yet rounded)."""
        return (
            ((x - self.min_x) * self.kx * self.scale + self.margin) * 10,
            ((self.max_y - y) * self.scale + self.margin) * 10,
        )


def _simplify(points: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than `tolerance` to the line that replaces them."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            if distance > best:
                best, index = distance, i
        if index != -1 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _number(tenths: int) -> str:
    """A coordinate in tenths as the shortest decimal: 125 -> '12.5', 120 -> '12', -5 -> '-.5'."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{tenth}" if whole else f"{sign}.{tenth}"


def _pairs(numbers: Sequence[int]) -> str:
    out = []
    for number in numbers:
        text = _number(number)
        if out and not text.startswith("-"):
            out.append(" ")
        out.append(text)
    return "".join(out)


def _ring_path(ring: Sequence[tuple[float, float]], frame: _Frame, tolerance: float) -> str | None:
    projected = [frame.tenths(x, y) for x, y in ring]
    simplified = _simplify(projected, tolerance * 10)
    rounded: list[tuple[int, int]] = []
    for x, y in simplified:
        point = (round(x), round(y))
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(set(rounded)) < 3:
        return None
    start_x, start_y = rounded[0]
    deltas: list[int] = []
    for (x0, y0), (x1, y1) in itertools.pairwise(rounded):
        deltas += [x1 - x0, y1 - y0]
    return f"M{_pairs([start_x, start_y])}l{_pairs(deltas)}z"


def _path_data(geometry: Mapping[str, Any], frame: _Frame, tolerance: float) -> str:
    parts = []
    for polygon in polygons(geometry):
        outer = _ring_path(polygon[0], frame, tolerance)
        if outer is None:
            continue  # too small to see at this scale
        parts.append(outer)
        parts += [hole for hole in (_ring_path(ring, frame, tolerance) for ring in polygon[1:]) if hole]
    if not parts:
        # Keep every area visible: draw its largest ring without simplifying.
        largest = max((polygon[0] for polygon in polygons(geometry)), key=len)
        parts.append(_ring_path(largest, frame, 0) or "")
    return "".join(parts)


# --- SVG ----------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _check_prefix(id_prefix: str) -> None:
    if not _ID.match(id_prefix):
        raise ValueError("id_prefix must start with a letter and hold only letters, digits, '-' and '_'")


def auto_format(values: Sequence[float]) -> Callable[[float], str]:
    """A number format with decimals suited to the values' size (0 from 100 up, 1 from 10, else 2)."""
    largest = max((abs(v) for v in values), default=0)
    decimals = 0 if largest >= 100 else 1 if largest >= 10 else 2
    return lambda value: f"{value:,.{decimals}f}"


def _svg_open(id_prefix: str, width: float, height: float, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_dim(width)} {_dim(height)}" '
        f'width="{_dim(width)}" height="{_dim(height)}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="{css_class}">'
    )


def _dim(value: float) -> str:
    return f"{math.ceil(value)}"


def choropleth_svg(
    areas: Sequence[MapArea],
    values: Mapping[str, float | None],
    *,
    title: str,
    id_prefix: str,
    description: str = "",
    legend_title: str = "",
    classes: int = 5,
    method: Method = "quantile",
    palette: Sequence[str] = VIRIDIS_5,
    format_value: Callable[[float], str] | None = None,
    area_label: str = "areas",
    width: float = 480,
    tolerance: float = 0.5,
) -> str:
    """An accessible SVG choropleth of the areas shaded by `values` (area code -> value or None).

    `description` (optional) opens the `<desc>`; the rest of it is written from the data.
    `area_label` names the areas in that text ("wards", "neighbourhoods").
    """
    _check_prefix(id_prefix)
    if not areas:
        raise ValueError("no areas to draw")
    present = {a.code: float(values[a.code]) for a in areas if values.get(a.code) is not None}
    missing = [a for a in areas if a.code not in present]
    colour_classes = classify(list(present.values()), classes=classes, method=method, palette=palette)
    fmt = format_value or auto_format(list(present.values()))

    margin = 8.0
    frame = _Frame.fit([a.geometry for a in areas], width=width, margin=margin)
    legend_rows = [(c.colour, f"{_class_label(c, fmt)} ({_count(c.count, area_label)})") for c in colour_classes]
    if missing:
        legend_rows.append((f"url(#{id_prefix}-nodata)", f"No data ({_count(len(missing), area_label)})"))
    legend_top = frame.height + 8
    row_height = 26
    legend_height = (24 if legend_title else 0) + row_height * len(legend_rows)
    height = legend_top + legend_height + margin

    parts = [_svg_open(id_prefix, width, height, "os-map os-map--choropleth")]
    parts.append(f'<title id="{id_prefix}-title">{_escape(title)}</title>')
    summary = _summary(areas, present, missing, colour_classes, fmt, area_label)
    parts.append(f'<desc id="{id_prefix}-desc">{_escape(" ".join(filter(None, [description, summary])))}</desc>')
    if missing:
        parts.append(_hatch(id_prefix))
    parts.append(f'<g stroke="{OUTLINE}" stroke-width=".5" stroke-linejoin="round" fill-rule="evenodd">')
    for area in sorted(areas, key=lambda a: a.code):
        if area.code in present:
            value = present[area.code]
            fill = _class_of(value, colour_classes).colour
            label = f"{area.name}: {fmt(value)}"
        else:
            fill = f"url(#{id_prefix}-nodata)"
            label = f"{area.name}: no data"
        parts.append(_area_path(fill, _path_data(area.geometry, frame, tolerance), label))
    parts.append("</g>")
    parts.append(_legend(legend_title, legend_rows, top=legend_top, left=margin, row_height=row_height))
    parts.append("</svg>")
    return "".join(parts)


def _area_path(fill: str, data: str, label: str) -> str:
    return f'<path fill="{fill}" d="{data}"><title>{_escape(label)}</title></path>'


def _class_label(colour_class: ColourClass, fmt: Callable[[float], str]) -> str:
    low, high = fmt(colour_class.lower), fmt(colour_class.upper)
    return low if low == high else f"{low} to {high}"


def _summary(
    areas: Sequence[MapArea],
    present: Mapping[str, float],
    missing: Sequence[MapArea],
    classes: Sequence[ColourClass],
    fmt: Callable[[float], str],
    area_label: str,
) -> str:
    names = {a.code: a.name for a in areas}
    sentences = [f"Map of {len(areas)} {area_label}."]
    if present:
        highest = max(present, key=lambda code: (present[code], code))
        lowest = min(present, key=lambda code: (present[code], code))
        sentences.append(
            f"Values range from {fmt(present[lowest])} ({names[lowest]}) to {fmt(present[highest])} ({names[highest]})."
        )
        shades = "; ".join(f"{_class_label(c, fmt)}: {_count(c.count, area_label)}" for c in classes)
        sentences.append(f"Shaded in {len(classes)} groups, from the lowest values to the highest ({shades}).")
    if missing:
        listed = ", ".join(sorted(a.name for a in missing))
        sentences.append(f"No data for {_count(len(missing), area_label)}: {listed}.")
    return " ".join(sentences)


def _hatch(id_prefix: str) -> str:
    return (
        f'<defs><pattern id="{id_prefix}-nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{LIGHT}"/>'
        f'<path d="M0 0v6" stroke="{SECONDARY}" stroke-width="2"/></pattern></defs>'
    )


def _count(number: int, area_label: str) -> str:
    return f"{number} {area_label if number != 1 else _singular(area_label)}"


def _singular(area_label: str) -> str:
    return area_label[:-1] if area_label.endswith("s") else area_label


def _legend(title: str, rows: Sequence[tuple[str, str]], *, top: float, left: float, row_height: float) -> str:
    parts = [f'<g class="os-map__legend" font-family="{FONT}" font-size="16" fill="{TEXT}">']
    y = top
    if title:
        parts.append(f'<text x="{_dim(left)}" y="{_dim(y + 16)}" font-weight="bold">{_escape(title)}</text>')
        y += 24
    for fill, label in rows:
        parts.append(
            f'<rect x="{_dim(left)}" y="{_dim(y + 2)}" width="28" height="18" fill="{fill}" '
            f'stroke="{OUTLINE}" stroke-width=".5"/>'
            f'<text x="{_dim(left + 38)}" y="{_dim(y + 17)}">{_escape(label)}</text>'
        )
        y += row_height
    parts.append("</g>")
    return "".join(parts)


def outline_svg(
    areas: Sequence[MapArea],
    *,
    title: str,
    id_prefix: str,
    highlight: Collection[str] = (),
    description: str = "",
    width: float = 240,
    tolerance: float = 0.5,
) -> str:
    """A small locator map: every area outlined, the `highlight` codes filled dark."""
    _check_prefix(id_prefix)
    if not areas:
        raise ValueError("no areas to draw")
    frame = _Frame.fit([a.geometry for a in areas], width=width, margin=4)
    chosen = sorted(a.name for a in areas if a.code in highlight)
    summary = f"Outline of {len(areas)} areas" + (f", with {', '.join(chosen)} highlighted." if chosen else ".")
    parts = [_svg_open(id_prefix, width, frame.height, "os-map os-map--outline")]
    parts.append(f'<title id="{id_prefix}-title">{_escape(title)}</title>')
    parts.append(f'<desc id="{id_prefix}-desc">{_escape(" ".join(filter(None, [description, summary])))}</desc>')
    parts.append(f'<g stroke="{SECONDARY}" stroke-width=".75" stroke-linejoin="round" fill-rule="evenodd">')
    for area in sorted(areas, key=lambda a: (a.code in highlight, a.code)):
        fill = TEXT if area.code in highlight else LIGHT
        parts.append(_area_path(fill, _path_data(area.geometry, frame, tolerance), area.name))
    parts.append("</g></svg>")
    return "".join(parts)
