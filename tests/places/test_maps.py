"""The SVG maps: accessible, valid, small, honest about missing values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from onestockport.places import maps, selectors

from .conftest import ARTEFACTS

SVG = "{http://www.w3.org/2000/svg}"
STOCKPORT = "E08000007"


def square(x: float, y: float, size: float = 0.01) -> dict:
    """A small square near Stockport (synthetic geometry)."""
    x0, y0 = -2.2 + x * size, 53.4 + y * size
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


GRID = [maps.MapArea(f"A{n}", f"Area {n}", square(n % 3, n // 3)) for n in range(9)]


def render(values=None, **kwargs) -> str:
    values = {area.code: float(n) for n, area in enumerate(GRID)} if values is None else values
    options = {"title": "Test map", "id_prefix": "test-map", "area_label": "areas"} | kwargs
    return maps.choropleth_svg(GRID, values, **options)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def area_paths(root: ET.Element) -> list[ET.Element]:
    return [path for path in root.iter(f"{SVG}path") if path.find(f"{SVG}title") is not None]


def legend_texts(root: ET.Element) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text")]


def test_is_well_formed_svg_for_inlining_in_html():
    svg = render()

    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    assert "style=" not in svg  # no inline styles (a strict CSP would block them)


def test_is_an_accessible_image_with_title_and_description():
    root = parse(render(description="Synthetic values."))

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id == "test-map-title"
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text.startswith("Synthetic values. Map of 9 areas.")
    assert "Values range from 0.00 (Area 0) to 8.00 (Area 8)." in desc.text


def test_every_area_is_one_path_with_its_name_and_value():
    root = parse(render())

    labels = sorted(path.find(f"{SVG}title").text for path in area_paths(root))
    assert len(labels) == 9
    assert labels[0] == "Area 0: 0.00"


def test_every_id_is_prefixed_and_unique():
    svg = render(values={"A0": None, "A1": 1.0, "A2": 2.0})

    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids
    assert len(ids) == len(set(ids))
    assert all(identifier.startswith("test-map-") for identifier in ids)
    assert all(f"#{target}" in svg or target in ids for target in re.findall(r"url\(#([^)]+)\)", svg))


def test_legend_shows_five_classes_from_light_to_dark():
    root = parse(render(values={area.code: float(n * 10) for n, area in enumerate(GRID)}))

    texts = legend_texts(root)
    assert len(texts) == 5
    assert texts[0] == "0.0 to 10.0 (2 areas)"
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == list(maps.VIRIDIS_5)


def test_missing_values_are_hatched_and_labelled_no_data():
    root = parse(render(values={"A0": 3.0, "A1": None, "A2": 5.0}, legend_title="Score"))

    paths = {path.find(f"{SVG}title").text: path.get("fill") for path in area_paths(root)}
    assert paths["Area 1: no data"] == "url(#test-map-nodata)"
    assert paths["Area 8: no data"] == "url(#test-map-nodata)"
    assert root.find(f".//{SVG}pattern").get("id") == "test-map-nodata"
    assert "No data (7 areas)" in legend_texts(root)
    assert legend_texts(root)[0] == "Score"
    assert "No data for 7 areas: Area 1, Area 3" in root.find(f"{SVG}desc").text


def test_no_values_at_all_still_draws_a_map():
    root = parse(render(values={}))

    assert len(area_paths(root)) == 9
    assert legend_texts(root) == ["No data (9 areas)"]


def test_coordinates_have_at_most_one_decimal_place():
    for path in area_paths(parse(render())):
        assert not re.search(r"\.\d\d", path.get("d"))


def test_text_is_escaped():
    areas = [maps.MapArea("A", 'Tom & "Jerry" <ward>', square(0, 0))]

    root = parse(maps.choropleth_svg(areas, {"A": 1.0}, title="A & B", id_prefix="m"))

    assert root.find(f"{SVG}title").text == "A & B"
    assert area_paths(root)[0].find(f"{SVG}title").text == 'Tom & "Jerry" <ward>: 1.00'


def test_rejects_an_id_prefix_that_would_make_a_bad_id():
    with pytest.raises(ValueError, match="id_prefix"):
        render(id_prefix="1 map")


def test_holes_and_multipolygons_are_drawn_as_subpaths():
    outer = [[-2.2, 53.4], [-2.1, 53.4], [-2.1, 53.5], [-2.2, 53.5], [-2.2, 53.4]]
    hole = [[-2.17, 53.43], [-2.13, 53.43], [-2.13, 53.47], [-2.17, 53.47], [-2.17, 53.43]]
    island = square(20, 20)["coordinates"]
    geometry = {"type": "MultiPolygon", "coordinates": [[outer, hole], island]}

    root = parse(maps.choropleth_svg([maps.MapArea("A", "A", geometry)], {"A": 1.0}, title="t", id_prefix="m"))

    assert area_paths(root)[0].get("d").count("M") == 3


@pytest.mark.parametrize(
    ("values", "method", "expected"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "quantile", [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
        ([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], "quantile", [(0, 0), (1, 2), (3, 4)]),
        ([0, 10, 20, 100], "equal-interval", [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]),
        ([5, 5, 5], "quantile", [(5, 5)]),
    ],
)
def test_classify(values, method, expected):
    classes = maps.classify(values, method=method)

    assert [(c.lower, c.upper) for c in classes] == expected
    assert sum(c.count for c in classes) == len(values)


def test_classify_keeps_equal_values_in_one_class():
    classes = maps.classify([1, 2, 2, 2, 2, 2, 3, 4, 5, 6])

    assert next(c for c in classes if c.lower <= 2 <= c.upper).count >= 5


def test_outline_highlights_the_chosen_areas():
    root = parse(maps.outline_svg(GRID, title="Where", id_prefix="loc", highlight={"A4"}))

    fills = {path.find(f"{SVG}title").text: path.get("fill") for path in area_paths(root)}
    assert fills["Area 4"] == maps.TEXT
    assert fills["Area 0"] == maps.LIGHT
    assert "with Area 4 highlighted" in root.find(f"{SVG}desc").text


# --- On the shipped boundaries ------------------------------------------------------------------


@pytest.mark.django_db
def test_ward_map_of_stockport_is_small(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)
    wards = selectors.wards_of(stockport)
    shares = {ward.code: ward.share_most_deprived_20 * 100 for ward in selectors.ward_deprivation(stockport)}

    svg = maps.choropleth_svg(
        selectors.map_areas(wards, vintage="2023"),
        shares,
        title="Share of each ward's neighbourhoods among England's most deprived 20% (IoD2025)",
        id_prefix="ward-map",
        legend_title="LSOAs in national deciles 1-2",
        area_label="wards",
        format_value=lambda value: f"{value:.0f}%",
        description="Best fit of 2021 LSOAs to the May 2023 wards.",
    )

    root = parse(svg)
    assert len(area_paths(root)) == 21
    assert len(svg.encode()) < 30_000
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "stockport-wards-iod2025.svg").write_text(svg, encoding="utf-8")
    (ARTEFACTS / "stockport-wards-iod2025.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ward map</title></head>'
        f"<body><main><h1>Ward map</h1>{svg}</main></body></html>",
        encoding="utf-8",
    )


@pytest.mark.django_db
def test_pre_2023_ward_map_of_imd_2019_scores(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)
    wards = selectors.wards_of(stockport, vintage="2004")
    scores = {code: row.score for code, row in selectors.deprivation(edition="IoD2019", areas=wards).items()}

    svg = maps.choropleth_svg(
        selectors.map_areas(wards, vintage="2004"),
        scores,
        title="IMD 2019 average score by ward (wards before May 2023)",
        id_prefix="imd2019-wards",
        legend_title="IMD 2019 score",
        area_label="wards",
    )

    assert len(area_paths(parse(svg))) == 21
    assert len(svg.encode()) < 30_000
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "stockport-wards-2004-imd2019.svg").write_text(svg, encoding="utf-8")


@pytest.mark.django_db
def test_lsoa_map_of_stockport_is_under_80_kb(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)
    lsoas = selectors.lsoas_of(stockport)
    deciles = selectors.deprivation_deciles(edition="IoD2025", areas=lsoas)

    svg = maps.choropleth_svg(
        selectors.map_areas(lsoas, vintage="2021"),
        {code: float(decile) for code, decile in deciles.items()},
        title="IMD 2025 national decile by LSOA",
        id_prefix="lsoa-map",
        area_label="LSOAs",
        format_value=lambda value: f"{value:.0f}",
    )

    assert len(area_paths(parse(svg))) == 191
    assert len(svg.encode()) < 80_000
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "stockport-lsoas-iod2025.svg").write_text(svg, encoding="utf-8")
