"""load_areas on the data shipped in the repository: what it registers, idempotence, and bad input."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.places import selectors
from onestockport.places.models import Area, BestFit, Boundary, CensusCount, Deprivation, PlaceName, Postcode
from onestockport.places.services import load_areas

from .conftest import SHIPPED_DATA

pytestmark = pytest.mark.django_db

STOCKPORT = "E08000007"
GM_BOROUGHS = [f"E0800000{n}" for n in range(1, 10)] + ["E08000010"]
FILE_1 = "deprivation/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv"


def snapshot() -> dict[str, list]:
    """Everything load_areas writes, as comparable values."""
    return {
        "areas": list(Area.objects.order_by("code").values_list("code", "name", "level", "vintage", "parent__code")),
        "boundaries": list(
            Boundary.objects.order_by("area__code", "vintage").values_list("area__code", "vintage", "source")
        ),
        "best_fits": list(
            BestFit.objects.order_by("area__code", "area_vintage", "container__code").values_list(
                "area__code", "area_vintage", "container__code", "method"
            )
        ),
        "deprivation": list(
            Deprivation.objects.order_by("area__code", "edition").values_list(
                "area__code", "edition", "score", "rank", "decile", "population"
            )
        ),
        "place_names": list(PlaceName.objects.order_by("code").values_list("code", "name", "kind", "ward_codes")),
        "postcodes": list(Postcode.objects.order_by("postcode").values_list("postcode", "ward_code", "ward__code")),
        "census": list(
            CensusCount.objects.order_by("area_code", "table", "category").values_list(
                "area_code", "table", "category", "count"
            )
        ),
    }


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data folder to break."""
    target = tmp_path / "raw"
    shutil.copytree(SHIPPED_DATA, target)
    return target


def replace_in(path: Path, old: bytes, new: bytes) -> int:
    """Replace the first `old` in the file; return the 1-based line it was on."""
    data = path.read_bytes()
    index = data.index(old)
    path.write_bytes(data[:index] + new + data[index + len(old) :])
    return data[:index].count(b"\n") + 1


def test_registers_stockports_wards_of_both_vintages(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)

    new_wards = selectors.wards_of(stockport)
    old_wards = selectors.wards_of(stockport, vintage="2004")

    assert new_wards.count() == 21
    assert old_wards.count() == 21
    assert {w.code for w in new_wards} == {f"E050150{n}" for n in range(14, 35)}
    assert {w.code for w in old_wards} == {f"E05000{n}" for n in range(779, 800)}
    assert new_wards.get(code="E05015018").name == "Brinnington & Stockport Central"


def test_registers_stockports_lsoas_of_both_vintages(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)

    lsoa21 = selectors.lsoas_of(stockport)
    lsoa11 = selectors.lsoas_of(stockport, vintage="2011")

    assert lsoa21.count() == 191
    assert lsoa11.count() == 190
    # Unchanged LSOAs kept their codes in 2021, so most codes are both.
    assert Area.objects.filter(level=Area.Level.LSOA, vintage="2011 2021").count() == 189
    assert {area.vintage for area in Area.objects.filter(code__in=["E01033947", "E01005758"])} == {"2021", "2011"}


def test_lsoa_parents_are_their_best_fit_wards(loaded_areas):
    lsoa = Area.objects.get(code="E01033947")

    assert lsoa.parent.level == Area.Level.WARD
    assert lsoa.parent.vintage == "2004"
    assert lsoa.parent.parent.code == STOCKPORT


def test_every_lsoa21_has_one_best_fit_may_2023_ward(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)

    fits = selectors.best_fit_wards(stockport)

    assert len(fits) == 191
    per_ward = Counter(fits.values())
    assert len(per_ward) == 21
    assert min(per_ward.values()) >= 7
    assert max(per_ward.values()) <= 11
    ward = Area.objects.get(code="E05015018")
    assert selectors.lsoas_of(ward).count() == per_ward["E05015018"]


def test_registers_comparators_and_gm_boroughs_from_the_ons_files(loaded_areas):
    levels = dict(Area.objects.filter(code__in=["E92000001", "E12000002", "E47000001"]).values_list("code", "level"))

    assert levels == {"E92000001": "country", "E12000002": "region", "E47000001": "combined-authority"}
    assert set(
        Area.objects.filter(code__in=GM_BOROUGHS, level="local-authority").values_list("code", flat=True)
    ) == set(GM_BOROUGHS)
    # ONS names come first: the ONS file calls the combined authority "Greater Manchester".
    assert Area.objects.get(code="E47000001").name == "Greater Manchester"


def test_registers_every_area_in_the_tidy_files(loaded_areas):
    # Trafford Data Lab extracts compare with Trafford's neighbours, and some carry Trafford's wards.
    assert Area.objects.get(code="E06000030").level == "local-authority"  # Swindon
    trafford_ward = Area.objects.get(code="E05015239")
    assert (trafford_ward.level, trafford_ward.parent) == ("ward", None)


def test_stores_boundaries_by_vintage(loaded_areas):
    counts = Counter(Boundary.objects.values_list("area__level", "vintage"))

    assert counts == {
        ("ward", "2023"): 21,
        ("ward", "2004"): 21,
        ("lsoa", "2021"): 191,
        ("lsoa", "2011"): 190,
        ("local-authority", "2023"): 10,
    }


def test_stores_deprivation_for_lsoas_wards_and_local_authorities(loaded_areas):
    counts = Counter(Deprivation.objects.values_list("edition", "area__level"))

    assert counts == {
        ("IoD2019", "lsoa"): 190,
        ("IoD2025", "lsoa"): 191,
        ("IoD2019", "ward"): 21,
        ("IoD2019", "local-authority"): 10,
        ("IoD2025", "local-authority"): 10,
    }


def test_deprivation_values_are_read_as_published(loaded_areas):
    stockport = selectors.get_area(STOCKPORT)
    iod2019 = Deprivation.objects.get(area__code="E01005743", edition="IoD2019")

    # File_1 writes the rank as "14,712"; File_6 the population with separators too.
    assert (iod2019.rank, iod2019.decile) == (14712, 5)
    assert iod2019.population > 0
    assert iod2019.score is not None  # from the mySociety file (original IoD2019 score)
    deciles_2019 = selectors.deprivation_deciles(edition="IoD2019", areas=selectors.lsoas_of(stockport, vintage="2011"))
    deciles_2025 = selectors.deprivation_deciles(edition="IoD2025", areas=selectors.lsoas_of(stockport))
    assert Counter(deciles_2019.values())[1] == 17
    assert Counter(deciles_2025.values())[1] == 15
    summary = Deprivation.objects.get(area__code=STOCKPORT, edition="IoD2025")
    assert (summary.rank, summary.decile) == (158, None)
    assert summary.details["Index of Multiple Deprivation"]["proportion_bottom_decile"] == pytest.approx(0.0785)
    assert Deprivation.objects.get(area__code=STOCKPORT, edition="IoD2019").rank == 130
    ward = Deprivation.objects.get(area__code="E05000779", edition="IoD2019")
    assert ward.decile is None
    assert ward.score is not None


def test_loading_twice_changes_nothing(loaded_areas):
    before = snapshot()

    report = load_areas(data_dir=SHIPPED_DATA)

    assert loaded_areas.changed
    assert not report.changed
    assert report.as_dict()["unchanged"] == sum(len(rows) for rows in before.values())
    assert snapshot() == before


def test_the_plans_data_folder_will_do_as_well_as_its_raw_folder(loaded_areas):
    report = load_areas(data_dir=SHIPPED_DATA.parent)

    assert not report.changed


def test_a_folder_without_the_raw_files_is_a_clear_error(db, tmp_path):
    with pytest.raises(InvalidInputError, match="is this the raw data folder"):
        load_areas(data_dir=tmp_path)


def test_default_data_dir_is_the_shipped_data(settings):
    from onestockport.places.services import default_data_dir

    settings.ONESTOCKPORT_DATA_DIR = SHIPPED_DATA.parent
    assert default_data_dir() == SHIPPED_DATA.parent
    del settings.ONESTOCKPORT_DATA_DIR
    assert default_data_dir() == SHIPPED_DATA.parent


def test_a_changed_file_updates_only_what_changed(loaded_areas, data_copy):
    replace_in(data_copy / "lookups/gm_ward22_to_lad22_lookup.csv", b"Bredbury and Woodley", b"Bredbury & Woodley")

    report = load_areas(data_dir=data_copy)

    assert report.as_dict()["updated"] == {"area": 1}
    assert Area.objects.get(code="E05000781").name == "Bredbury & Woodley"


def test_a_bad_value_names_file_line_and_column_and_writes_nothing(loaded_areas, data_copy):
    before = snapshot()
    line = replace_in(data_copy / FILE_1, b'"14,712",5', b'"14,712",11')

    with pytest.raises(InvalidInputError) as caught:
        load_areas(data_dir=data_copy)

    problem = caught.value.problems[0]
    assert caught.value.source == FILE_1
    assert problem.line == line
    assert "'Index of Multiple Deprivation (IMD) Decile'" in problem.message
    assert "'11'" in problem.message
    assert f"{FILE_1} (line {line})" in str(caught.value)
    assert snapshot() == before


def test_a_bad_area_code_in_an_ons_file_is_named(db, data_copy):
    path = "ons_explore_local_statistics/claimant-count.csv"
    line = replace_in(data_copy / path, b"E08000007,Stockport", b"E0800007,Stockport")

    with pytest.raises(InvalidInputError) as caught:
        load_areas(data_dir=data_copy)

    problem = caught.value.problems[0]
    assert (caught.value.source, problem.line) == (path, line)
    assert "column 'areacd'" in problem.message
    assert Area.objects.count() == 0


def test_a_missing_column_is_named(db, data_copy):
    replace_in(data_copy / "lookups/gm_lsoa21_to_ward22_best-fit_lookup.csv", b"wd22cd", b"ward_code")

    with pytest.raises(InvalidInputError, match=r"missing column\(s\) \['wd22cd'\]"):
        load_areas(data_dir=data_copy)


def test_a_broken_boundary_is_named(db, data_copy):
    path = "boundaries/wards2013_E08000007.geojson"
    replace_in(data_copy / path, b'"type": "Polygon"', b'"type": "Point"')

    with pytest.raises(InvalidInputError) as caught:
        load_areas(data_dir=data_copy)

    assert caught.value.source == path
    assert "is not Polygon or MultiPolygon" in caught.value.problems[0].message
    assert caught.value.problems[0].line is not None


def test_an_unknown_area_code_is_a_clear_error(db):
    with pytest.raises(selectors.UnknownAreaError, match="E99999999"):
        selectors.get_area("E99999999")


def test_system_check_passes_after_a_load_and_flags_a_ward_without_a_boundary(loaded_areas):
    from onestockport.places.checks import check_boundaries

    assert check_boundaries(databases=["default"]) == []

    Boundary.objects.filter(area__code="E05015020").delete()

    messages = check_boundaries(databases=["default"])
    assert [message.id for message in messages] == ["places.W001"]
    assert "Cheadle Hulme South" in messages[0].msg


def test_every_ward_in_the_shipped_ward_boundary_files_is_registered(loaded_areas):
    import json

    for relative, key in (
        ("boundaries/gm_ward_2023_generalised.geojson", "area_code"),
        ("boundaries/wards2013_E08000007.geojson", "WD13CD"),
    ):
        features = json.loads((SHIPPED_DATA / relative).read_text(encoding="utf-8"))["features"]
        codes = {feature["properties"][key] for feature in features}
        assert set(Area.objects.filter(code__in=codes, level="ward").values_list("code", flat=True)) == codes


def test_the_place_passed_in_picks_the_wards_and_the_report_names_what_is_not_shipped(db):
    from dataclasses import replace

    from onestockport.plans.place import place_from_file

    from .conftest import REPO_ROOT

    plan_place = place_from_file(REPO_ROOT / "plans" / "one-stockport-2030" / "plan.yaml")
    neighbour = replace(plan_place, code="E08000002", name="Bury")

    report = load_areas(data_dir=SHIPPED_DATA, place=neighbour)

    wards = selectors.place_wards("E08000002")
    assert wards
    assert not selectors.place_wards(STOCKPORT)
    assert any("wards2013_E08000002.geojson" in note for note in report.as_dict()["not_shipped"])
    assert selectors.boundaries_note(wards) == selectors.BOUNDARIES_NOT_SHIPPED


def test_the_default_place_is_the_plans_and_its_wards_have_boundaries(loaded_areas):
    wards = selectors.place_wards(STOCKPORT)

    assert len(wards) == 42
    assert loaded_areas.as_dict()["not_shipped"] == []
    assert selectors.boundaries_note(wards) == ""
