"""The parts of the plan-on-a-page poster's layout: its content, type styles, boxes and the frame of a sheet.

Plain records, no Django; every line is measured with Liberation Sans's own metrics (`text_metrics`).
`poster_layout` arranges these parts into the grid or the columns.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace

from .text_metrics import metrics, wrap

PT = 25.4 / 72  # millimetres per point
PAGE_WIDTH, PAGE_HEIGHT = 420.0, 297.0  # A3 landscape, mm
MARGIN = 12.0
INNER = PAGE_WIDTH - 2 * MARGIN
GUTTER = 6.0  # between columns
GAP = 4.0  # between stacked boxes
PADDING = 4.0  # inside a box
RULE = 2.0  # the left rule of a priority or value box
HEADER_PADDING = 7.0  # inside the vision band
HEADER_MAX = 70.0  # the vision band's tallest: a long vision is set smaller rather than crowd the themes
SAFETY = 1.0  # mm narrower than the box when we wrap, so a renderer never needs an extra line
FLOOR_PT = 7.0  # the smallest body text: still readable on a printed A3 sheet
SCALES = tuple(round(1 - 0.05 * step, 2) for step in range(12))  # 1.0 down to 0.45, where all is at its floor

PURPLE = "#54319f"  # the site's brand colour: white text on it is 9.1:1
TEXT = "#0b0c0c"
SECONDARY = "#505a5f"
PANEL = "#f3f2f1"
WHITE = "#ffffff"


# ---------------------------------------------------------------------------------------------- content


@dataclass(frozen=True)
class PosterPriority:
    name: str
    ambition: str
    actions: int
    measures: int


@dataclass(frozen=True)
class PosterTheme:
    name: str
    tagline: str
    priorities: list[PosterPriority]


@dataclass(frozen=True)
class PosterValue:
    name: str
    statement: str


@dataclass(frozen=True)
class PosterContent:
    site_name: str
    title: str
    status: str
    source: str
    vision: str
    strapline: str
    themes: list[PosterTheme]
    values: list[PosterValue]


# ---------------------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class TextStyle:
    size_pt: float
    bold: bool = False
    colour: str = TEXT
    leading: float = 1.25  # line height in em
    space_after: float = 1.5  # mm
    min_pt: float = FLOOR_PT

    @property
    def size(self) -> float:
        return self.size_pt * PT

    @property
    def line_height(self) -> float:
        return self.size * self.leading

    def at(self, scale: float) -> TextStyle:
        """This style scaled, never below its floor; the space after shrinks with the type."""
        size = max(self.min_pt, round(self.size_pt * scale, 2))
        return replace(self, size_pt=size, space_after=round(self.space_after * size / self.size_pt, 2))


STYLES = {
    "kicker": TextStyle(14, colour=WHITE, space_after=2, min_pt=9),
    "vision": TextStyle(34, bold=True, colour=WHITE, leading=1.15, space_after=2, min_pt=14),
    "strapline": TextStyle(16, colour=WHITE, space_after=0, min_pt=9),
    "theme": TextStyle(28, bold=True, colour=PURPLE, leading=1.15, space_after=1.5, min_pt=11),
    "tagline": TextStyle(14, space_after=0),
    "priority": TextStyle(18, bold=True, space_after=2, min_pt=8.5),
    "ambition": TextStyle(14.5, space_after=2),
    "counts": TextStyle(11.5, colour=SECONDARY, space_after=0),
    "continued": TextStyle(10, bold=True, colour=SECONDARY, space_after=1.5),
    "values": TextStyle(18, bold=True, colour=PURPLE, space_after=0, min_pt=10),
    "value": TextStyle(14, bold=True, space_after=1, min_pt=8),
    "statement": TextStyle(11.5, space_after=0),
    "footer": TextStyle(10, colour=SECONDARY, space_after=0),
}


@dataclass(frozen=True)
class Text:
    kind: str  # a key of STYLES
    text: str
    lines: list[str]
    top: float  # mm from the top of its panel's content area
    style: TextStyle

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.line_height


@dataclass(frozen=True)
class Panel:
    x: float
    y: float
    width: float
    height: float
    texts: list[Text]
    fill: str | None = None
    top_rule: str | None = None  # colour of a 2.5mm rule along the top
    left_rule: str | None = None  # colour of a 2mm rule down the left
    padding: float = PADDING
    group: str = ""  # panels of one theme share a group, so the PDF can keep them in one section
    sheet: int = 0

    @property
    def content_height(self) -> float:
        return self.texts[-1].top + self.texts[-1].height if self.texts else 0.0


@dataclass
class PosterLayout:
    content: PosterContent
    panels: list[Panel] = field(default_factory=list)
    sheets: int = 1
    scale: float = 1.0  # of the body text: 1.0 is full size
    shape: str = "grid"  # or "columns"
    width: float = PAGE_WIDTH
    height: float = PAGE_HEIGHT


@functools.lru_cache(maxsize=8192)
def wrap_cached(text: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    return tuple(wrap(text, width=width, size=size, bold=bold))


def stack(items: list[tuple[str, str]], *, width: float, scale: float) -> list[Text]:
    """Texts laid one under another in a box `width` wide (its padding already taken off); empty ones left out."""
    pieces = []
    for kind, text in items:
        if text and text.strip():
            style = STYLES[kind].at(scale)
            lines = list(wrap_cached(text, width - SAFETY, style.size, style.bold))
            pieces.append(Piece(kind, style, lines, " ".join(text.split())))
    return restack(pieces)


@dataclass(frozen=True)
class Piece:
    kind: str
    style: TextStyle
    lines: list[str]
    text: str  # the whole text, for the PDF to wrap; a part's own lines when a text is split


def restack(pieces: list[Piece]) -> list[Text]:
    texts, top = [], 0.0
    for index, piece in enumerate(pieces):
        texts.append(Text(kind=piece.kind, text=piece.text, lines=piece.lines, top=top, style=piece.style))
        space = piece.style.space_after if index < len(pieces) - 1 else 0.0
        top += len(piece.lines) * piece.style.line_height + space
    return texts


def needed(texts: list[Text], padding: float = PADDING) -> float:
    return (texts[-1].top + texts[-1].height if texts else 0.0) + 2 * padding


def counts_line(priority: PosterPriority) -> str:
    parts = []
    if priority.actions:
        parts.append(f"{priority.actions} action{'s' if priority.actions != 1 else ''}")
    if priority.measures:
        parts.append(f"{priority.measures} measure{'s' if priority.measures != 1 else ''} of success")
    return " · ".join(parts)


def priority_items(priority: PosterPriority) -> list[tuple[str, str]]:
    return [("priority", priority.name), ("ambition", priority.ambition), ("counts", counts_line(priority))]


# ---------------------------------------------------------------------------------------------- every sheet


@dataclass(frozen=True)
class Frame:
    """A sheet's fixed parts: the band at the top and the footer; between them is the room for the rest."""

    panels: list[Panel]
    top: float  # where the room starts
    bottom: float  # where it ends


def sheet_frame(content: PosterContent, *, sheet: int, sheets: int, scale: float) -> Frame:
    kicker = f"{content.title} · {content.status}"
    if sheet == 0:
        # A long vision is set smaller, down to its floor, rather than take the themes' room.
        for header_scale in [s for s in SCALES if s <= scale] or [SCALES[-1]]:
            texts = stack(
                [("kicker", kicker), ("vision", content.vision), ("strapline", content.strapline)],
                width=INNER,
                scale=header_scale,
            )
            padding = HEADER_PADDING
            if needed(texts, padding=padding) <= HEADER_MAX:
                break
    else:
        texts, padding = stack([("kicker", f"{kicker} · continued")], width=INNER, scale=scale), 5.0
    band = needed(texts, padding=padding)
    parts = [content.site_name]
    if content.title != content.site_name:
        parts.append(content.title)
    parts.append(f"Source: {content.source}")
    if sheets > 1:
        parts.append(f"Sheet {sheet + 1} of {sheets}")
    footer = stack([("footer", " · ".join(parts))], width=INNER, scale=1.0)
    footer_top = PAGE_HEIGHT - MARGIN + 4 - footer[-1].top - footer[-1].height  # its baseline sits in the margin
    panels = [
        Panel(0, 0, PAGE_WIDTH, band, texts, fill=PURPLE, padding=padding, group="vision", sheet=sheet),
        Panel(MARGIN, footer_top, INNER, needed(footer, 0), footer, padding=0, group="footer", sheet=sheet),
    ]
    return Frame(panels=panels, top=band + 6, bottom=footer_top - 4)


def values_band(content: PosterContent, *, bottom: float, scale: float) -> tuple[list[Panel], float]:
    """The values along the bottom of a sheet ending at `bottom`: their panels and where the band starts."""
    if not content.values:
        return [], bottom
    per_row = min(len(content.values), 8)
    rows = math.ceil(len(content.values) / per_row)
    per_row = math.ceil(len(content.values) / rows)
    width = (INNER - GUTTER * (per_row - 1)) / per_row
    texts = [
        stack([("value", v.name), ("statement", v.statement)], width=width - 2 * PADDING - RULE, scale=scale)
        for v in content.values
    ]
    panels: list[Panel] = []
    top = bottom
    for row in reversed(range(rows)):
        chunk = texts[row * per_row : (row + 1) * per_row]
        height = max(needed(t) for t in chunk)
        top -= height
        for index, value_texts in enumerate(chunk):
            x = MARGIN + index * (width + GUTTER)
            panels.append(Panel(x, top, width, height, value_texts, fill=PANEL, left_rule=PURPLE, group="values"))
        top -= GAP
    top += GAP
    title = stack([("values", "Our values")], width=INNER, scale=scale)
    title_top = top - 2 - title[0].height
    panels.insert(0, Panel(MARGIN, title_top, INNER, title[0].height, title, padding=0, group="values"))
    return panels, title_top


def text_fits(layout: PosterLayout) -> list[str]:
    """Every line that is wider than its box or every box whose text runs past its bottom (empty: all fit)."""
    problems = []
    for panel in layout.panels:
        width = panel.width - 2 * panel.padding - (RULE if panel.left_rule else 0)
        for text in panel.texts:
            font = metrics(bold=text.style.bold)
            problems.extend(
                f"{line!r} is {font.width(line, text.style.size):.1f}mm wide in a {width:.1f}mm box"
                for line in text.lines
                if font.width(line, text.style.size) > width
            )
        used = panel.content_height + 2 * panel.padding + (1.0 if panel.top_rule else 0.0)
        if panel.texts and used > panel.height + 0.01:
            problems.append(f"{panel.texts[0].text!r} needs {used:.1f}mm in a {panel.height:.1f}mm box")
    return problems
