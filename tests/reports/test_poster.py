"""The plan-on-a-page poster of the shipped plan: an A3 PDF and a standalone SVG from the home page's data."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.plans.selectors import themes_with_priorities
from onestockport.reports.poster import layout_poster, poster_content, text_fits

SVG = "{http://www.w3.org/2000/svg}"
# The shipped data is committed once per module; the database itself exists only while a test holds it.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def poster(published_plan, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("poster")
    with django_db_blocker.unblock():
        result = CliRunner().invoke(cli, ["report", "poster", "--out", str(folder / "plan-on-a-page.pdf")])
    assert result.exit_code == 0, result.output
    return {"pdf": folder / "plan-on-a-page.pdf", "svg": folder / "plan-on-a-page.svg", "folder": folder}


@pytest.fixture(scope="module")
def home_page(published_plan, django_db_blocker) -> dict[str, list[str]]:
    """What the web plan on a page shows, read through its own selector."""
    with django_db_blocker.unblock():
        themes = list(themes_with_priorities(published_plan))
        return {
            "themes": [theme.name for theme in themes],
            "priorities": [p.name for theme in themes for p in theme.priorities.all()],
            "ambitions": [p.ambition for theme in themes for p in theme.priorities.all()],
            "values": [value.name for value in published_plan.values.all()],
            "vision": [published_plan.vision["statement"]],
        }


def _svg_text(root: ET.Element) -> str:
    """The SVG's text, lines joined by spaces (the layout wraps long text over several tspans)."""
    return " ".join(" ".join("".join(t.itertext()) for t in root.iter(f"{SVG}tspan")).split())


def test_the_pdf_is_one_a3_page(poster):
    info = subprocess.run(["pdfinfo", str(poster["pdf"])], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    assert "(A3)" in info
    assert "Title:           One Stockport: Our Vision for 2030: the plan on a page" in info
    assert "Author:          One Stockport" in info


def test_the_pdf_text_is_the_plans(poster, home_page):
    text = subprocess.run(["pdftotext", str(poster["pdf"]), "-"], capture_output=True, text=True, check=True).stdout
    flowing = " ".join(text.split())
    for key in ("themes", "priorities", "ambitions", "values", "vision"):
        for item in home_page[key]:
            assert " ".join(item.split()) in flowing, item


def test_the_svg_is_a3_with_the_plans_text(poster, home_page):
    root = ET.parse(poster["svg"]).getroot()  # parses: valid XML
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 420 297"
    assert (root.get("width"), root.get("height")) == ("420mm", "297mm")
    assert root.find(f"{SVG}title").text == "One Stockport: Our Vision for 2030: the plan on a page"
    text = _svg_text(root)
    for key in ("themes", "priorities", "ambitions", "values", "vision"):
        for item in home_page[key]:
            assert " ".join(item.split()) in text, item


def test_every_line_fits_its_box(published_plan, django_db_blocker):
    with django_db_blocker.unblock():
        layout = layout_poster(poster_content(published_plan))
    assert text_fits(layout) == []


def test_the_poster_is_the_same_every_time(poster, django_db_blocker):
    again = poster["folder"] / "again.pdf"
    svg = poster["folder"] / "elsewhere" / "again.svg"
    with django_db_blocker.unblock():
        result = CliRunner().invoke(cli, ["report", "poster", "--out", str(again), "--svg", str(svg)])
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == poster["pdf"].read_bytes()
    assert svg.read_bytes() == poster["svg"].read_bytes()
