"""The poster lays out any plan: 2 to 12 priorities, real-length names and text, over one sheet or more.

Synthetic plans only (every name below is made up for tests). Each layout is checked box by box
(every line fits its box, every box is on its sheet, no boxes overlap, no type below the floor), and
some are printed to PDF and read back with pdftotext, whose word boxes must each lie inside one of the
layout's boxes on the right sheet: WeasyPrint wrapped the text within the room the layout gave it.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from onestockport.reports.pdf import html_to_pdf
from onestockport.reports.poster import (
    FLOOR_PT,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PosterContent,
    PosterLayout,
    PosterPriority,
    PosterTheme,
    PosterValue,
    layout_poster,
    poster_html,
    poster_svgs,
    text_fits,
)
from onestockport.reports.text_metrics import metrics, wrap

PT = 25.4 / 72
LONG_AMBITION = (
    "Everyone in the synthetic area can reach the support, services and opportunities they need close to home, "
    "whatever their age or background, with partners working together so that nobody falls through the gaps "
    "between organisations and every neighbourhood shares in the area's growth."
)


def _name(number: int, length: int = 0) -> str:
    """A synthetic priority name, padded with real words to `length` characters when asked."""
    name = f"Synthetic priority {number}"
    filler = " about housing, health, work, transport and the places people live"
    while len(name) < length:
        name += filler
    return name[:length].rstrip() if length else name


def _plan(
    shape: list[int],
    *,
    name_length: int = 0,
    ambition: str = "A short synthetic ambition.",
    tagline: str = "A synthetic tagline",
    vision: str = "A synthetic vision for everyone",
    values: int = 4,
) -> PosterContent:
    number = 0
    themes = []
    for t, count in enumerate(shape, start=1):
        priorities = []
        for _ in range(count):
            number += 1
            priorities.append(PosterPriority(_name(number, name_length), ambition, actions=7, measures=5))
        themes.append(PosterTheme(f"Synthetic theme {t}", tagline, priorities))
    return PosterContent(
        site_name="Synthetic site",
        title="Synthetic plan for the synthetic area",
        status="Discussion draft",
        source="Synthetic plan source document",
        vision=vision,
        strapline="A synthetic strapline",
        themes=themes,
        values=[PosterValue(f"Value {v}", "A synthetic statement of what we value.") for v in range(1, values + 1)],
    )


CASES = {
    "2 priorities in 2 themes": _plan([1, 1]),
    "2 priorities in 1 theme": _plan([2]),
    "3 themes x 3 priorities, long names": _plan([3, 3, 3], name_length=150, ambition=LONG_AMBITION),
    "12 priorities, 150-character names": _plan([4, 4, 4], name_length=150, ambition=LONG_AMBITION),
    "12 priorities in 1 theme": _plan([12], name_length=150, ambition=LONG_AMBITION),
    "12 priorities in 12 themes": _plan([1] * 12, name_length=150, ambition=LONG_AMBITION),
    "12 priorities, 2 uneven themes": _plan([9, 3], name_length=150, ambition=LONG_AMBITION * 2),
    "no vision, taglines, ambitions or values": _plan([3, 3], vision="", tagline="", ambition="", values=0),
    "a long vision and many values": _plan([3, 3, 3], vision=LONG_AMBITION, values=9),
    "far too much for one sheet": _plan([4, 4, 4], name_length=150, ambition=LONG_AMBITION * 6),
}


def _texts(layout: PosterLayout) -> str:
    return " ".join(" ".join(line for text in panel.texts for line in text.lines) for panel in layout.panels)


def _overlaps(layout: PosterLayout) -> list[str]:
    found = []
    panels = layout.panels
    for i, a in enumerate(panels):
        for b in panels[i + 1 :]:
            if a.sheet != b.sheet:
                continue
            across = a.x < b.x + b.width - 0.01 and b.x < a.x + a.width - 0.01
            down = a.y < b.y + b.height - 0.01 and b.y < a.y + a.height - 0.01
            if across and down:
                found.append(f"{a.texts[0].text[:30]!r} overlaps {b.texts[0].text[:30]!r}")
    return found


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def case(request) -> tuple[PosterContent, PosterLayout]:
    content = CASES[request.param]
    return content, layout_poster(content)


def test_every_line_fits_its_box(case):
    _, layout = case
    assert text_fits(layout) == []


def test_every_box_is_on_its_sheet(case):
    _, layout = case
    for panel in layout.panels:
        assert 0 <= panel.sheet < layout.sheets
        assert panel.x >= 0
        assert panel.y >= 0
        assert panel.x + panel.width <= PAGE_WIDTH + 0.01
        assert panel.y + panel.height <= PAGE_HEIGHT + 0.01


def test_no_boxes_overlap(case):
    _, layout = case
    assert _overlaps(layout) == []


def test_no_type_below_the_floor(case):
    _, layout = case
    assert FLOOR_PT == 7
    assert min(text.style.size_pt for panel in layout.panels for text in panel.texts) >= FLOOR_PT


def test_every_name_is_on_the_poster(case):
    content, layout = case
    words = " ".join(_texts(layout).split())
    for theme in content.themes:
        assert theme.name in words
        for priority in theme.priorities:
            assert " ".join(priority.name.split()) in words


def test_the_footer_names_the_site_and_the_plan_on_every_sheet(case):
    _, layout = case
    footers = [panel for panel in layout.panels if panel.group == "footer"]
    assert sorted(panel.sheet for panel in footers) == list(range(layout.sheets))
    for panel in footers:
        footer = " ".join(line for text in panel.texts for line in text.lines)
        assert "Synthetic site" in footer
        assert "Synthetic plan for the synthetic area" in footer


def test_a_plan_that_fits_at_full_size_keeps_full_size():
    layout = layout_poster(CASES["2 priorities in 2 themes"])
    assert (layout.sheets, layout.scale) == (1, 1.0)


def test_long_names_shrink_the_type_before_adding_a_sheet():
    layout = layout_poster(CASES["12 priorities, 150-character names"])
    assert layout.sheets == 1
    assert layout.scale < 1.0


def test_what_cannot_fit_one_sheet_at_the_floor_continues_on_a_second():
    layout = layout_poster(CASES["far too much for one sheet"])
    assert layout.sheets >= 2
    assert "(continued)" in _texts(layout)
    assert {panel.sheet for panel in layout.panels if panel.texts[0].kind == "priority"} == set(range(layout.sheets))


def test_a_word_wider_than_its_box_is_broken_not_refused():
    lines = wrap("https://example.org/" + "a-very-long-synthetic-address/" * 6, width=40, size=4)
    assert len(lines) > 1
    assert all(metrics().width(line, 4) <= 40 for line in lines)
    content = _plan([3], ambition="See https://example.org/" + "a-very-long-synthetic-address/" * 12)
    assert text_fits(layout_poster(content)) == []


def test_each_sheet_is_its_own_svg():
    layout = layout_poster(CASES["far too much for one sheet"])
    svgs = poster_svgs(layout)
    assert len(svgs) == layout.sheets
    assert all('viewBox="0 0 420 297"' in svg for svg in svgs)
    assert "(sheet 2 of " in svgs[1]


# ---------------------------------------------------------------------------------------------- the PDF

PRINTED = [
    "3 themes x 3 priorities, long names",
    "12 priorities, 150-character names",
    "12 priorities in 12 themes",
    "far too much for one sheet",
]


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(sheet, x0, y0, x1, y1 in mm, word) for every word pdftotext finds."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, sheet = [], -1
    for line in out.splitlines():
        if "<page " in line:
            sheet += 1
        found = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if found:
            x0, y0, x1, y1 = (float(found.group(i)) * PT for i in range(1, 5))
            words.append((sheet, x0, y0, x1, y1, found.group(5)))
    return words


@pytest.mark.parametrize("name", PRINTED)
def test_the_pdf_keeps_every_word_inside_the_layouts_boxes(name, tmp_path):
    layout = layout_poster(CASES[name])
    pdf = tmp_path / "poster.pdf"
    pdf.write_bytes(html_to_pdf(poster_html(layout)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {layout.sheets}\n" in info
    assert "(A3)" in info
    words = _words(pdf)
    assert len(words) > 100
    tolerance = 0.5
    outside = [
        word
        for word in words
        if not any(
            panel.sheet == word[0]
            and panel.x - tolerance <= word[1]
            and word[3] <= panel.x + panel.width + tolerance
            and panel.y - tolerance <= word[2]
            and word[4] <= panel.y + panel.height + tolerance
            for panel in layout.panels
        )
    ]
    assert outside == []
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flowing = " ".join(text.split())
    for theme in CASES[name].themes:
        for priority in theme.priorities:
            assert " ".join(priority.name.split()) in flowing
