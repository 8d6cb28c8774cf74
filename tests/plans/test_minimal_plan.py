"""A plan needs only a title, its place, themes with priorities, and an action or a measure."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onestockport.errors import InvalidInputError
from onestockport.plans.models import Plan, Priority
from onestockport.plans.plan_file import read_plan_file
from onestockport.plans.services import load_plan

MINIMAL = {
    "schema_version": 1,
    "place": {"site_name": "Our Town Online", "name": "Our Town", "code": "E06000099", "kind": "unitary"},
    "plan": {"slug": "our-town-2035", "title": "Our Town 2035", "status": "Adopted", "period_end": 2035, "source": "x"},
    "themes": [{"slug": "people", "name": "People"}],
    "priorities": [
        {
            "slug": "healthy-lives",
            "theme": "people",
            "number": 4,
            "name": "Healthy lives",
            "measures": [{"slug": "life-expectancy", "text": "Healthy life expectancy"}],
        }
    ],
}


def write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        read_plan_file(path)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_a_minimal_plan_is_valid(tmp_path):
    plan = read_plan_file(write(tmp_path, MINIMAL)).plan
    assert plan.vision is None
    assert plan.engagement is None
    assert plan.priorities[0].delivered_through is None


@pytest.mark.django_db
def test_a_minimal_plan_loads_with_its_place_and_priority_number(tmp_path):
    load_plan(plan_file=read_plan_file(write(tmp_path, MINIMAL)))
    plan = Plan.objects.get(slug="our-town-2035")
    assert (plan.place, plan.place_settings["kind"], plan.place_settings["site_name"]) == (
        "Our Town",
        "unitary",
        "Our Town Online",
    )
    assert Priority.objects.get(plan=plan).number == 4


def test_counts_may_be_not_stated(tmp_path):
    document = {**MINIMAL, "engagement": {"people": "not stated", "children_and_young_people": None}}
    assert read_plan_file(write(tmp_path, document)).plan.engagement.people == "not stated"


def test_a_count_that_is_neither_a_number_nor_not_stated_is_refused(tmp_path):
    document = {**MINIMAL, "engagement": {"people": "lots"}}
    assert "engagement.people" in problems_of(write(tmp_path, document))


def test_a_plan_with_neither_actions_nor_measures_is_refused(tmp_path):
    priority = {key: value for key, value in MINIMAL["priorities"][0].items() if key != "measures"}
    problems = problems_of(write(tmp_path, {**MINIMAL, "priorities": [priority]}))
    assert "at least one action or one measure" in problems["priorities"]


def test_a_plan_that_names_no_place_is_refused(tmp_path):
    document = {key: value for key, value in MINIMAL.items() if key != "place"}
    assert "`place` section" in problems_of(write(tmp_path, document))["place"]


def test_a_city_is_a_place_kind(tmp_path):
    document = {**MINIMAL, "place": {**MINIMAL["place"], "kind": "city"}}
    assert read_plan_file(write(tmp_path, document)).plan.place.kind == "city"


def test_an_unknown_place_kind_is_refused_with_its_path(tmp_path):
    document = {**MINIMAL, "place": {**MINIMAL["place"], "kind": "hamlet"}}
    assert "place.kind" in problems_of(write(tmp_path, document))


def test_repeated_priority_numbers_are_refused(tmp_path):
    second = {**MINIMAL["priorities"][0], "slug": "other"}
    problems = problems_of(write(tmp_path, {**MINIMAL, "priorities": [MINIMAL["priorities"][0], second]}))
    assert "priority numbers must be unique" in problems["priorities"]


def test_a_priority_may_be_a_whole_sentence_but_not_longer_than_its_column(tmp_path):
    def with_name(length: int) -> dict:
        return {**MINIMAL, "priorities": [{**MINIMAL["priorities"][0], "name": "w" * length}]}

    assert read_plan_file(write(tmp_path, with_name(400))).plan.priorities[0].name == "w" * 400
    assert "priorities[0].name" in problems_of(write(tmp_path, with_name(401)))


def test_a_name_longer_than_its_column_is_reported_by_path(tmp_path):
    document = {**MINIMAL, "themes": [{"slug": "people", "name": "n" * 201}]}
    assert "themes[0].name" in problems_of(write(tmp_path, document))
