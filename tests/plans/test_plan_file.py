"""Reading and validating plan files: every problem reported with its path and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from onestockport.errors import InvalidInputError
from onestockport.plans.plan_file import format_location, read_plan_file
from tests.conftest import SHIPPED_PLAN


def write_variant(tmp_path: Path, edit) -> Path:
    """A copy of the shipped plan with `edit` applied to its parsed document."""
    document = yaml.load(SHIPPED_PLAN.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    edit(document)
    path = tmp_path / "plan.yaml"
    text = yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        read_plan_file(path)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_the_shipped_plan_is_valid_and_complete(shipped_plan_file):
    plan = shipped_plan_file.plan
    assert [theme.slug for theme in plan.themes] == ["one-heart", "one-home", "one-future"]
    assert [priority.slug for priority in plan.priorities] == [
        "caring-and-growing",
        "healthy-and-happy",
        "strong-and-supportive",
        "fair-and-inclusive",
        "flourishing-and-creative",
        "climate-friendly",
        "enterprising-and-thriving",
        "skilled-and-confident",
        "radically-digital",
    ]
    actions = [len(priority.actions) for priority in plan.priorities]
    assert actions == [9, 7, 7, 8, 7, 7, 8, 7, 8]
    assert sum(actions) == 68
    assert sum(len(priority.measures) for priority in plan.priorities) == 44
    assert len(plan.partners) == 18
    assert plan.engagement.people == 3800
    assert plan.engagement.children_and_young_people == 1000


def test_the_commitments_the_issue_names_are_structured(shipped_plan_file):
    commitments = {
        (c.quantity, c.unit, c.by): c.what
        for priority in shipped_plan_file.plan.priorities
        for action in priority.actions
        for c in action.commitments
    }
    keys = set(commitments)
    assert any(q == 11500 and by == "2030" for q, _, by in keys), "11,500 trees by 2030"
    assert any(q == 14 and by == "2023" for q, _, by in keys), "14 walking and cycling schemes by 2023"
    assert any(q == 40 and by.startswith("2021") for q, _, by in keys), "40% of council housing stock by end 2021"
    assert any("Clean Air Zone" in what and by == "2022" for (_, _, by), what in commitments.items())


def test_three_problems_are_reported_together_with_paths_and_lines(tmp_path):
    def edit(document):
        priority = document["priorities"][3]
        priority["actions"][2]["comitments"] = []  # misspelt key
        del priority["name"]
        document["priorities"][5]["actions"][1]["commitments"][0]["by"] = "twenty"

    problems = problems_of(write_variant(tmp_path, edit))
    assert "priorities[3].actions[2].comitments" in problems
    assert "did you mean 'commitments'" in problems["priorities[3].actions[2].comitments"]
    assert problems["priorities[3].name"] == "required but missing"
    assert "expected a year" in problems["priorities[5].actions[1].commitments[0].by"]
    assert len(problems) == 3


def test_problems_carry_the_line_in_the_file(tmp_path):
    path = write_variant(tmp_path, lambda d: d["priorities"][0]["actions"][0].update(number=0))
    with pytest.raises(InvalidInputError) as caught:
        read_plan_file(path)
    problem = caught.value.problems[0]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert "number" in line


@pytest.mark.parametrize(
    ("edit", "path", "fragment"),
    [
        (lambda d: d["priorities"][0].update(theme="one-heat"), "priorities[0].theme", "unknown theme"),
        (lambda d: d["priorities"][1].update(slug="caring-and-growing"), "priorities", "duplicate slugs"),
        (lambda d: d["priorities"][0]["actions"].pop(3), "priorities[0].actions", "numbered 1 to 8"),
        (
            lambda d: d["priorities"][0]["actions"][0].update(lead_partner="nobody"),
            "priorities[0].actions[0].lead_partner",
            "unknown partner",
        ),
        (
            lambda d: d["priorities"][5]["actions"][1]["commitments"][0].update(by="2021-02-30"),
            "priorities[5].actions[1].commitments[0].by",
            "not a real date",
        ),
        (lambda d: d.update(schema_version=2), "schema_version", "1"),
    ],
)
def test_cross_document_checks(tmp_path, edit, path, fragment):
    problems = problems_of(write_variant(tmp_path, edit))
    assert fragment in problems[path]


def test_yaml_syntax_errors_name_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nplan:\n  slug: [unclosed\n", encoding="utf-8")
    problems = problems_of(path)
    assert "not valid YAML" in problems["(document)"]


def test_duplicate_keys_are_reported(tmp_path):
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    text = text.replace("schema_version: 1\n", "schema_version: 1\nschema_version: 1\n")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert problems_of(path)["schema_version"] == "key appears twice"


def test_a_missing_file_is_a_clear_error(tmp_path):
    assert "cannot read the file" in problems_of(tmp_path / "absent.yaml")["(file)"]


def test_a_document_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    assert "mapping" in problems_of(path)["(document)"]


def test_format_location():
    assert format_location(("priorities", 3, "actions", 2, "commitments", 0, "by")) == (
        "priorities[3].actions[2].commitments[0].by"
    )
    assert format_location(()) == "(document)"
