"""A ranked bar chart of places (wards, neighbourhoods), server-rendered SVG, with reference lines.

Made for a phone first: each place takes two lines, its name on the first and its bar on the second with
the value printed at the bar's end, so a long ward name never squeezes the bars and every value can be read
without hovering. As in `charts.py`, the outer ``<svg>`` is ``width="100%"`` with a fixed height in CSS
pixels; x positions are percentages of the width and y positions pixels, so the 14px text keeps its size.
Reference values (the borough, England) are dashed vertical lines named in a legend above the bars, each
with its own dash pattern, so they are not told apart by colour. The chart is one ``role="img"`` named by
its ``<title>`` and ``<desc>``; the page gives the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .charts import FONT_FAMILY, FONT_SIZE, NARROWEST_WIDTH, SECONDARY_TEXT, SVG_NS, TEXT
from .charts import _check_id_prefix as check_id_prefix
from .charts import _no_data as no_data
from .charts import _text_width as text_width

__all__ = ["RankedBar", "ReferenceLine", "ranked_chart"]

BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 on white, and white text on it passes too
EMPHASIS_COLOUR = "#54319f"  # the site's purple, for the place the page is about
REFERENCE_DASHES = ("8 4", "2 3", "12 3 2 3")
LEGEND_ROW = 22  # px
ROW = 42  # px per place: its name, then its bar
BAR_TOP = 20  # px from the top of a row to its bar
BAR_HEIGHT = 14
LABEL_GAP = 4  # px between a bar's end and its value


@dataclass(frozen=True)
class RankedBar:
    code: str
    name: str
    value: float | None
    emphasis: bool = False  # the place the page is about


@dataclass(frozen=True)
class ReferenceLine:
    name: str  # the borough or city, "England"
    value: float


def ranked_chart(
    *,
    title: str,
    description: str,
    bars: Sequence[RankedBar],
    format_value: Callable[[float], str],
    id_prefix: str,
    references: Sequence[ReferenceLine] = (),
) -> str:
    """The places ranked highest first (those without a figure last), values printed beside their bars."""
    check_id_prefix(id_prefix)
    known = sorted((bar for bar in bars if bar.value is not None), key=lambda bar: (-bar.value, bar.name))  # type: ignore[operator]
    unknown = sorted((bar for bar in bars if bar.value is None), key=lambda bar: bar.name)
    if not known:
        return no_data(title=title, description=description, id_prefix=id_prefix)
    numbers = [bar.value for bar in known] + [line.value for line in references]
    low, high = min(0.0, *numbers), max(0.0, *numbers)  # type: ignore[type-var]
    if high == low:
        high = low + 1

    def x(value: float) -> float:
        return 100 * (value - low) / (high - low)

    zero = x(0.0)
    top = LEGEND_ROW * len(references) + (8 if references else 0)
    rows = [*known, *unknown]
    height = top + ROW * len(rows) + 4
    p = id_prefix
    parts = [
        f'<svg xmlns="{SVG_NS}" role="img" aria-labelledby="{p}-title {p}-desc" width="100%" height="{height}"'
        f' font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" class="os-ranked-chart" focusable="false">',
        f'<title id="{p}-title">{escape(title)}</title>',
        f'<desc id="{p}-desc">{escape(_summary(description, known, unknown, references, format_value))}</desc>',
    ]
    for index, line in enumerate(references):
        y = LEGEND_ROW * index
        parts.append(
            f'<line x1="0" x2="28" y1="{y + 11}" y2="{y + 11}" stroke="{TEXT}" stroke-width="2"'
            f' stroke-dasharray="{_dash(index)}"/>'
            f'<text x="36" y="{y + 16}" fill="{TEXT}">{escape(f"{line.name}: {format_value(line.value)}")}</text>'
        )
    for index, bar in enumerate(rows):
        y = top + ROW * index
        weight = ' font-weight="bold"' if bar.emphasis else ""
        parts.append(f'<text x="0" y="{y + 14}" fill="{TEXT}"{weight}>{escape(bar.name)}</text>')
        if bar.value is None:
            parts.append(f'<text x="0" y="{y + BAR_TOP + 12}" fill="{SECONDARY_TEXT}">No figure</text>')
            continue
        parts.append(_bar(bar, x(bar.value), zero, y + BAR_TOP, format_value(bar.value)))
    # Reference and zero lines run through each bar's band only, so they never cross a place's name.
    bands = [top + ROW * index + BAR_TOP for index in range(len(known))]
    if low < 0:
        parts.append(_band_lines(_pc(zero), bands, f'stroke="{SECONDARY_TEXT}"'))
    for index, line in enumerate(references):
        style = f'stroke="{TEXT}" stroke-width="2" stroke-dasharray="{_dash(index)}"'
        parts.append(_band_lines(_pc(x(line.value)), bands, style))
    parts.append("</svg>")
    return "".join(parts)


def _band_lines(at: str, bands: Sequence[int], style: str) -> str:
    return "".join(
        f'<line x1="{at}" x2="{at}" y1="{band - 3}" y2="{band + BAR_HEIGHT + 3}" {style}/>' for band in bands
    )


def _bar(bar: RankedBar, end: float, zero: float, y: int, label: str) -> str:
    """The bar from zero to its value, and the value outside its end where it fits (else inside, in white)."""
    left, right = min(end, zero), max(end, zero)
    colour = EMPHASIS_COLOUR if bar.emphasis else BAR_COLOUR
    rect = f'<rect x="{_pc(left)}" y="{y}" width="{_pc(right - left)}" height="{BAR_HEIGHT}" fill="{colour}"/>'
    # Room is judged at the narrowest width the site plans for, so a label that fits there fits everywhere.
    room = 100 * (text_width(label) + 2 * LABEL_GAP) / NARROWEST_WIDTH
    baseline = y + BAR_HEIGHT - 2
    positive = end >= zero
    if positive and right + room <= 100:
        place = f'x="{_pc(right)}" dx="{LABEL_GAP}" fill="{TEXT}"'
    elif not positive and left - room >= 0:
        place = f'x="{_pc(left)}" dx="-{LABEL_GAP}" text-anchor="end" fill="{TEXT}"'
    elif positive:
        place = f'x="{_pc(right)}" dx="-{LABEL_GAP}" text-anchor="end" fill="#ffffff"'
    else:
        place = f'x="{_pc(left)}" dx="{LABEL_GAP}" fill="#ffffff"'
    return f'{rect}<text {place} y="{baseline}">{escape(label)}</text>'


def _summary(
    description: str,
    known: Sequence[RankedBar],
    unknown: Sequence[RankedBar],
    references: Sequence[ReferenceLine],
    fmt: Callable[[float], str],
) -> str:
    first, last = known[0], known[-1]
    sentences = [description, f"Highest: {first.name}, {fmt(first.value)}; lowest: {last.name}, {fmt(last.value)}."]  # type: ignore[arg-type]
    if references:
        sentences.append("Lines mark " + "; ".join(f"{line.name}: {fmt(line.value)}" for line in references) + ".")
    if unknown:
        sentences.append("No figure for " + ", ".join(bar.name for bar in unknown) + ".")
    return " ".join(sentence for sentence in sentences if sentence)


def _dash(index: int) -> str:
    return REFERENCE_DASHES[index % len(REFERENCE_DASHES)]


def _pc(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return ("0" if text in {"-0", ""} else text) + "%"
