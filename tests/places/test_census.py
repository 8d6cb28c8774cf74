"""Census 2021 small-area counts: the file reader, the loader and the figure counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.places import census
from onestockport.places.census import CENSUS_FILE, FIGURES, read_census
from onestockport.places.models import Area, CensusCount
from onestockport.places.services import load_areas

from .conftest import SHIPPED_DATA

SHIPPED_CENSUS = SHIPPED_DATA.parent / "derived" / CENSUS_FILE

GOOD = """area_code,table,category,count
E01000001,TS038,Total,10
E01000001,TS038,Disabled under the Equality Act,3
E01000001,TS038,Not disabled under the Equality Act,7
E92000001,TS038,Total,100
E92000001,TS038,Disabled under the Equality Act,20
E92000001,TS038,Not disabled under the Equality Act,80
"""


def write(folder: Path, text: str) -> Path:
    path = folder / CENSUS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return folder


def test_a_good_file_reads_every_row(tmp_path):
    records = read_census(write(tmp_path, GOOD))

    assert len(records) == 6
    assert records[1].area_code == "E01000001"
    assert records[1].category == "Disabled under the Equality Act"
    assert records[1].count == 3
    assert records[1].source == CENSUS_FILE


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        (
            "E01000001,TS038,Disabled under the Equality Act,3",
            "E01000001,TS038,Disabled under the Equality Act,x",
            3,
            "field 'count'",
        ),
        ("E01000001,TS038,Total,10", "E0100000,TS038,Total,10", 2, "field 'area_code'"),
        ("E92000001,TS038,Total,100", "E92000001,TS999,Total,100", 5, "field 'table'"),
        ("E92000001,TS038,Total,100", "E92000001,TS038,,100", 5, "field 'category'"),
        ("E92000001,TS038,Total,100", "E92000001,TS038,Total", 5, "wrong number of fields"),
    ],
)
def test_a_bad_row_names_the_file_line_and_field(tmp_path, old, new, line, words):
    with pytest.raises(InvalidInputError) as caught:
        read_census(write(tmp_path, GOOD.replace(old, new)))

    assert f"{CENSUS_FILE} (line {line}): {words}" in str(caught.value)


def test_categories_that_do_not_add_up_to_the_total_are_refused(tmp_path):
    with pytest.raises(InvalidInputError) as caught:
        read_census(write(tmp_path, GOOD.replace("E01000001,TS038,Total,10", "E01000001,TS038,Total,11")))

    assert "E01000001 TS038: the categories add up to 10, not 11" in str(caught.value)


def test_a_repeated_row_and_a_wrong_header_are_refused(tmp_path):
    with pytest.raises(InvalidInputError, match=r"line 8\): a second row"):
        read_census(write(tmp_path, GOOD + "E92000001,TS038,Total,100\n"))
    with pytest.raises(InvalidInputError, match="the header must be area_code,table,category,count"):
        read_census(write(tmp_path, GOOD.replace("area_code,", "code,")))


def test_the_shipped_file_reads_and_is_small():
    records = read_census(SHIPPED_CENSUS.parents[2])

    assert SHIPPED_CENSUS.stat().st_size < 700_000
    assert {record.table for record in records} == set(census.TABLES)
    # Every figure's categories are categories of its table, so no figure silently counts nothing.
    categories = {(record.table, record.category) for record in records}
    for figure in FIGURES:
        assert all((figure.table, category) in categories for category in figure.categories), figure.slug


@pytest.mark.django_db
def test_load_areas_stores_the_counts_and_a_second_load_changes_nothing(loaded_areas):
    disabled = CensusCount.objects.get(area_code="E01005886", table="TS038", category="Disabled under the Equality Act")
    total = CensusCount.objects.get(area_code="E01005886", table="TS038", category="Total")

    # SOURCES.md of the shared places folder: LSOA E01005886 has 278 disabled residents of 1,466.
    assert (disabled.count, total.count, total.universe) == (278, 1466, "usual residents")
    assert loaded_areas.totals["census count"] == CensusCount.objects.count() > 10_000
    again = load_areas(data_dir=SHIPPED_DATA)
    assert not again.changed


@pytest.mark.django_db
def test_a_bad_census_file_names_file_line_and_field_and_writes_nothing(tmp_path):
    data = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, data)
    text = SHIPPED_CENSUS.read_text(encoding="utf-8")
    line = text.split("\n").index("E01005886,TS038,Disabled under the Equality Act,278") + 1
    write(
        tmp_path / "derived", text.replace("Disabled under the Equality Act,278", "Disabled under the Equality Act,2x8")
    )

    with pytest.raises(InvalidInputError) as caught:
        load_areas(data_dir=data)

    assert f"{CENSUS_FILE} (line {line}): field 'count'" in str(caught.value)
    assert not Area.objects.exists()
    assert not CensusCount.objects.exists()


@pytest.mark.django_db
def test_a_data_folder_without_census_counts_loads_and_says_so(tmp_path):
    data = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, data)

    report = load_areas(data_dir=data)

    assert Area.objects.exists()
    assert not CensusCount.objects.exists()
    assert any("census2021" in note for note in report.not_shipped)


@pytest.fixture
def small_counts(db, monkeypatch):
    """Two LSOAs, the place's own row and England, for disability (TS038) and tenure (TS054)."""
    monkeypatch.setattr(census, "_place_code", lambda: "E08000099")
    rows = {
        ("E01000001", "TS038"): {"Total": 100, "Disabled under the Equality Act": 30},
        ("E01000002", "TS038"): {"Total": 300, "Disabled under the Equality Act": 30},
        ("E08000099", "TS038"): {"Total": 401, "Disabled under the Equality Act": 61},
        ("E92000001", "TS038"): {"Total": 1000, "Disabled under the Equality Act": 173},
        ("E01000001", "TS054"): {
            "Total": 50,
            "Social rented: Rents from council or Local Authority": 10,
            "Social rented: Other social rented": 5,
        },
        ("E01000002", "TS054"): {"Total": 150, "Social rented: Other social rented": 15},
    }
    CensusCount.objects.bulk_create(
        CensusCount(area_code=code, table=table, category=category, count=count, universe="x", source="test")
        for (code, table), counts in rows.items()
        for category, count in counts.items()
    )


def test_lsoa_counts_sum_a_figures_categories_per_lsoa(small_counts):
    assert census.lsoa_counts("disabled") == {"E01000001": (30, 100), "E01000002": (30, 300)}
    assert census.lsoa_counts("social-rented") == {"E01000001": (15, 50), "E01000002": (15, 150)}


def test_england_and_borough_counts(small_counts):
    assert census.england_counts("disabled") == (173, 1000)
    assert census.england_counts("social-rented") is None
    # The place's published row where there is one, else the sum of its LSOAs.
    assert census.borough_counts("disabled") == (61, 401)
    assert census.borough_counts("social-rented") == (30, 200)


def test_an_unknown_figure_is_a_key_error_listing_the_known_ones(small_counts):
    with pytest.raises(KeyError, match="aged-65-and-over"):
        census.lsoa_counts("no-such-figure")
