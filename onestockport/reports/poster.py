"""The plan on a page as an A3 poster: one layout, drawn as a standalone SVG and printed as a PDF.

The content comes from the same selector as the web plan on a page (`themes_with_priorities`), so the
poster and the home page cannot disagree. The layout is computed here in millimetres with Liberation
Sans's own metrics (`text_metrics`): the SVG draws every line where the layout put it, and the PDF
places the same boxes and lets WeasyPrint wrap the same text in them at the same sizes (narrower
measured lines here mean WeasyPrint's never need more room). Text that cannot fit at the sizes below
is a LayoutError, never a silently clipped poster.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.template.loader import render_to_string

from onestockport.plans.models import Plan
from onestockport.plans.selectors import themes_with_priorities

from .errors import LayoutError
from .pdf import html_to_pdf
from .text_metrics import FONT_FAMILY, metrics, wrap

PT = 25.4 / 72  # millimetres per point
PAGE_WIDTH, PAGE_HEIGHT = 420.0, 297.0  # A3 landscape, mm
MARGIN = 12.0
GUTTER = 6.0  # between theme columns
GAP = 4.0  # between stacked boxes
PADDING = 4.0  # inside a box
HEADER_PADDING = 7.0  # inside the vision band
SAFETY = 1.0  # mm narrower than the box when we wrap, so a renderer never needs an extra line
ASCENT, DESCENT = 1854 / 2048, 434 / 2048  # Liberation Sans hhea metrics, in em: where a line's baseline sits

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


def poster_content(plan: Plan) -> PosterContent:
    """The plan on a page, read exactly as the home page reads it."""
    themes = [
        PosterTheme(
            name=theme.name,
            tagline=theme.tagline,
            priorities=[
                PosterPriority(
                    name=priority.name,
                    ambition=priority.ambition,
                    actions=priority.action_count,
                    measures=len(priority.measures.all()),
                )
                for priority in theme.priorities.all()
            ],
        )
        for theme in themes_with_priorities(plan)
    ]
    vision = plan.vision or {}
    return PosterContent(
        site_name=settings.ONESTOCKPORT_SITE_NAME,
        title=plan.title,
        status=plan.status,
        source=plan.source,
        vision=vision.get("statement", ""),
        strapline=vision.get("strapline", ""),
        themes=themes,
        values=[PosterValue(name=value.name, statement=value.statement) for value in plan.values.all()],
    )


# ---------------------------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class TextStyle:
    size_pt: float
    bold: bool = False
    colour: str = TEXT
    leading: float = 1.25  # line height in em
    space_after: float = 1.5  # mm

    @property
    def size(self) -> float:
        return self.size_pt * PT

    @property
    def line_height(self) -> float:
        return self.size * self.leading


STYLES = {
    "kicker": TextStyle(14, colour=WHITE, space_after=2),
    "vision": TextStyle(34, bold=True, colour=WHITE, leading=1.15, space_after=2),
    "strapline": TextStyle(16, colour=WHITE, space_after=0),
    "theme": TextStyle(28, bold=True, colour=PURPLE, leading=1.15, space_after=1.5),
    "tagline": TextStyle(14, space_after=0),
    "priority": TextStyle(18, bold=True, space_after=2),
    "ambition": TextStyle(14.5, space_after=2),
    "counts": TextStyle(11.5, colour=SECONDARY, space_after=0),
    "values": TextStyle(18, bold=True, colour=PURPLE, space_after=0),
    "value": TextStyle(14, bold=True, space_after=1),
    "statement": TextStyle(11.5, space_after=0),
    "footer": TextStyle(10, colour=SECONDARY, space_after=0),
}
# The HTML element each kind of text is in the PDF, so the tagged PDF has a heading outline.
ELEMENTS = {
    "kicker": "p",
    "vision": "h1",
    "strapline": "p",
    "theme": "h2",
    "tagline": "p",
    "priority": "h3",
    "ambition": "p",
    "counts": "p",
    "values": "h2",
    "value": "h3",
    "statement": "p",
    "footer": "p",
}


@dataclass(frozen=True)
class Text:
    kind: str  # a key of STYLES
    text: str
    lines: list[str]
    top: float  # mm from the top of its panel's content area

    @property
    def style(self) -> TextStyle:
        return STYLES[self.kind]

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

    @property
    def content_height(self) -> float:
        return self.texts[-1].top + self.texts[-1].height if self.texts else 0.0


@dataclass
class PosterLayout:
    content: PosterContent
    panels: list[Panel] = field(default_factory=list)
    width: float = PAGE_WIDTH
    height: float = PAGE_HEIGHT


def _stack(items: list[tuple[str, str]], *, width: float) -> list[Text]:
    """Texts laid one under another in a box `width` wide (its padding already taken off)."""
    texts, top = [], 0.0
    for index, (kind, text) in enumerate(items):
        style = STYLES[kind]
        lines = wrap(text, width=width - SAFETY, size=style.size, bold=style.bold)
        texts.append(Text(kind=kind, text=text, lines=lines, top=top))
        top += len(lines) * style.line_height
        if index < len(items) - 1:
            top += style.space_after
    return texts


def _needed(texts: list[Text], padding: float = PADDING) -> float:
    return (texts[-1].top + texts[-1].height if texts else 0.0) + 2 * padding


def layout_poster(content: PosterContent) -> PosterLayout:
    """Every box and line of the poster, in mm on an A3 landscape page; LayoutError if anything overflows."""
    if len(content.themes) == 0:
        raise LayoutError("the plan has no themes to put on the poster")
    result = PosterLayout(content=content)
    inner = PAGE_WIDTH - 2 * MARGIN

    # The vision band across the top, bleeding to the page's edges.
    header = _stack(
        [
            ("kicker", f"{content.title} · {content.status}"),
            ("vision", content.vision),
            ("strapline", content.strapline),
        ],
        width=inner,
    )
    header_height = _needed(header, padding=0) + 2 * HEADER_PADDING
    result.panels.append(
        Panel(
            x=0,
            y=0,
            width=PAGE_WIDTH,
            height=header_height,
            texts=header,
            fill=PURPLE,
            padding=HEADER_PADDING,
            group="vision",
        )
    )

    # Theme columns: a heading box, then one box per priority, all the same height across the page.
    columns = len(content.themes)
    column_width = (inner - GUTTER * (columns - 1)) / columns
    text_width = column_width - 2 * PADDING - 2  # 2mm for the left rule of priority boxes
    theme_texts = [
        _stack([("theme", theme.name), ("tagline", theme.tagline)], width=column_width - 2 * PADDING)
        for theme in content.themes
    ]
    priority_texts = [
        [
            _stack(
                [
                    ("priority", p.name),
                    ("ambition", p.ambition),
                    (
                        "counts",
                        f"{p.actions} action{'s' if p.actions != 1 else ''} · "
                        f"{p.measures} measure{'s' if p.measures != 1 else ''} of success",
                    ),
                ],
                width=text_width,
            )
            for p in theme.priorities
        ]
        for theme in content.themes
    ]
    theme_height = max(_needed(texts) for texts in theme_texts) + 1.0  # the top rule takes 1mm more than padding
    rows = max(len(theme.priorities) for theme in content.themes)
    priority_height = max((_needed(texts) for column in priority_texts for texts in column), default=0.0)

    # The values band and the footer, from the bottom up.
    values_title = _stack([("values", "Our values")], width=inner)
    value_count = max(len(content.values), 1)
    value_width = (inner - GUTTER * (value_count - 1)) / value_count
    value_texts = [
        _stack([("value", v.name), ("statement", v.statement)], width=value_width - 2 * PADDING - 2)
        for v in content.values
    ]
    value_height = max((_needed(texts) for texts in value_texts), default=0.0)
    footer = _stack([("footer", f"{content.site_name} · Source: {content.source}")], width=inner)
    footer_top = PAGE_HEIGHT - MARGIN + 4 - footer[0].height  # the footer's baseline sits in the bottom margin
    values_top = footer_top - 4 - value_height
    values_title_top = values_top - 2 - values_title[0].height

    themes_top = header_height + 6
    priorities_top = themes_top + theme_height + GAP
    room = values_title_top - 6 - priorities_top
    needed = rows * priority_height + (rows - 1) * GAP
    if needed > room:
        raise LayoutError(
            f"the plan's priorities need {needed:.0f}mm but the A3 poster has {room:.0f}mm for them; "
            "shorten the longest ambition or tagline"
        )
    box_height = (room - (rows - 1) * GAP) / rows  # share the spare room between the boxes

    for index in range(columns):
        x = MARGIN + index * (column_width + GUTTER)
        group = f"theme-{index + 1}"
        result.panels.append(
            Panel(
                x=x,
                y=themes_top,
                width=column_width,
                height=theme_height,
                texts=theme_texts[index],
                fill=WHITE,
                top_rule=PURPLE,
                group=group,
            )
        )
        for row, texts in enumerate(priority_texts[index]):
            result.panels.append(
                Panel(
                    x=x,
                    y=priorities_top + row * (box_height + GAP),
                    width=column_width,
                    height=box_height,
                    texts=texts,
                    fill=PANEL,
                    left_rule=PURPLE,
                    group=group,
                )
            )
    result.panels.append(
        Panel(
            x=MARGIN,
            y=values_title_top,
            width=inner,
            height=values_title[0].height,
            texts=values_title,
            padding=0,
            group="values",
        )
    )
    for index, texts in enumerate(value_texts):
        result.panels.append(
            Panel(
                x=MARGIN + index * (value_width + GUTTER),
                y=values_top,
                width=value_width,
                height=value_height,
                texts=texts,
                fill=PANEL,
                left_rule=PURPLE,
                group="values",
            )
        )
    result.panels.append(
        Panel(x=MARGIN, y=footer_top, width=inner, height=footer[0].height, texts=footer, padding=0, group="footer")
    )
    return result


# ---------------------------------------------------------------------------------------------- SVG


def _n(value: float) -> str:
    """A coordinate in mm to 0.01mm, written briefly (stable across runs)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def poster_svg(layout: PosterLayout) -> str:
    """A standalone SVG of the poster: viewBox in millimetres of A3, text as text."""
    content = layout.content
    description = (
        f"{content.vision}. {len(content.themes)} themes, each with its priorities and their ambitions, "
        f"and the plan's values."
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(layout.width)}mm"'
        f' height="{_n(layout.height)}mm" viewBox="0 0 {_n(layout.width)} {_n(layout.height)}"'
        f' role="img" aria-labelledby="poster-title poster-desc" xml:lang="en-GB"'
        f" font-family={quoteattr(FONT_FAMILY)}>\n",
        f'<title id="poster-title">{escape(content.title)}: the plan on a page</title>\n',
        f'<desc id="poster-desc">{escape(description)}</desc>\n',
        f'<rect width="{_n(layout.width)}" height="{_n(layout.height)}" fill="{WHITE}"/>\n',
    ]
    for panel in layout.panels:
        parts.append("<g>")
        if panel.fill:
            parts.append(
                f'<rect x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.width)}" height="{_n(panel.height)}"'
                f' fill="{panel.fill}"/>'
            )
        if panel.top_rule:
            parts.append(
                f'<rect x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.width)}" height="2.5"'
                f' fill="{panel.top_rule}"/>'
            )
        left = panel.x + panel.padding
        if panel.left_rule:
            parts.append(
                f'<rect x="{_n(panel.x)}" y="{_n(panel.y)}" width="2" height="{_n(panel.height)}"'
                f' fill="{panel.left_rule}"/>'
            )
            left += 2
        top = panel.y + panel.padding + (1.0 if panel.top_rule else 0.0)
        for text in panel.texts:
            style = text.style
            # The baseline of each line, as a CSS line box places it: half the leading, then the ascent.
            first = top + text.top + (style.line_height - (ASCENT + DESCENT) * style.size) / 2 + ASCENT * style.size
            weight = ' font-weight="bold"' if style.bold else ""
            tspans = "".join(
                f'<tspan x="{_n(left)}" y="{_n(first + i * style.line_height)}">{escape(line)}</tspan>'
                for i, line in enumerate(text.lines)
            )
            parts.append(f'<text font-size="{_n(style.size)}" fill="{style.colour}"{weight}>{tspans}</text>')
        parts.append("</g>\n")
    parts.append("</svg>\n")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------- PDF


def poster_html(layout: PosterLayout) -> str:
    """The poster as one A3 page of HTML: the layout's boxes, real headings and paragraphs inside them."""
    panels = []
    for panel in layout.panels:
        texts = [
            {
                "element": ELEMENTS[text.kind],
                "text": text.text,
                "style": (
                    f"font-size:{_n(text.style.size)}mm;line-height:{_n(text.style.line_height)}mm;"
                    f"font-weight:{'bold' if text.style.bold else 'normal'};color:{text.style.colour};"
                    f"margin:0 0 {_n(text.style.space_after)}mm"
                ),
            }
            for text in panel.texts
        ]
        # border-box: the box is exactly the layout's; rules are borders inside it, as the SVG draws them.
        style = (
            f"left:{_n(panel.x)}mm;top:{_n(panel.y)}mm;width:{_n(panel.width)}mm;height:{_n(panel.height)}mm;"
            f"padding:{_n(panel.padding)}mm;"
        )
        if panel.fill:
            style += f"background:{panel.fill};"
        if panel.left_rule:
            style += f"border-left:2mm solid {panel.left_rule};"
        if panel.top_rule:
            style += f"border-top:2.5mm solid {panel.top_rule};padding-top:{_n(panel.padding - 1.5)}mm;"
        panels.append({"style": style, "texts": texts, "group": panel.group})
    return render_to_string("reports/poster.html", {"layout": layout, "content": layout.content, "panels": panels})


@dataclass(frozen=True)
class PosterOutputs:
    pdf: Path
    svg: Path


def write_poster(plan: Plan, *, pdf_path: Path, svg_path: Path | None = None) -> PosterOutputs:
    layout = layout_poster(poster_content(plan))
    svg_path = svg_path or pdf_path.with_suffix(".svg")
    for path in (pdf_path, svg_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    svg_path.write_text(poster_svg(layout), encoding="utf-8")
    pdf_path.write_bytes(html_to_pdf(poster_html(layout)))
    return PosterOutputs(pdf=pdf_path, svg=svg_path)


def text_fits(layout: PosterLayout) -> list[str]:
    """Every line that is wider than its box or every box whose text runs past its bottom (empty: all fit)."""
    problems = []
    for panel in layout.panels:
        width = panel.width - 2 * panel.padding - (2 if panel.left_rule else 0)
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
