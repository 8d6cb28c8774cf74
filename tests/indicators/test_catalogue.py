"""The catalogue's comparators: default areas one by one, then one named group of neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onestockport.errors import InvalidInputError
from onestockport.indicators.catalogue import read_catalogue


def _catalogue(tmp_path: Path, comparators: dict) -> Path:
    document = {
        "schema_version": 1,
        "plan": "a-plan",
        "area": {"code": "E07000001", "name": "Somewhere", "level": "local-authority"},
        "raw_data_root": "data/raw",
        "comparators": comparators,
        "measures": [],
        "indicators": [],
    }
    path = tmp_path / "indicators.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


ENGLAND = {"code": "E92000001", "name": "England", "level": "country"}
NEIGHBOURS = [{"code": "E07000002", "name": "Elsewhere"}, {"code": "E07000003", "name": "Yonder"}]


def test_the_neighbour_group_is_named_and_slugged_by_the_catalogue(tmp_path):
    path = _catalogue(
        tmp_path, {"default": [ENGLAND], "neighbours": {"name": "Other Shire districts", "areas": NEIGHBOURS}}
    )

    groups = read_catalogue(path).comparator_groups()

    assert [(slug, name, [a.code for a in areas]) for slug, name, areas in groups] == [
        ("england", "England", ["E92000001"]),
        ("other-shire-districts", "Other Shire districts", ["E07000002", "E07000003"]),
    ]


def test_a_catalogue_without_neighbours_has_only_the_defaults(tmp_path):
    groups = read_catalogue(_catalogue(tmp_path, {"default": [ENGLAND]})).comparator_groups()

    assert [slug for slug, _, _ in groups] == ["england"]


def test_a_neighbour_group_needs_a_name_and_areas(tmp_path):
    with pytest.raises(InvalidInputError) as caught:
        read_catalogue(_catalogue(tmp_path, {"neighbours": {"areas": []}}))

    where = [problem.path for problem in caught.value.problems]
    assert any("neighbours" in w and "name" in w for w in where), where
    assert any("neighbours" in w and "areas" in w for w in where), where


def test_an_older_catalogues_unnamed_list_still_serves_as_the_neighbours(tmp_path):
    catalogue = read_catalogue(_catalogue(tmp_path, {"default": [ENGLAND], "gm_boroughs": NEIGHBOURS}))

    slug, name, areas = catalogue.comparator_groups()[-1]

    assert (slug, name, len(areas)) == ("neighbouring-councils", "Neighbouring councils", 2)
    assert {area["code"] for area in catalogue.comparators["gm_boroughs"]} == {"E07000002", "E07000003"}


def test_the_shipped_plans_neighbours_keep_their_name(catalogue):
    slug, name, areas = catalogue.comparator_groups()[-1]

    assert name == "Other Greater Manchester boroughs"
    assert slug == "other-greater-manchester-boroughs"
    assert len(areas) == 9
