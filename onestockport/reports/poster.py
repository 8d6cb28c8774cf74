"""The plan on a page as an A3 poster: drawn as standalone SVGs and printed as a PDF, from one layout.

The content comes from the same selector as the web plan on a page (`themes_with_priorities`), so the
poster and the home page cannot disagree. `poster_layout` places every box and line in millimetres
with Liberation Sans's own metrics (`poster_parts`), shrinking the type to a readable floor and then continuing on
more sheets, so any real plan lays out. The SVG (one per sheet) draws every line where the layout put
it; the PDF places the same boxes and lets WeasyPrint wrap the same text in them at the same sizes
(narrower measured lines here mean WeasyPrint's never need more room).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.template.loader import render_to_string

from onestockport.plans.models import Plan
from onestockport.plans.place import current_place
from onestockport.plans.selectors import themes_with_priorities

from .pdf import html_to_pdf
from .poster_layout import layout_poster
from .poster_parts import (
    FLOOR_PT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    WHITE,
    PosterContent,
    PosterLayout,
    PosterPriority,
    PosterTheme,
    PosterValue,
    text_fits,
)
from .text_metrics import FONT_FAMILY

__all__ = [
    "FLOOR_PT",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "PosterContent",
    "PosterLayout",
    "PosterPriority",
    "PosterTheme",
    "PosterValue",
    "layout_poster",
    "poster_content",
    "poster_html",
    "poster_svg",
    "poster_svgs",
    "text_fits",
    "write_poster",
]

ASCENT, DESCENT = 1854 / 2048, 434 / 2048  # Liberation Sans hhea metrics, in em: where a line's baseline sits
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
    "continued": "p",
    "values": "h2",
    "value": "h3",
    "statement": "p",
    "footer": "p",
}


def poster_content(plan: Plan) -> PosterContent:
    """The plan on a page, read exactly as the home page reads it; the site's name from the plan's place."""
    themes = [
        PosterTheme(
            name=theme.name,
            tagline=theme.tagline or "",
            priorities=[
                PosterPriority(
                    name=priority.name,
                    ambition=priority.ambition or "",
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
        site_name=current_place().site_name,
        title=plan.title,
        status=plan.status,
        source=plan.source,
        vision=vision.get("statement") or "",
        strapline=vision.get("strapline") or "",
        themes=themes,
        values=[PosterValue(name=value.name, statement=value.statement) for value in plan.values.all()],
    )


# ---------------------------------------------------------------------------------------------- SVG


def _n(value: float) -> str:
    """A coordinate in mm to 0.01mm, written briefly (stable across runs)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def poster_svgs(layout: PosterLayout) -> list[str]:
    """One standalone SVG per sheet."""
    return [poster_svg(layout, sheet=sheet) for sheet in range(layout.sheets)]


def poster_svg(layout: PosterLayout, *, sheet: int = 0) -> str:
    """A standalone SVG of one sheet of the poster: viewBox in millimetres of A3, text as text."""
    content = layout.content
    title = f"{content.title}: the plan on a page"
    if layout.sheets > 1:
        title += f" (sheet {sheet + 1} of {layout.sheets})"
    parts_of_plan = [f"{len(content.themes)} theme{'s' if len(content.themes) != 1 else ''}"]
    parts_of_plan.append("each with its priorities and their ambitions")
    if content.values:
        parts_of_plan.append("and the plan's values")
    description = ". ".join(part for part in (content.vision, ", ".join(parts_of_plan)) if part) + "."
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(layout.width)}mm"'
        f' height="{_n(layout.height)}mm" viewBox="0 0 {_n(layout.width)} {_n(layout.height)}"'
        f' role="img" aria-labelledby="poster-title poster-desc" xml:lang="en-GB"'
        f" font-family={quoteattr(FONT_FAMILY)}>\n",
        f'<title id="poster-title">{escape(title)}</title>\n',
        f'<desc id="poster-desc">{escape(description)}</desc>\n',
        f'<rect width="{_n(layout.width)}" height="{_n(layout.height)}" fill="{WHITE}"/>\n',
    ]
    for panel in layout.panels:
        if panel.sheet != sheet:
            continue
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
    """The poster as HTML, one A3 page per sheet: the layout's boxes, real headings and paragraphs inside them."""
    sheets: list[list[dict]] = [[] for _ in range(layout.sheets)]
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
        sheets[panel.sheet].append({"style": style, "texts": texts, "group": panel.group})
    return render_to_string("reports/poster.html", {"layout": layout, "content": layout.content, "sheets": sheets})


@dataclass(frozen=True)
class PosterOutputs:
    pdf: Path
    svgs: list[Path]  # one per sheet

    @property
    def svg(self) -> Path:
        return self.svgs[0]


def sheet_svg_paths(svg_path: Path, sheets: int) -> list[Path]:
    """plan.svg for the first sheet, then plan-sheet-2.svg and so on."""
    return [svg_path] + [
        svg_path.with_name(f"{svg_path.stem}-sheet-{n}{svg_path.suffix}") for n in range(2, sheets + 1)
    ]


def write_poster(plan: Plan, *, pdf_path: Path, svg_path: Path | None = None) -> PosterOutputs:
    layout = layout_poster(poster_content(plan))
    svg_paths = sheet_svg_paths(svg_path or pdf_path.with_suffix(".svg"), layout.sheets)
    for path in (pdf_path, *svg_paths):
        path.parent.mkdir(parents=True, exist_ok=True)
    for path, svg in zip(svg_paths, poster_svgs(layout), strict=True):
        path.write_text(svg, encoding="utf-8")
    pdf_path.write_bytes(html_to_pdf(poster_html(layout)))
    return PosterOutputs(pdf=pdf_path, svgs=svg_paths)
