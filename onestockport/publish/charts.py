"""Server-side SVG line charts and sparklines, as strings to inline in public pages.

Pure Python, no Django and no plotting library: the pages must be light, pass axe-core and the Nu
HTML checker, and read without JavaScript. Every chart is one ``role="img"`` element named by its
``<title>`` and ``<desc>``; the page beside it carries the text summary and the table of numbers.

Why the chart is not one scaled ``viewBox``: a 640-unit chart shrunk into a 343px phone column draws
14-unit text at 7.5px. Instead the outer ``<svg>`` is ``width="100%"`` of its container and a fixed
``height`` in CSS pixels; x positions are percentages of the width and y positions are pixels, so
text, markers and dashes keep their size at any width and only the horizontal spacing changes. The
lines, gridlines and whiskers sit in a nested ``<svg>`` whose ``viewBox`` is 100 units wide
(``preserveAspectRatio="none"``), so a line's x coordinate is the same number as its markers'
percentage; their strokes are ``vector-effect="non-scaling-stroke"`` so stretching neither thickens
them nor stretches their dashes (only the whiskers' small caps widen and narrow with the chart). Text
is horizontal and laid out (gutters, thinned x labels, wrapped legend) so nothing overlaps in the
narrowest column we plan for (`NARROWEST_WIDTH`, a 320px screen less its margins); every period keeps
its tick mark when its label is thinned out.

Not distinguishable by colour alone: each series has its own colour (all at least 3:1 against white),
dash pattern and marker shape, and the legend repeats the line sample beside each name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from xml.sax.saxutils import escape

__all__ = [
    "NARROWEST_WIDTH",
    "ChartPoint",
    "ChartSeries",
    "TargetLine",
    "axis_ticks",
    "line_chart",
    "nice_ticks",
    "sparkline",
]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "Arial, sans-serif"  # the site's font; Liberation Sans has the same metrics
FONT_SIZE = 14  # CSS px: text is never scaled (see the module docstring)
LINE_HEIGHT = 18
NARROWEST_WIDTH = 288  # CSS px: a 320px screen less GOV.UK's 15px page margins, rounded down

TEXT = "#0b0c0c"  # GOV.UK text colour
SECONDARY_TEXT = "#505a5f"  # GOV.UK secondary text: 7:1 on white
GRIDLINE = "#b1b4b6"  # GOV.UK border colour; gridlines only support the labelled ticks
TARGET_COLOUR = "#00703c"  # GOV.UK green: 6.2:1 on white

# Reading the gutters: y-tick labels sit right-aligned in a left gutter; x labels are centred on
# their period, so the data are inset by half the widest label; the legend sits above the plot.
TICK_GAP = 8  # px between a y-tick label and the plot
X_TICK = 5  # px length of the x-axis tick marks
X_LABEL_BASELINE = 20  # px below the plot's bottom
BOTTOM_MARGIN = 26  # px below the plot's bottom: tick marks and x labels
MIN_PLOT_HEIGHT = 120  # px; the chart grows taller rather than squash the plot below this
LEGEND_SAMPLE = 28  # px length of a legend's line sample
LEGEND_TEXT_X = 36  # px from the start of a legend item to its name
LEGEND_ROW = 22  # px per legend row
LEGEND_GAP = 20  # px between legend items on a row
LABEL_GAP = 10  # px of clear space required between neighbouring x labels
WHISKER_CAP = 8  # px width of a confidence-interval whisker's cap, when the chart is `width` wide

_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_NICE_MULTIPLES = (1.0, 2.0, 5.0, 2.5)  # in order of preference when two steps fit equally tightly


@dataclass(frozen=True)
class ChartPoint:
    """One period of one series."""

    label: str  # the period as the x axis shows it, e.g. "2019/20", "2017-19"
    position: float  # numeric x position (e.g. the period's midpoint in years), so uneven spacing is honest
    value: float | None  # None: missing, drawn as a gap in the line
    lower: float | None = None  # 95% confidence limits, drawn as a whisker when both are given
    upper: float | None = None


@dataclass(frozen=True)
class ChartSeries:
    """One line: a place or a comparator."""

    name: str  # "Our Town", "England", ...
    points: Sequence[ChartPoint]
    emphasis: bool = False  # the place itself: a thicker, solid line with larger markers


@dataclass(frozen=True)
class TargetLine:
    """A target drawn as a dashed horizontal line, with its label."""

    value: float
    label: str  # e.g. "Target: 0 by 2038"
    position: float | None = None  # x position of the target date: marked there, and the axis extends to it


@dataclass(frozen=True)
class _Style:
    colour: str
    dash: str | None  # stroke-dasharray in px; None is a solid line
    marker: str  # a key of _MARKERS


# Colours all have at least 3:1 contrast with white (WCAG 1.4.11): purple 9.1, blue 5.2, red 4.9, grey 7.1,
# magenta 7.2, brown 5.3. Dashes and marker shapes differ too, so no series is told apart by colour alone.
_EMPHASIS_STYLE = _Style("#54319f", None, "dot")
_STYLES = (
    _Style("#1d70b8", "8 4", "square"),
    _Style("#d4351c", "2 3", "triangle"),
    _Style("#505a5f", "10 3 2 3", "diamond"),
    _Style("#912b88", "4 4", "triangle-down"),
    _Style("#a05a00", "14 4", "circle"),
)
# Marker shapes centred on (0, 0), about 9px across.
_MARKERS = {
    "dot": '<circle id="{id}" r="5.5"/>',  # the place's own, larger
    "circle": '<circle id="{id}" r="4.5"/>',
    "square": '<path id="{id}" d="M-4-4h8v8h-8z"/>',
    "triangle": '<path id="{id}" d="M0-5.5 5 3.5h-10z"/>',
    "diamond": '<path id="{id}" d="M0-5.5 5.5 0 0 5.5-5.5 0z"/>',
    "triangle-down": '<path id="{id}" d="M0 5.5 5-3.5h-10z"/>',
}

# Advance widths of Arial (and Liberation Sans) in thousandths of an em, to lay out text without a browser.
_CHAR_WIDTHS = {
    **dict.fromkeys("0123456789", 556),
    **dict.fromkeys(" ,.:;/!|'`", 278),
    **dict.fromkeys("-()[]{}", 333),
    "%": 889, "&": 667, "+": 584, "=": 584, "<": 584, ">": 584, "\u2212": 584, "\u00a3": 556,
    "A": 667, "B": 667, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278, "J": 500,
    "K": 667, "L": 556, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722, "S": 667, "T": 611,
    "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
    "a": 556, "b": 556, "c": 500, "d": 556, "e": 556, "f": 278, "g": 556, "h": 556, "i": 222, "j": 222,
    "k": 500, "l": 222, "m": 833, "n": 556, "o": 556, "p": 556, "q": 556, "r": 333, "s": 500, "t": 278,
    "u": 556, "v": 500, "w": 722, "x": 500, "y": 500, "z": 500,
}  # fmt: skip


# ----------------------------------------------------------------------------------------------- public


def nice_ticks(low: float, high: float) -> list[float]:
    """Four to six evenly spaced "nice" ticks (steps of 1, 2, 2.5 or 5 x 10^n) covering low..high.

    Of the steps that give four to six ticks, the one whose ticks hug the data most tightly wins; ties
    go to 1, 2 and 5 before 2.5, and 2.5 must be at least 10% tighter to win. ``low == high`` is widened
    so the scale never has zero height.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"axis limits must be finite numbers, not {low!r} and {high!r}")
    low, high = min(low, high), max(low, high)
    if low == high:
        if low == 0:
            return nice_ticks(0.0, 1.0)
        low, high = (0.0, low * 1.2) if low > 0 else (low * 1.2, 0.0)
    span = high - low
    # Each candidate: (how well it fits, (first tick / step, tick count, step, decimal exponent)).
    candidates: list[tuple[tuple[float, ...], tuple[int, int, float, int]]] = []
    top = math.floor(math.log10(span))
    for exponent in range(top - 2, top + 2):
        for rank, multiple in enumerate(_NICE_MULTIPLES):
            step = multiple * 10.0**exponent
            first = math.floor(low / step + 1e-9)
            last = math.ceil(high / step - 1e-9)
            count = last - first + 1
            coverage = (last - first) * step / span
            if 4 <= count <= 6:
                # Steps of 2.5 bring an extra decimal place, so they must fit clearly more tightly to win.
                fit: tuple[float, ...] = (0, round(coverage * (1.1 if multiple == 2.5 else 1.0), 9), rank, -count)
            elif 3 <= count <= 7:  # only if no step gives four to six (never seen, but be safe)
                fit = (1, abs(count - 5), coverage)
            else:
                continue
            candidates.append((fit, (first, count, step, exponent)))
    first, count, step, exponent = min(candidates)[1]
    places = 3 - exponent  # enough to undo floating-point noise such as 0.30000000000000004
    return [_clean(round((first + i) * step, places)) for i in range(count)]


def axis_ticks(*, minimum: float, maximum: float) -> list[float]:
    """The value axis for data spanning ``minimum..maximum``: nice ticks, from zero when that is sensible.

    Zero is included when the data are all of one sign and the value nearest zero is under 40% of the
    value furthest from it (a rate of 4 to 10 starts at 0; a rate of 80 to 95 starts near 80, as the
    differences would otherwise be flattened out of sight).
    """
    low, high = min(minimum, maximum), max(minimum, maximum)
    if low >= 0 and low < 0.4 * high:
        low = 0.0
    elif high <= 0 and -high < 0.4 * -low:
        high = 0.0
    return nice_ticks(low, high)


def line_chart(
    *,
    title: str,
    unit: str,
    series: Sequence[ChartSeries],
    target: TargetLine | None = None,
    id_prefix: str,
    description: str,
    width: int = 640,
    height: int = 320,
) -> str:
    """An accessible SVG line chart: the series over time, their confidence intervals and a target.

    ``title`` and ``description`` become the chart's ``<title>`` and ``<desc>``, which name it
    (``role="img"``, ``aria-labelledby``); the description should say in words what the chart shows.
    ``unit`` labels the value axis. Every ``id`` starts with ``id_prefix`` (a letter, then letters,
    digits, ``-`` or ``_``), so several charts can share a page.

    The chart is ``width="100%"`` of its container and ``height`` CSS pixels tall (taller if the legend
    needs it); its text stays 14px at every width. ``width`` is the width it is designed around, in CSS
    pixels: the whisker caps are `WHISKER_CAP` px across at that width, and the layout (gutters, which
    x labels to print, where the legend wraps) is planned for the narrower of ``width`` and
    `NARROWEST_WIDTH`, so the default holds from a 320px phone to a desktop. Give a ``width`` under
    288 only for a container that is always narrower than that.

    Series with no values at all are left out (the description should say so); if none has a value,
    the result is a small image saying "No data to chart".
    """
    _check_id_prefix(id_prefix)
    if width < 200:
        raise ValueError(f"width {width} is too narrow for a line chart: give 200 CSS pixels or more")
    drawn = [
        ChartSeries(name=s.name, points=sorted(s.points, key=lambda p: p.position), emphasis=s.emphasis)
        for s in series
        if any(_number(p.value) is not None for p in s.points)
    ]
    if not drawn:
        return _no_data(title=title, description=description, id_prefix=id_prefix)
    return _LineChart(
        title=title,
        unit=unit,
        series=drawn,
        target=target,
        id_prefix=id_prefix,
        description=description,
        width=width,
        height=height,
    ).render()


def sparkline(*, values: Sequence[float | None], id_prefix: str, label: str, width: int = 120, height: int = 30) -> str:
    """A tiny trend line for tables and cards: ``role="img"`` named by ``label`` (say what it shows).

    Values are evenly spaced; missing values break the line (a value with no neighbour is a small dot)
    and the latest value is marked with a larger dot. It scales with its ``viewBox`` if CSS resizes it;
    the stroke keeps its width.
    """
    _check_id_prefix(id_prefix)
    numbers = [_number(v) for v in values]
    known = [v for v in numbers if v is not None]
    parts = [
        f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{id_prefix}-title" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" focusable="false">',
        f'<title id="{id_prefix}-title">{escape(label)}</title>',
    ]
    if known:
        pad = 3.0
        low, high = min(known), max(known)
        spread = high - low

        def y(value: float) -> float:
            if spread == 0:
                return height / 2
            return pad + (high - value) / spread * (height - 2 * pad)

        def x(index: int) -> float:
            if len(numbers) == 1:
                return width / 2
            return pad + index / (len(numbers) - 1) * (width - 2 * pad)

        runs = [[(x(i), y(v)) for i, v in run] for run in _runs(numbers)]
        path = _path_data(runs)
        if path:
            parts.append(
                f'<path d="{path}" fill="none" stroke="{_STYLES[0].colour}" stroke-width="1.5"'
                ' stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
            )
        for (lone_x, lone_y), *rest in runs[:-1]:
            if not rest:
                parts.append(f'<circle cx="{_n(lone_x)}" cy="{_n(lone_y)}" r="1.5" fill="{_STYLES[0].colour}"/>')
        last_x, last_y = runs[-1][-1]
        parts.append(f'<circle cx="{_n(last_x)}" cy="{_n(last_y)}" r="2.5" fill="{_EMPHASIS_STYLE.colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------- the chart


class _LineChart:
    """Lays out and draws one chart; x positions are percentages of the width, y positions pixels."""

    def __init__(
        self,
        *,
        title: str,
        unit: str,
        series: list[ChartSeries],
        target: TargetLine | None,
        id_prefix: str,
        description: str,
        width: int,
        height: int,
    ) -> None:
        self.title = title
        self.unit = unit
        self.series = series
        self.target = target
        self.p = id_prefix
        self.description = description
        self.narrowest = narrowest = min(width, NARROWEST_WIDTH)
        self.styles = _assign_styles(series)

        # The value axis covers the values, the drawn confidence limits and the target.
        extent = [v for s in series for p in s.points for v in _point_extent(p)]
        if target is not None:
            extent.append(target.value)
        self.ticks = axis_ticks(minimum=min(extent), maximum=max(extent))
        decimals = max(_decimals_needed(t) for t in self.ticks)
        tick_labels = [_format_number(t, decimals) for t in self.ticks]

        # The time axis: every period of the drawn series, and the target date.
        periods: dict[float, str] = {}
        for s in series:
            for point in s.points:
                periods.setdefault(point.position, point.label)
        self.periods = sorted(periods.items())
        positions = [position for position, _ in self.periods]
        if target is not None and target.position is not None:
            positions.append(target.position)
        self.x_low, self.x_high = min(positions), max(positions)

        # Horizontal layout, in percent of the width as it would be at its narrowest.
        def percent(px: float) -> float:
            return 100 * px / narrowest

        widest_tick = max(_text_width(label) for label in tick_labels)
        self.plot_left = percent(widest_tick + TICK_GAP + 2)
        widest_period = max((_text_width(label) for _, label in self.periods), default=0)
        inset = percent(max(widest_period / 2 + 2, 10))
        self.data_left = max(self.plot_left + percent(8), inset)  # clear of the tick labels and the left edge
        self.data_right = 100 - inset
        self.tick_labels = tick_labels
        self.cap = 100 * WHISKER_CAP / width  # percent of the width: WHISKER_CAP px at the design width

        # Vertical layout, in pixels.
        self.legend, legend_height = self._legend_layout()
        self.unit_lines = _wrap(unit, narrowest)
        self.plot_top = legend_height + len(self.unit_lines) * LINE_HEIGHT + 12
        self.height = max(height, self.plot_top + MIN_PLOT_HEIGHT + BOTTOM_MARGIN)
        self.plot_bottom = self.height - BOTTOM_MARGIN

    # -- scales

    def x(self, position: float) -> float:
        if self.x_high == self.x_low:
            return (self.data_left + self.data_right) / 2
        share = (position - self.x_low) / (self.x_high - self.x_low)
        return self.data_left + share * (self.data_right - self.data_left)

    def y(self, value: float) -> float:
        low, high = self.ticks[0], self.ticks[-1]
        return self.plot_top + (high - value) / (high - low) * (self.plot_bottom - self.plot_top)

    def _marker_id(self, marker: str) -> str:
        return f"{self.p}-m{list(_MARKERS).index(marker)}"

    # -- layout

    def _legend_layout(self) -> tuple[list[tuple[float, float, list[str]]], float]:
        """Each legend item's left edge and first baseline in px, and its name's lines; and the legend's height.

        Items flow left to right and wrap as they would at the narrowest width, so the legend stays
        compact and in reading order at every width.
        """
        items: list[tuple[float, float, list[str]]] = []
        x, row_top, row_height = 0.0, 0.0, 0.0
        for s in self.series:
            lines = _wrap(s.name, self.narrowest - LEGEND_TEXT_X, bold=s.emphasis)
            item_width = LEGEND_TEXT_X + max(_text_width(line, bold=s.emphasis) for line in lines)
            if x > 0 and x + item_width > self.narrowest:
                x, row_top, row_height = 0.0, row_top + row_height, 0.0
            items.append((x, row_top + 15, lines))
            x += item_width + LEGEND_GAP
            row_height = max(row_height, LEGEND_ROW + LINE_HEIGHT * (len(lines) - 1))
        return items, row_top + row_height + 6

    def _shown_periods(self) -> list[tuple[float, str]]:
        """The period labels to print: every k-th, counting back from the latest, with the smallest k whose
        labels clear each other at the narrowest width; a k up to twice that is taken if it also shows the
        first period."""
        count = len(self.periods)

        def every(step: int) -> list[tuple[float, str]]:
            return self.periods[(count - 1) % step :: step]

        def fits(labels: list[tuple[float, str]]) -> bool:
            edges = [
                (
                    self.x(pos) * self.narrowest / 100 - _text_width(lab) / 2,
                    self.x(pos) * self.narrowest / 100 + _text_width(lab) / 2,
                )
                for pos, lab in labels
            ]
            return all(right + LABEL_GAP <= left for (_, right), (left, _) in pairwise(edges))

        step = next((k for k in range(1, count) if fits(every(k))), max(count, 1))
        both_ends = next((k for k in range(step, 2 * step + 1) if (count - 1) % k == 0 and fits(every(k))), None)
        return every(both_ends or step)

    # -- drawing

    def render(self) -> str:
        p = self.p
        order = sorted(range(len(self.series)), key=lambda i: self.series[i].emphasis)  # the place on top
        out = [
            f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{p}-title {p}-desc" width="100%"'
            f' height="{self.height}" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" focusable="false">',
            f'<title id="{p}-title">{escape(self.title)}</title>',
            f'<desc id="{p}-desc">{escape(self.description)}</desc>',
            self._defs(),
            self._stretched_layer(order),
            self._axis_labels(),
        ]
        if self.target is not None and self.target.position is not None:
            # A ringed dot where (and when) the target should be met.
            x, y = _n(self.x(self.target.position)), _n(self.y(self.target.value))
            out.append(
                f'<circle class="target" cx="{x}%" cy="{y}" r="6" fill="#fff" stroke="{TARGET_COLOUR}"'
                f' stroke-width="2"/><circle cx="{x}%" cy="{y}" r="2" fill="{TARGET_COLOUR}"/>'
            )
        out.extend(self._markers(i) for i in order)
        if self.target is not None:
            out.append(self._target_label(self.target))
        out.append(self._legend_and_unit())
        out.append("</svg>")
        return "".join(out)

    def _defs(self) -> str:
        p = self.p
        parts = ["<defs>"]
        for marker in dict.fromkeys(style.marker for style in self.styles):
            parts.append(_MARKERS[marker].format(id=self._marker_id(marker)))
        for index, style in enumerate(self.styles):
            if any(_whisker(point) for point in self.series[index].points):
                # A whisker's cap, in the stretched layer's units: a share of the width across, 1.5px thick.
                parts.append(
                    f'<marker id="{p}-cap{index}" markerUnits="userSpaceOnUse" orient="0" overflow="visible">'
                    f'<path d="M{_n(-self.cap / 2, 2)} 0h{_n(self.cap, 2)}" stroke="{style.colour}"'
                    ' stroke-width="1.5"/></marker>'
                )
        parts.append("</defs>")
        return "".join(parts)

    def _stretched_layer(self, order: list[int]) -> str:
        """Everything drawn as paths, in a layer stretched to the chart's width: x in percent, y in px.

        Gridlines (zero drawn dark), the x-axis tick marks, the target line, the whiskers and the lines.
        Strokes are non-scaling, so widths and dash patterns are in px whatever the stretch.
        """
        left = _n(self.plot_left)
        fixed = ' vector-effect="non-scaling-stroke"'
        parts = [
            f'<svg width="100%" height="{self.height}" viewBox="0 0 100 {self.height}"'
            ' preserveAspectRatio="none" overflow="visible">'
        ]
        grid = "".join(f"M{left} {_n(self.y(t))}H100" for t in self.ticks if t != 0)
        if grid:
            parts.append(f'<path class="grid" d="{grid}" stroke="{GRIDLINE}"{fixed}/>')
        marks = "".join(f"M{_n(self.x(pos))} {_n(self.plot_bottom)}v{X_TICK}" for pos, _ in self.periods)
        parts.append(f'<path d="{marks}" stroke="{SECONDARY_TEXT}"{fixed}/>')
        if 0 in self.ticks:
            parts.append(f'<path d="M{left} {_n(self.y(0))}H100" stroke="{TEXT}"{fixed}/>')
        if self.target is not None:
            parts.append(
                f'<path class="target" d="M{left} {_n(self.y(self.target.value))}H100" stroke="{TARGET_COLOUR}"'
                f' stroke-width="2" stroke-dasharray="14 6"{fixed}/>'
            )
        for index in order:
            points = [point for point in self.series[index].points if _whisker(point)]
            if not points:
                continue
            data = "".join(
                f"M{_n(self.x(point.position))} {_n(self.y(float(point.lower)))}"  # type: ignore[arg-type]
                f"V{_n(self.y(float(point.upper)))}"  # type: ignore[arg-type]
                for point in points
            )
            cap = f"url(#{self.p}-cap{index})"
            # Each whisker is a subpath of two vertices, and every vertex gets a cap.
            parts.append(
                f'<path class="ci" d="{data}" stroke="{self.styles[index].colour}" stroke-width="1.5" opacity="0.7"'
                f' marker-start="{cap}" marker-mid="{cap}" marker-end="{cap}"{fixed}/>'
            )
        for index in order:
            s, style = self.series[index], self.styles[index]
            runs = [
                [(self.x(point.position), self.y(value)) for point, value in run]
                for run in _runs([_number(point.value) for point in s.points], s.points)
            ]
            data = _path_data(runs)
            if data:  # isolated points have no line; their markers show them
                parts.append(f'<path class="series" d="{data}"{_stroke(style, emphasis=s.emphasis)}/>')
        parts.append("</svg>")
        return "".join(parts)

    def _axis_labels(self) -> str:
        """The value labels right-aligned in the left gutter, and the (thinned) period labels."""
        left = _n(self.plot_left)
        parts = [f'<g fill="{SECONDARY_TEXT}" text-anchor="end">']
        for tick, label in zip(self.ticks, self.tick_labels, strict=True):
            parts.append(f'<text x="{left}%" dx="-{TICK_GAP}" y="{_n(self.y(tick) + 5)}">{escape(label)}</text>')
        parts.append(f'</g><g fill="{TEXT}" text-anchor="middle">')
        y = _n(self.plot_bottom + X_LABEL_BASELINE)
        for position, label in self._shown_periods():
            parts.append(f'<text x="{_n(self.x(position))}%" y="{y}">{escape(label)}</text>')
        parts.append("</g>")
        return "".join(parts)

    def _target_label(self, target: TargetLine) -> str:
        y = self.y(target.value)
        lines = _wrap(target.label, self.narrowest * (100 - self.plot_left) / 100 - 4, bold=True)
        block = len(lines) * LINE_HEIGHT
        # Above the line if there is room inside the plot, otherwise below it; clear of the target's ring.
        gap = 10 if target.position is not None else 6
        first = y - gap - block + LINE_HEIGHT if y - self.plot_top >= block + gap else y + gap + 13
        tspans = "".join(
            f'<tspan x="100%" y="{_n(first + i * LINE_HEIGHT)}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        return (
            f'<text fill="{TARGET_COLOUR}" font-weight="bold" text-anchor="end" paint-order="stroke"'
            f' stroke="#fff" stroke-width="4" stroke-linejoin="round">{tspans}</text>'
        )

    def _markers(self, index: int) -> str:
        s, style = self.series[index], self.styles[index]
        href = f"#{self._marker_id(style.marker)}"
        uses = []
        for point in s.points:
            value = _number(point.value)
            if value is None:
                continue
            use = f'<use href="{href}" x="{_n(self.x(point.position))}%" y="{_n(self.y(value))}"'
            if s.emphasis:
                # A tooltip for the place's own points; everyone gets the numbers from the table.
                use += f"><title>{escape(_point_text(s.name, point))}</title></use>"
            else:
                use += "/>"
            uses.append(use)
        stroke_width = "1.5" if s.emphasis else "1"
        return f'<g fill="{style.colour}" stroke="#fff" stroke-width="{stroke_width}">{"".join(uses)}</g>'

    def _legend_and_unit(self) -> str:
        parts = [f'<g fill="{TEXT}">']
        for (left, baseline, lines), s, style in zip(self.legend, self.series, self.styles, strict=True):
            mid = _n(baseline - 5)
            sample = (
                f'<path d="M{_n(left)} {mid}h{LEGEND_SAMPLE}"{_stroke(style, emphasis=s.emphasis)}/>'
                f'<use href="#{self._marker_id(style.marker)}" x="{_n(left + LEGEND_SAMPLE / 2)}" y="{mid}"'
                f' fill="{style.colour}" stroke="#fff"/>'
            )
            weight = ' font-weight="bold"' if s.emphasis else ""
            tspans = "".join(
                f'<tspan x="{_n(left + LEGEND_TEXT_X)}" y="{_n(baseline + i * LINE_HEIGHT)}">{escape(line)}</tspan>'
                for i, line in enumerate(lines)
            )
            parts.append(f"{sample}<text{weight}>{tspans}</text>")
        top = self.plot_top - 12 - (len(self.unit_lines) - 1) * LINE_HEIGHT - 4
        for i, line in enumerate(self.unit_lines):
            parts.append(f'<text x="0" y="{_n(top + i * LINE_HEIGHT)}">{escape(line)}</text>')
        parts.append("</g>")
        return "".join(parts)


# ------------------------------------------------------------------------------------------- helpers


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID_PREFIX.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must start with a letter and hold only letters, digits, '-' and '_'")


def _assign_styles(series: Sequence[ChartSeries]) -> list[_Style]:
    """The first emphasised series gets the place's purple; the rest take the comparator styles in turn."""
    styles = []
    next_style = 0
    emphasis_used = False
    for s in series:
        if s.emphasis and not emphasis_used:
            styles.append(_EMPHASIS_STYLE)
            emphasis_used = True
        else:
            styles.append(_STYLES[next_style % len(_STYLES)])
            next_style += 1
    return styles


def _stroke(style: _Style, *, emphasis: bool) -> str:
    width = 3 if emphasis else 2
    attributes = f' fill="none" stroke="{style.colour}" stroke-width="{width}" stroke-linejoin="round"'
    if style.dash:
        attributes += f' stroke-dasharray="{style.dash}"'
    else:
        attributes += ' stroke-linecap="round"'
    return attributes + ' vector-effect="non-scaling-stroke"'


def _number(value: float | None) -> float | None:
    """A finite float, or None for a missing (None, NaN or infinite) value."""
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _whisker(point: ChartPoint) -> bool:
    return _number(point.value) is not None and _number(point.lower) is not None and _number(point.upper) is not None


def _point_extent(point: ChartPoint) -> list[float]:
    value = _number(point.value)
    if value is None:
        return []
    if _whisker(point):
        return [value, float(point.lower), float(point.upper)]  # type: ignore[arg-type]
    return [value]


def _runs(values: Sequence[float | None], items: Sequence | None = None) -> list[list[tuple]]:
    """Consecutive non-missing values as runs of (item, value); items default to the indexes."""
    items = range(len(values)) if items is None else items
    runs: list[list[tuple]] = [[]]
    for item, value in zip(items, values, strict=True):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((item, value))
    return [run for run in runs if run]


def _path_data(runs: Sequence[Sequence[tuple[float, float]]]) -> str:
    """Path data with one subpath per run of two or more points (pairs after M are implicit line-tos)."""
    return "".join("M" + " ".join(f"{_n(x)} {_n(y)}" for x, y in run) for run in runs if len(run) > 1)


def _n(value: float, places: int = 1) -> str:
    """A coordinate rounded to one decimal place (or `places`), written as briefly as possible."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _clean(value: float) -> float:
    return 0.0 if value == 0 else value


def _decimals_needed(value: float, limit: int = 6) -> int:
    for places in range(limit + 1):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return places
    return limit


def _format_number(value: float, decimals: int) -> str:
    """Thousands separators, a fixed number of decimals and a true minus sign: 12,345.6 or \u22120.25."""
    text = f"{abs(value):,.{decimals}f}"
    if value < 0 and any(ch not in "0.," for ch in text):
        return "\u2212" + text
    return text


def _point_text(name: str, point: ChartPoint) -> str:
    """A point's tooltip, its numbers at one precision: "Our Town, 2019/20: 9.8 (95% CI 8.1 to 11.2)"."""
    value = float(point.value)  # type: ignore[arg-type]
    limits = sorted((float(point.lower), float(point.upper))) if _whisker(point) else []  # type: ignore[arg-type]
    places = max(_decimals_needed(n, limit=3) for n in [value, *limits])
    text = f"{name}, {point.label}: {_format_number(value, places)}"
    if limits:
        text += f" (95% CI {_format_number(limits[0], places)} to {_format_number(limits[1], places)})"
    return text


def _text_width(text: str, size: float = FONT_SIZE, *, bold: bool = False) -> float:
    """Estimated width in px of `text` in Arial at `size` px; unknown characters count as wide."""
    width = sum(_CHAR_WIDTHS.get(ch, 1000 if ord(ch) >= 0x2E80 else 611) for ch in text) * size / 1000
    return width * 1.1 if bold else width  # Arial Bold runs about 10% wider


def _wrap(text: str, max_width: float, *, bold: bool = False) -> list[str]:
    """Split `text` at spaces into lines no wider than `max_width` px (a single long word stays whole)."""
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", bold=bold) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _no_data(*, title: str, description: str, id_prefix: str) -> str:
    p = id_prefix
    return (
        f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{p}-title {p}-desc" width="100%" height="40"'
        f' font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" focusable="false">'
        f'<title id="{p}-title">{escape(title)}</title><desc id="{p}-desc">{escape(description)}</desc>'
        f'<text x="0" y="25" fill="{TEXT}">No data to chart</text></svg>'
    )
