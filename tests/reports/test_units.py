"""The report's parts that need no database: snapshot files, easy read, figures, text metrics, poster layout.
Synthetic data only (tests/reports/synthetic.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.reports.annual import build_report, format_value, render_html
from onestockport.reports.easy_read import easy_read
from onestockport.reports.errors import LayoutError, SnapshotError
from onestockport.reports.poster import (
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PosterContent,
    PosterPriority,
    PosterTheme,
    PosterValue,
    layout_poster,
    poster_svg,
    text_fits,
)
from onestockport.reports.snapshot import read_snapshot, snapshot_filename, write_snapshot
from onestockport.reports.text_metrics import metrics, wrap

from .synthetic import AS_AT, synthetic_snapshot

SVG = "{http://www.w3.org/2000/svg}"


# ---------------------------------------------------------------------------------------------- snapshot files


def test_a_snapshot_survives_its_file_unchanged(tmp_path):
    snapshot = synthetic_snapshot()
    path = write_snapshot(snapshot, tmp_path)
    assert path.name == "annual-report-2025-snapshot-2026-03-31T093000Z.json" == snapshot_filename(snapshot)
    assert read_snapshot(path) == snapshot
    assert json.loads(path.read_text())["as_at"] == "2026-03-31T09:30:00Z"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such snapshot file"),
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "not an annual report snapshot"),
        ('{"format": "onestockport-annual-report-snapshot", "version": 7}', "snapshot version 7 is not supported"),
    ],
)
def test_a_bad_snapshot_file_is_named_with_what_is_wrong(tmp_path, content, expected):
    path = tmp_path / "snapshot.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert expected in str(caught.value)


def test_a_damaged_snapshot_names_the_fields(tmp_path):
    path = write_snapshot(synthetic_snapshot(), tmp_path)
    raw = json.loads(path.read_text())
    del raw["themes"][0]["priorities"][0]["ambition"]
    raw["themes"][0]["priorities"][1]["invented"] = "not in the schema"
    raw["as_at"] = "2026-03-31T09:30:00"  # no time zone: the report could not say when it was
    path.write_text(json.dumps(raw))
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(path)
    message = str(caught.value)
    assert "themes.0.priorities.0.ambition: Field required" in message
    assert "themes.0.priorities.1.invented: Extra inputs are not permitted" in message
    assert "as_at: Input should have timezone info" in message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such snapshot file"),
        ("{oops", "not valid JSON"),
        ('{"format": "onestockport-annual-report-snapshot", "version": 2}', "snapshot version 2 is not supported"),
    ],
)
def test_the_command_refuses_a_bad_snapshot_with_exit_1(tmp_path, content, expected):
    path = tmp_path / "given.json"
    if content is not None:
        path.write_text(content)
    result = CliRunner().invoke(
        cli, ["report", "annual", "--year", "2026", "--out", str(tmp_path / "out"), "--snapshot", str(path)]
    )
    assert result.exit_code == 1
    assert f"Error: {path}: " in result.output
    assert expected in result.output
    assert not (tmp_path / "out").exists()  # nothing written


def test_the_command_refuses_a_snapshot_of_another_year(tmp_path):
    path = write_snapshot(synthetic_snapshot(), tmp_path)
    result = CliRunner().invoke(
        cli, ["report", "annual", "--year", "2026", "--out", str(tmp_path), "--snapshot", str(path)]
    )
    assert result.exit_code == 1
    assert f"{path}: the snapshot is for 2025, not 2026" in result.output


# ---------------------------------------------------------------------------------------------- rendering


def test_figures_read_as_people_read_them():
    assert format_value(66.0, "percent") == "66%"
    assert format_value(48.25, "percent of residents 16-64") == "48.25% of residents 16-64"
    assert format_value(12345.0, "count") == "12,345 count"
    assert format_value(-0.03, "score") == "\u22120.03 score"
    assert format_value(None) == "\u2013"


def test_the_html_comes_from_the_snapshot_alone_and_is_the_same_twice():
    snapshot = synthetic_snapshot()
    first, second = render_html(build_report(snapshot)), render_html(build_report(snapshot))
    assert first == second
    assert '<html lang="en-GB">' in first
    assert '<meta name="dcterms.created" content="2026-03-31T09:30:00Z">' in first
    for text in (
        "Synthetic priority 1",
        "Synthetic measure with data 2",
        "Synthetic indicator synthetic-1-a",
        "Source: Synthetic publisher, synthetic dataset",
        "Latest period: 2024/25",
        "Local data needed",
        "A synthetic survey.",
        "Easy read summary",
        "31 March 2026, 09:30 UTC",
    ):
        assert text in first, text
    # Each chart is named, described, and its numbers are in a table beside it.
    assert first.count('role="img"') == 4
    assert first.count("<caption>Synthetic indicator") == 4


def test_every_page_header_names_the_site_and_the_plan():
    html = render_html(build_report(synthetic_snapshot()))
    assert '@top-left { content: "Synthetic site · Synthetic plan";' in html
    assert '@top-right { content: "Annual progress report 2025 · as at 31 March 2026";' in html


def test_an_unsupported_snapshot_names_no_product_or_place(tmp_path):
    path = tmp_path / "snapshot.json"
    path.write_text('{"format": "onestockport-annual-report-snapshot", "version": 7}')
    with pytest.raises(SnapshotError, match="this version of the software reads version 1"):
        read_snapshot(path)


def test_no_update_is_said_plainly():
    html = render_html(build_report(synthetic_snapshot()))
    assert "No update on these actions has been approved for publication yet" in html
    assert "every action shows “No update yet”" in html


def test_easy_read_counts_come_from_the_snapshot():
    sections = easy_read(synthetic_snapshot(statuses=["on-track", "on-track", "not-started", "no-update"]))
    overview, first, second, heard = sections
    assert overview.heading == "The plan in short"
    assert "The plan has 2 priorities." in overview.lines
    assert "The partners will take 5 actions." in overview.lines
    assert "2 actions are on track." in overview.lines
    assert "2 actions have no published update yet." in overview.lines
    assert "1 action has not started." in overview.lines
    assert "2 measures have official figures." in overview.lines
    assert first.heading == "Synthetic priority 1"
    assert "1 figure is better than England." in first.lines
    assert "1 figure is about the same as England." in first.lines
    assert second.lines[1] == "No progress update has been checked and published yet."
    assert heard.heading == "What people told us"
    # One idea per line: short sentences.
    assert all(len(line.split()) <= 16 for section in sections for line in section.lines)


# ---------------------------------------------------------------------------------------------- text and poster


def test_widths_are_liberation_sans_advances():
    regular, bold = metrics(), metrics(bold=True)
    assert regular.width("a", 2048) == 1139  # the font's own advance, in font units at 2048 units per em
    assert bold.width("Stockport", 10) > regular.width("Stockport", 10)
    lines = wrap("One heart, One home, One future", width=30, size=5)
    assert all(regular.width(line, 5) <= 30 for line in lines)
    assert " ".join(lines) == "One heart, One home, One future"


def _content(ambition: str = "A synthetic ambition.") -> PosterContent:
    return PosterContent(
        site_name="Synthetic site",
        title="Synthetic plan",
        status="Discussion draft",
        source="Synthetic source",
        vision="Synthetic vision",
        strapline="Synthetic strapline",
        themes=[
            PosterTheme(f"Theme {t}", "Tagline", [PosterPriority(f"Priority {t}.{p}", ambition, 3, 2) for p in "123"])
            for t in "ABC"
        ],
        values=[PosterValue("Synthetic value", "Synthetic statement.")],
    )


def test_the_poster_svg_is_a3_and_every_line_fits():
    layout = layout_poster(_content())
    assert text_fits(layout) == []
    root = ET.fromstring(poster_svg(layout).encode())
    assert root.get("viewBox") == f"0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}" == "0 0 420 297"
    assert root.get("width") == "420mm"
    assert root.find(f"{SVG}title").text == "Synthetic plan: the plan on a page"
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert all(f"Priority {t}.{p}" in texts for t in "ABC" for p in "123")
    for panel in layout.panels:  # boxes stay on the page
        assert panel.x >= 0
        assert panel.x + panel.width <= PAGE_WIDTH + 0.01
        assert panel.y >= 0
        assert panel.y + panel.height <= PAGE_HEIGHT + 0.01


def test_text_too_long_for_full_size_is_set_smaller_not_refused():
    layout = layout_poster(_content(ambition="A very long synthetic ambition. " * 20))
    assert layout.scale < 1
    assert text_fits(layout) == []


def test_a_plan_without_themes_is_refused():
    with pytest.raises(LayoutError, match="no themes"):
        layout_poster(PosterContent("Site", "Plan", "Draft", "Source", "", "", themes=[], values=[]))


def test_the_as_at_is_the_snapshots():
    assert build_report(synthetic_snapshot()).as_at_iso == AS_AT.strftime("%Y-%m-%dT%H:%M:%SZ")
