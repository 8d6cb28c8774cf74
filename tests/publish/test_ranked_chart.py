"""The ranked bar chart of places: order, printed values, reference lines and its accessible name."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from onestockport.publish.ranked_chart import RankedBar, ReferenceLine, ranked_chart

NS = {"svg": "http://www.w3.org/2000/svg"}
BARS = [
    RankedBar("W1", "Hilltop", 12.5),
    RankedBar("W2", "Riverside & Docks", 30.25),
    RankedBar("W3", "Green Lane", 8.0, emphasis=True),
    RankedBar("W4", "Old Mill", None),
]


def _fmt(value: float) -> str:
    return f"{value:.1f}%"


def _chart(**kwargs) -> str:
    options = {
        "title": "Share of households without a car, by ward",
        "description": "Wards ranked from highest to lowest.",
        "bars": BARS,
        "references": [ReferenceLine("The borough", 15.0), ReferenceLine("England", 23.5)],
        "format_value": _fmt,
        "id_prefix": "ranked-test",
    }
    return ranked_chart(**(options | kwargs))


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{{{NS['svg']}}}text")]


def test_is_a_named_image_with_title_and_description():
    root = ET.fromstring(_chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ranked-test-title ranked-test-desc"
    assert root.find("svg:title", NS).text == "Share of households without a car, by ward"
    desc = root.find("svg:desc", NS).text
    assert desc.startswith("Wards ranked from highest to lowest.")
    assert "Highest: Riverside & Docks, 30.2%" in desc or "Highest: Riverside & Docks, 30.3%" in desc
    assert "lowest: Green Lane, 8.0%" in desc
    assert "England: 23.5%" in desc
    assert "No figure for Old Mill" in desc


def test_places_are_ranked_highest_first_with_values_printed_not_only_on_hover():
    texts = _texts(_chart())
    names = [text for text in texts if text in {"Hilltop", "Riverside & Docks", "Green Lane", "Old Mill"}]
    assert names == ["Riverside & Docks", "Hilltop", "Green Lane", "Old Mill"]
    assert "12.5%" in texts
    assert "8.0%" in texts
    assert "No figure" in texts


def test_reference_lines_are_drawn_and_named_in_a_legend():
    svg = _chart()
    texts = _texts(svg)
    assert "The borough: 15.0%" in texts
    assert "England: 23.5%" in texts
    assert len(re.findall(r"<line [^>]*stroke-dasharray", svg)) >= 2


def test_emphasised_place_is_bold_and_a_different_colour():
    svg = _chart()
    assert re.search(r'font-weight="bold"[^>]*>Green Lane<', svg)
    fills = re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', svg)
    assert len(set(fills)) == 2


def test_negative_values_grow_left_from_a_zero_line():
    svg = _chart(bars=[RankedBar("A", "Up", 1.0), RankedBar("B", "Down", -1.0)], references=[])
    # Zero is in the middle of the range -1 to 1; the bar below zero ends at it.
    assert re.search(r'<rect x="0%" [^>]*width="50%"', svg)
    assert re.search(r'<rect x="50%" [^>]*width="50%"', svg)
    assert re.search(r'<line x1="50%" x2="50%"', svg)


def test_bad_id_prefix_is_refused():
    with pytest.raises(ValueError, match="id_prefix"):
        _chart(id_prefix="1 bad")


def test_no_figures_at_all_says_so():
    svg = _chart(bars=[RankedBar("A", "Nowhere", None)], references=[])
    assert "No data to chart" in svg
