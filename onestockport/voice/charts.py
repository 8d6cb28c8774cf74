"""A server-side SVG bar chart of who responded against who lives in the borough.

One ``role="img"`` element named by its ``<title>`` and ``<desc>``; the page beside it carries the
same numbers in a table. Text is never scaled: the outer ``<svg>`` is 100% wide with a fixed height
in CSS pixels, and bar lengths are percentages of the width, so the chart reads on a 320px phone.
Respondents are solid bars, residents outlined bars, and every bar is labelled with its value, so
nothing depends on colour. A withheld group has no respondent bar, only the words "fewer than 5".
Pure Python; no Django.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .representativeness import Representativeness

FONT = 'font-family="Arial, sans-serif" font-size="14"'
RESPONDENTS = "#1d70b8"  # GOV.UK blue: 5.2:1 on white
RESIDENTS = "#0b0c0c"
LABEL_HEIGHT, BAR, GAP, LEGEND = 18, 14, 14, 30
SCALE_WIDTH = 70.0  # % of the width the longest bar takes; the rest holds its value label


def representation_chart(result: Representativeness, *, id_prefix: str, title: str, place_word: str = "area") -> str:
    groups = result.groups
    largest = max([g.respondent_share or 0 for g in groups] + [g.population_share or 0 for g in groups] + [1.0])
    row = LABEL_HEIGHT + 2 * BAR + 4 + GAP
    height = LEGEND + row * len(groups)
    under = [g.label for g in result.under_represented]
    description = (
        "For each group, a solid bar shows the percentage of respondents and an outlined bar the percentage "
        f"of the {place_word}'s residents. "
        + (f"Under-represented: {', '.join(under)}." if under else "No group is clearly under-represented.")
        + " The table below gives the same figures."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" class="os-chart">',
        f'<title id="{id_prefix}-title">{escape(title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="4" width="14" height="14" fill="{RESPONDENTS}"/>',
        f'<text x="20" y="16" {FONT} fill="{RESIDENTS}">Respondents</text>',
        f'<rect x="131" y="5" width="12" height="12" fill="#fff" stroke="{RESIDENTS}" stroke-width="2"/>',
        f'<text x="150" y="16" {FONT} fill="{RESIDENTS}">Residents</text>',
    ]
    for index, group in enumerate(groups):
        top = LEGEND + index * row
        parts.append(
            f'<text x="0" y="{top + 14}" {FONT} font-weight="bold" fill="{RESIDENTS}">{escape(group.label)}</text>'
        )
        y1 = top + LABEL_HEIGHT
        if group.respondent_share is not None:
            width = SCALE_WIDTH * group.respondent_share / largest
            parts.append(f'<rect x="0" y="{y1}" width="{width:.2f}%" height="{BAR}" fill="{RESPONDENTS}"/>')
            parts.append(_value(width, y1, f"{group.respondent_share:.1f}%"))
        else:
            parts.append(_value(0, y1, f"Respondents: {group.display}"))
        y2 = y1 + BAR + 4
        if group.population_share is not None:
            width = SCALE_WIDTH * group.population_share / largest
            parts.append(
                f'<rect x="1" y="{y2 + 1}" width="{width:.2f}%" height="{BAR - 2}" fill="#fff" '
                f'stroke="{RESIDENTS}" stroke-width="2"/>'
            )
            parts.append(_value(width, y2, f"{group.population_share:.1f}%"))
        else:
            parts.append(_value(0, y2, "No population figure"))
    parts.append("</svg>")
    return "".join(parts)


def _value(width_percent: float, y: int, text: str) -> str:
    return f'<text x="{width_percent:.2f}%" dx="6" y="{y + 12}" {FONT} fill="{RESIDENTS}">{escape(text)}</text>'
