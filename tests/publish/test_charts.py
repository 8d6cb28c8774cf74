"""The SVG line charts and sparklines: structure, accessibility hooks, scales, size and edge cases.

Plain Python, no database. The browser test at the end draws a realistic example in Chromium at a
desktop and a phone width, with axe-core and the Nu HTML checker, and keeps the pictures in
``test-artefacts/charts/``.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import pytest

from onestockport.publish import charts
from onestockport.publish.charts import (
    NARROWEST_WIDTH,
    ChartPoint,
    ChartSeries,
    TargetLine,
    axis_ticks,
    line_chart,
    nice_ticks,
    sparkline,
)

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ARTEFACTS = REPO_ROOT / "test-artefacts" / "charts"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
SVG = "{http://www.w3.org/2000/svg}"


# ------------------------------------------------------------------------------------------- helpers


def parse(svg: str) -> ET.Element:
    """The chart as an element tree; wrapped in a root so a fragment would parse too."""
    return ET.fromstring(f"<root>{svg}</root>")[0]


def find_all(root: ET.Element, tag: str, css_class: str | None = None) -> list[ET.Element]:
    found = root.iter(SVG + tag)
    return [e for e in found if css_class is None or e.get("class") == css_class]


def subpaths(path: ET.Element) -> int:
    return path.get("d", "").count("M")


def annual(values, *, start=2014, ci: float | None = None, financial: bool = True) -> list[ChartPoint]:
    """Points for consecutive years; `ci` adds symmetric 95% limits to every known value."""
    points = []
    for offset, value in enumerate(values):
        year = start + offset
        label = f"{year}/{str(year + 1)[2:]}" if financial else str(year)
        has_ci = value is not None and ci is not None
        points.append(
            ChartPoint(
                label=label,
                position=year + 0.5,
                value=value,
                lower=round(value - ci, 2) if has_ci else None,
                upper=round(value + ci, 2) if has_ci else None,
            )
        )
    return points


def chart(series, *, target=None, id_prefix="c", title="A chart", unit="Rate", description="What it shows.") -> str:
    return line_chart(
        title=title, unit=unit, series=series, target=target, id_prefix=id_prefix, description=description
    )


def example_chart() -> str:
    """Stockport against England and the North West: ten annual rates with confidence intervals, and a target."""
    return line_chart(
        title="Smoking prevalence in adults, Stockport, England and the North West, 2014/15 to 2023/24",
        unit="Percentage of adults who smoke",
        series=[
            ChartSeries(
                name="Stockport",
                points=annual([16.9, 16.1, 15.8, 14.2, 13.6, None, 12.4, 11.9, 11.2, 10.6], ci=1.4),
                emphasis=True,
            ),
            ChartSeries(name="England", points=annual([17.8, 16.9, 15.5, 14.9, 14.4, 13.9, 13.5, 13.0, 12.7, 11.9])),
            ChartSeries(
                name="North West",
                points=annual([19.0, 18.3, 17.2, 16.2, 15.8, 15.1, 14.7, 14.3, 13.6, 13.1], ci=0.4),
            ),
        ],
        target=TargetLine(value=5, label="Target: 5% by 2030", position=2030.5),
        id_prefix="smoking-chart",
        description=(
            "Stockport's smoking rate fell from 16.9% in 2014/15 to 10.6% in 2023/24 (no figure for 2019/20); "
            "England's fell from 17.8% to 11.9% and the North West's from 19.0% to 13.1%. "
            "The target is 5% by 2030."
        ),
    )


def example_page(svg: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Chart example</title>'
        "<style>body{font-family:Arial,sans-serif;margin:0 15px;color:#0b0c0c}main{max-width:960px;margin:0 auto}"
        "svg{display:block}</style></head><body><main><h1>Smoking prevalence</h1>"
        f"{svg}<p>The numbers are in the table below the chart on the real page.</p></main></body></html>\n"
    )


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


FOUR_SERIES = [
    ChartSeries(name="Stockport", points=annual([50 + i % 7 for i in range(20)], ci=2.5, start=2004), emphasis=True),
    ChartSeries(name="England", points=annual([55 + i % 5 for i in range(20)], ci=0.5, start=2004)),
    ChartSeries(name="North West", points=annual([60 - i % 4 for i in range(20)], ci=1.0, start=2004)),
    ChartSeries(name="Greater Manchester CA", points=annual([58 + i % 3 for i in range(20)], ci=1.2, start=2004)),
]


# --------------------------------------------------------------------------------- structure and aria


def test_chart_is_a_named_image_with_its_title_and_description():
    root = parse(chart([ChartSeries(name="Stockport", points=annual([12.1, 9.8]))], id_prefix="rate"))

    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "rate-title rate-desc"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert (title.get("id"), title.text) == ("rate-title", "A chart")
    assert (desc.get("id"), desc.text) == ("rate-desc", "What it shows.")
    assert list(root)[:2] == [title, desc]  # the name comes first


def test_chart_fills_its_container_and_keeps_its_text_unscaled():
    root = parse(chart([ChartSeries(name="Stockport", points=annual([12.1, 9.8]))]))

    assert root.get("width") == "100%"
    assert root.get("font-family") == "Arial, sans-serif"
    assert root.get("font-size") == "14"
    assert root.get("viewBox") is None  # a viewBox here would shrink the text on a phone
    layers = find_all(root, "svg")[1:]
    assert layers
    assert all(layer.get("preserveAspectRatio") == "none" for layer in layers)
    assert all(layer.get("viewBox", "").startswith("0 0 100 ") for layer in layers)
    assert all(path.get("vector-effect") == "non-scaling-stroke" for layer in layers for path in layer)


def test_one_line_per_series_with_values():
    series = [
        ChartSeries(name="Stockport", points=annual([3, 4, 5]), emphasis=True),
        ChartSeries(name="England", points=annual([4, 4, 4])),
        ChartSeries(name="North West", points=annual([None, None, None])),
        ChartSeries(name="Greater Manchester CA", points=annual([5, 6, 5])),
    ]
    root = parse(chart(series))

    assert len(find_all(root, "path", "series")) == 3
    legend = [t for t in find_all(root, "tspan") if t.text in {s.name for s in series}]
    assert [t.text for t in legend] == ["Stockport", "England", "Greater Manchester CA"]


def test_missing_values_break_the_line_and_get_no_marker():
    series = ChartSeries(name="Stockport", points=annual([1, 2, None, 4, 5, None, 7]), emphasis=True)
    root = parse(chart([series]))

    (line,) = find_all(root, "path", "series")
    assert subpaths(line) == 2  # 1-2 and 4-5; the lone 7 has only its marker
    markers = [u for u in find_all(root, "use") if u.find(SVG + "title") is not None]
    assert len(markers) == 5


def test_whiskers_only_where_both_limits_are_given():
    points = [
        ChartPoint(label="2019", position=2019.5, value=10, lower=8, upper=12),
        ChartPoint(label="2020", position=2020.5, value=11, lower=9, upper=None),
        ChartPoint(label="2021", position=2021.5, value=12, lower=None, upper=14),
        ChartPoint(label="2022", position=2022.5, value=13, lower=11.5, upper=14.5),
        ChartPoint(label="2023", position=2023.5, value=None, lower=11, upper=15),
    ]
    root = parse(chart([ChartSeries(name="Stockport", points=points, emphasis=True)], id_prefix="w"))

    (whiskers,) = find_all(root, "path", "ci")
    assert subpaths(whiskers) == 2
    assert whiskers.get("marker-start") == whiskers.get("marker-end") == "url(#w-cap0)"
    assert float(whiskers.get("opacity")) < 1


def test_whiskers_counted_per_series_in_their_colour():
    root = parse(chart(FOUR_SERIES))

    whiskers = find_all(root, "path", "ci")
    assert sum(subpaths(w) for w in whiskers) == 4 * 20
    lines = {line.get("stroke") for line in find_all(root, "path", "series")}
    assert {w.get("stroke") for w in whiskers} == lines


def test_the_target_is_a_dashed_line_with_its_label_inside_the_axis():
    series = [ChartSeries(name="Stockport", points=annual([60.0, 62.0, 63.5]), emphasis=True)]
    svg = chart(series, target=TargetLine(value=90, label="Target: 90% by 2030"))
    root = parse(svg)

    (line,) = find_all(root, "path", "target")
    assert line.get("stroke") == "#00703c"
    assert line.get("stroke-dasharray")
    assert "Target: 90% by 2030" in "".join(root.itertext())
    ticks = [t.text for t in find_all(root, "text") if t.get("text-anchor") is None and t.get("dx")]
    assert "90" in ticks or "100" in ticks
    assert not find_all(root, "circle", "target")  # no date, no ring


def test_a_dated_target_extends_the_time_axis_to_its_ring():
    series = [ChartSeries(name="Stockport", points=annual([5.0, 4.0, 3.5]), emphasis=True)]
    chart_ = charts._LineChart(
        title="t",
        unit="u",
        series=series,
        target=TargetLine(value=0, label="Target: 0 by 2038", position=2038.5),
        id_prefix="t",
        description="d",
        width=640,
        height=320,
    )
    root = parse(chart_.render())

    (ring,) = find_all(root, "circle", "target")
    assert ring.get("cx") == f"{charts._n(chart_.data_right)}%"
    assert chart_.x(2016.5) < 30  # the data take the left part of the axis, honestly spaced
    assert chart_.ticks[0] == 0


def test_every_id_has_the_prefix_and_every_reference_resolves():
    svg = chart(FOUR_SERIES, target=TargetLine(value=40, label="Target", position=2030), id_prefix="p7-chart")
    root = parse(svg)

    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids
    assert all(i.startswith("p7-chart-") for i in ids)
    assert len(ids) == len(set(ids))
    references = re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', svg)
    assert references
    assert {a or b for a, b in references} <= set(ids)
    labelled_by = root.get("aria-labelledby").split()
    assert set(labelled_by) <= set(ids)


def test_two_charts_on_one_page_share_no_ids():
    first = chart(FOUR_SERIES, id_prefix="first")
    second = chart(FOUR_SERIES, id_prefix="second")
    page = ET.fromstring(f"<body>{first}{second}</body>")

    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("bad", ["", "1chart", "my chart", 'x"onload="alert(1)', "a#b", "a)b"])
def test_an_unsafe_id_prefix_is_refused(bad):
    with pytest.raises(ValueError, match="id_prefix"):
        chart([ChartSeries(name="Stockport", points=annual([1, 2]))], id_prefix=bad)
    with pytest.raises(ValueError, match="id_prefix"):
        sparkline(values=[1, 2], id_prefix=bad, label="x")


def test_a_chart_narrower_than_200px_is_refused():
    with pytest.raises(ValueError, match="too narrow"):
        line_chart(title="t", unit="u", series=FOUR_SERIES, id_prefix="n", description="d", width=150)


def test_hostile_text_is_escaped():
    name = '<script>alert("x")</script> & Stockport'
    svg = chart(
        [
            ChartSeries(name=name, points=annual([1, 2, 3]), emphasis=True),
            ChartSeries(name="A & B", points=annual([2, 2, 2])),
        ],
        title="Rates </title><script>",
        unit="Rate & <b>unit</b>",
        description="Desc ]]> & <desc>",
        target=TargetLine(value=4, label="<Target> & more"),
    )
    root = parse(svg)

    assert "<script" not in svg
    assert "<b>" not in svg
    assert root.find(SVG + "title").text == "Rates </title><script>"
    assert root.find(SVG + "desc").text == "Desc ]]> & <desc>"
    text = "".join(root.itertext())
    for visible in (name, "A & B", "<Target> & more", "Rate & <b>unit</b>"):
        assert visible in text


# ---------------------------------------------------------------------------------- colours and styles


def test_series_colours_are_distinct_and_contrast_with_white():
    styles = charts._assign_styles([*FOUR_SERIES, ChartSeries(name="Fifth", points=annual([1]))])

    colours = [style.colour for style in styles]
    assert len(set(colours)) == len(colours)
    for colour in [*colours, *(s.colour for s in charts._STYLES), charts.TARGET_COLOUR]:
        assert contrast_with_white(colour) >= 3, colour


def test_series_differ_without_colour_too():
    styles = charts._assign_styles([*FOUR_SERIES, ChartSeries(name="Fifth", points=annual([1]))])

    assert len({style.dash for style in styles}) == len(styles)
    assert len({style.marker for style in styles}) == len(styles)
    root = parse(chart(FOUR_SERIES))
    lines = find_all(root, "path", "series")
    assert len({line.get("stroke-dasharray") for line in lines}) == 4
    emphasised = [line for line in lines if line.get("stroke") == charts._EMPHASIS_STYLE.colour]
    assert [line.get("stroke-width") for line in emphasised] == ["3"]


def test_the_legend_shows_each_series_with_its_line_and_marker():
    root = parse(chart(FOUR_SERIES, id_prefix="leg"))

    legend = [t for t in find_all(root, "text") if t.find(SVG + "tspan") is not None]
    names = ["".join(t.itertext()) for t in legend]
    assert names[-4:] == [s.name for s in FOUR_SERIES]
    assert [t.get("font-weight") for t in legend[-4:]] == ["bold", None, None, None]
    samples = [p for p in find_all(root, "path") if re.fullmatch(r"M[\d.]+ [\d.]+h28", p.get("d", ""))]
    assert len(samples) == 4


def test_long_names_and_units_wrap_within_the_narrowest_width():
    long_name = "Greater Manchester Combined Authority area excluding Stockport and Trafford"
    unit = "Directly age-standardised rate of emergency hospital admissions per 100,000 population"
    root = parse(chart([ChartSeries(name=long_name, points=annual([1, 2]))], unit=unit))

    lines = [t.text for t in find_all(root, "tspan")] + [
        t.text for t in find_all(root, "text") if t.get("x") == "0" and t.text
    ]
    assert " ".join(line for line in lines if line and line in long_name) == long_name
    for line in lines:
        assert charts._text_width(line) <= NARROWEST_WIDTH


# ---------------------------------------------------------------------------------------------- scales


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 9.7, [0, 2, 4, 6, 8, 10]),
        (1_234, 98_765, [0, 20_000, 40_000, 60_000, 80_000, 100_000]),
        (9.8, 12.1, [9, 10, 11, 12, 13]),
        (97, 99.5, [97, 97.5, 98, 98.5, 99, 99.5]),
        (-3.2, 4.1, [-4, -2, 0, 2, 4, 6]),
        (-50, -40, [-50, -48, -46, -44, -42, -40]),
        (-50, -10, [-50, -40, -30, -20, -10, 0]),
        (0.0012, 0.0034, [0, 0.001, 0.002, 0.003, 0.004]),
        (1_200_000, 3_400_000, [0, 1_000_000, 2_000_000, 3_000_000, 4_000_000]),
        (0, 1.1, [0, 0.25, 0.5, 0.75, 1, 1.25]),
        (80.5, 95.2, [80, 85, 90, 95, 100]),
    ],
)
def test_axis_ticks_are_nice_and_start_at_zero_when_sensible(low, high, expected):
    assert axis_ticks(minimum=low, maximum=high) == pytest.approx(expected)


def test_axis_ticks_for_equal_values_never_have_zero_height():
    assert axis_ticks(minimum=5, maximum=5) == [0, 2, 4, 6]
    assert axis_ticks(minimum=0, maximum=0) == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1])
    assert axis_ticks(minimum=-3, maximum=-3)[-1] == 0


def test_nice_ticks_always_give_four_to_six_nice_steps_covering_the_data():
    rng = random.Random(2030)
    for _ in range(2000):
        scale = 10 ** rng.uniform(-4, 7)
        low = rng.uniform(-1, 1) * scale
        high = low + rng.uniform(0.001, 10) * scale
        ticks = nice_ticks(low, high)
        step = ticks[1] - ticks[0]
        assert 4 <= len(ticks) <= 6, (low, high, ticks)
        assert ticks[0] <= low + 1e-9 * step
        assert ticks[-1] >= high - 1e-9 * step
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < 1e-6, ticks
        assert all(abs(b - a - step) < 1e-6 * step for a, b in pairwise(ticks))


def test_nice_ticks_refuse_infinite_limits():
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(0, math.inf)


@pytest.mark.parametrize(
    ("values", "labels"),
    [
        ([1_234, 98_765], ["0", "20,000", "40,000", "60,000", "80,000", "100,000"]),
        ([97, 99.5], ["97.0", "97.5", "98.0", "98.5", "99.0", "99.5"]),
        ([0.0012, 0.0034], ["0.000", "0.001", "0.002", "0.003", "0.004"]),
        ([-3.2, 4.1], ["\u22124", "\u22122", "0", "2", "4", "6"]),
        ([1.2e6, 3.4e6], ["0", "1,000,000", "2,000,000", "3,000,000", "4,000,000"]),
    ],
)
def test_value_labels_have_separators_matching_decimals_and_true_minus_signs(values, labels):
    root = parse(chart([ChartSeries(name="Stockport", points=annual(values))]))

    ticks = [t.text for t in find_all(root, "text") if t.get("dx")]
    assert ticks == labels[::-1] or ticks == labels


def test_uneven_periods_are_spaced_by_position():
    points = [
        ChartPoint(label=label, position=position, value=value)
        for label, position, value in [("2010-12", 2011.5, 3), ("2013-15", 2014.5, 4), ("2019-21", 2020.5, 5)]
    ]
    root = parse(chart([ChartSeries(name="Stockport", points=points, emphasis=True)]))

    (line,) = find_all(root, "path", "series")
    xs = [float(n) for n in line.get("d")[1:].split()[::2]]
    assert xs[2] - xs[1] == pytest.approx(2 * (xs[1] - xs[0]), abs=0.2)


def test_period_labels_are_thinned_so_they_never_overlap_at_the_narrowest_width():
    series = [ChartSeries(name="Stockport", points=annual(list(range(30)), start=1994), emphasis=True)]
    chart_ = charts._LineChart(
        title="t", unit="u", series=series, target=None, id_prefix="t", description="d", width=640, height=320
    )
    shown = chart_._shown_periods()

    assert 2 <= len(shown) < 30
    assert shown[-1][1] == "2023/24"  # the latest period is always labelled
    edges = []
    for position, label in shown:
        centre = chart_.x(position) * NARROWEST_WIDTH / 100
        edges.append((centre - charts._text_width(label) / 2, centre + charts._text_width(label) / 2))
    assert all(right < left for (_, right), (left, _) in pairwise(edges))
    assert edges[0][0] >= 0
    assert edges[-1][1] <= NARROWEST_WIDTH
    root = parse(chart_.render())
    assert len(find_all(root, "text")) >= len(shown)
    tick_marks = [p for p in find_all(root, "path") if "v5" in p.get("d", "")]
    assert tick_marks[0].get("d").count("M") == 30  # every period keeps its tick mark


def test_few_periods_are_all_labelled():
    root = parse(chart([ChartSeries(name="Stockport", points=annual([1, 2, 3, 4, 5], financial=False))]))

    labels = [t.text for t in find_all(root, "text") if t.text and t.text.isdigit() and len(t.text) == 4]
    assert labels == ["2014", "2015", "2016", "2017", "2018"]


# ----------------------------------------------------------------------------------------- edge cases


def test_a_single_point_is_a_marker_and_whisker_with_no_line():
    point = ChartPoint(label="2023/24", position=2023.5, value=9.8, lower=8.1, upper=11.2)
    root = parse(chart([ChartSeries(name="Stockport", points=[point], emphasis=True)]))

    assert not find_all(root, "path", "series")
    (whisker,) = find_all(root, "path", "ci")
    assert subpaths(whisker) == 1
    (marker,) = [u for u in find_all(root, "use") if u.find(SVG + "title") is not None]
    assert marker.find(SVG + "title").text == "Stockport, 2023/24: 9.8 (95% CI 8.1 to 11.2)"


def test_all_equal_values_draw_a_flat_line_on_a_real_scale():
    root = parse(chart([ChartSeries(name="Stockport", points=annual([42.0] * 6))]))

    (line,) = find_all(root, "path", "series")
    ys = set(line.get("d")[1:].split()[1::2])
    assert len(ys) == 1
    ticks = [t.text for t in find_all(root, "text") if t.get("dx")]
    assert len(set(ticks)) >= 4


@pytest.mark.parametrize(
    "series",
    [
        [],
        [ChartSeries(name="Stockport", points=[])],
        [ChartSeries(name="Stockport", points=annual([None, None, None]))],
        [ChartSeries(name="Stockport", points=annual([math.nan, None]))],
    ],
)
def test_no_values_at_all_say_so_in_a_small_named_image(series):
    svg = chart(series, id_prefix="empty", title="Rates")
    root = parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "empty-title empty-desc"
    assert root.find(SVG + "title").text == "Rates"
    assert "No data to chart" in "".join(root.itertext())
    assert len(svg) < 600


def test_not_a_number_is_missing():
    root = parse(chart([ChartSeries(name="Stockport", points=annual([1, math.nan, 3, math.inf, 5, 6]))]))

    (line,) = find_all(root, "path", "series")
    assert subpaths(line) == 1  # only 5-6 joins up
    assert "nan" not in ET.tostring(root, encoding="unicode").lower()


def test_negative_values_have_a_zero_line():
    root = parse(chart([ChartSeries(name="Change", points=annual([-3.2, -1.1, 0.4, 2.3]))]))

    zero = [p for p in find_all(root, "path") if p.get("stroke") == charts.TEXT]
    assert len(zero) == 1
    labels = [t.text for t in find_all(root, "text") if t.get("dx")]
    assert labels == ["\u22124", "\u22122", "0", "2", "4"]


def test_coordinates_are_rounded_to_one_decimal():
    svg = chart([ChartSeries(name="Stockport", points=annual([1 / 3, 2 / 3, 1 / 7]), emphasis=True)])

    numbers = re.findall(r'(?:[xy]\d?|c[xy])="(-?[\d.]+)%?"', svg)
    assert numbers
    assert all(len(n.split(".")[1]) <= 1 for n in numbers if "." in n)
    for d in re.findall(r' d="([^"]+)"', svg):
        assert all(len(n.split(".")[1]) <= 2 for n in re.findall(r"\d*\.\d+", d))


def test_four_series_of_twenty_points_with_intervals_stay_small():
    svg = chart(FOUR_SERIES, target=TargetLine(value=45, label="Target: 45 by 2030", position=2030.5))

    assert len(svg.encode()) < 12_000
    assert "\n" not in svg


def test_the_place_s_markers_carry_a_tooltip_and_others_do_not():
    root = parse(chart(FOUR_SERIES))

    titled = [u for u in find_all(root, "use") if u.find(SVG + "title") is not None]
    assert len(titled) == 20
    assert titled[0].find(SVG + "title").text.startswith("Stockport, 2004/05: 50.0 (95% CI 47.5 to 52.5)")


# ------------------------------------------------------------------------------------------ sparkline


def test_sparkline_is_a_small_named_image():
    svg = sparkline(values=[3, 4, None, 6, 5], id_prefix="trend-1", label="Rising: 3 in 2019 to 5 in 2023")
    root = parse(svg)

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "trend-1-title"
    assert root.find(SVG + "title").text == "Rising: 3 in 2019 to 5 in 2023"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("120", "30", "0 0 120 30")
    (line,) = find_all(root, "path")
    assert subpaths(line) == 2  # the gap breaks it
    assert len(find_all(root, "circle")) == 1  # the latest value
    assert len(svg) < 500


def test_sparkline_edge_cases():
    empty = parse(sparkline(values=[None, None], id_prefix="s", label="No data"))
    assert not find_all(empty, "path")
    assert empty.find(SVG + "title").text == "No data"

    scattered = parse(sparkline(values=[1, None, 3, None, 5, 6], id_prefix="s", label="Gaps"))
    assert subpaths(find_all(scattered, "path")[0]) == 1
    assert [c.get("r") for c in find_all(scattered, "circle")] == ["1.5", "1.5", "2.5"]

    single = parse(sparkline(values=[7], id_prefix="s", label="7"))
    assert not find_all(single, "path")
    assert len(find_all(single, "circle")) == 1

    flat = parse(sparkline(values=[2, 2, 2], id_prefix="s", label="Flat", width=60, height=20))
    assert set(find_all(flat, "path")[0].get("d")[1:].split()[1::2]) == {"10"}

    hostile = sparkline(values=[1, 2], id_prefix="s", label="<script>&")
    assert "<script>" not in hostile
    assert parse(hostile).find(SVG + "title").text == "<script>&"


# ------------------------------------------------------------------------------------------ the example


def write_example() -> Path:
    """Write the realistic example as an SVG file and as a minimal page; return the page."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    svg = example_chart()
    (ARTEFACTS / "example.svg").write_text(svg + "\n", encoding="utf-8")
    page = ARTEFACTS / "example.html"
    page.write_text(example_page(svg), encoding="utf-8")
    return page


def test_example_is_written_and_well_formed():
    page = write_example()

    svg = (ARTEFACTS / "example.svg").read_text(encoding="utf-8")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert len(find_all(root, "path", "series")) == 3
    assert sum(subpaths(w) for w in find_all(root, "path", "ci")) == 9 + 10
    assert len(svg.encode()) < 9_000
    assert page.read_text(encoding="utf-8").count('role="img"') == 1


@pytest.mark.browser
def test_example_in_chromium_is_accessible_valid_and_pictured():
    """axe-core (WCAG 2.0-2.2 A and AA) and the Nu checker on the example page; screenshots at two widths."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    page = write_example()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for name, width in [("desktop", 800), ("mobile", 375)]:
                tab = browser.new_page(viewport={"width": width, "height": 600}, java_script_enabled=True)
                tab.goto(page.as_uri())
                svg = tab.locator("svg[role=img]")
                box = svg.bounding_box()
                assert box is not None
                assert box["width"] == pytest.approx(min(width, 960) - 30, abs=1)
                sizes = tab.eval_on_selector_all(
                    "svg[role=img] text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
                )
                assert min(sizes) >= 14  # text is never scaled down
                svg.screenshot(path=str(ARTEFACTS / f"example-{name}.png"))
                violations = (
                    Axe()
                    .run(
                        tab,
                        options={
                            "runOnly": {
                                "type": "tag",
                                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                            }
                        },
                    )
                    .response["violations"]
                )
                assert not violations, json.dumps(violations, indent=1)[:2000]
                tab.close()
        finally:
            browser.close()

    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.skip("the Nu HTML checker needs java and node_modules/vnu-jar (`make setup`)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not messages, messages
