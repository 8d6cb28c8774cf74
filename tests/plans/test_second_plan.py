"""A second real plan (Manchester's "Our Manchester Strategy - Forward to 2025") is valid and complete.

The engine serves any council: this plan folder must validate against the same schema, its
catalogue must name only measures the plan has, and every indicator it publishes must have rows
for the plan's own place in the shipped publisher files it reads.
"""

from __future__ import annotations

import pytest

from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.importers.registry import get_importer
from onestockport.indicators.selection import matches
from onestockport.plans.plan_file import read_plan_file
from tests.conftest import REPO_ROOT

PLAN_DIR = REPO_ROOT / "plans" / "our-manchester-2025"


@pytest.fixture(scope="module")
def plan():
    return read_plan_file(PLAN_DIR / "plan.yaml").plan


def measure_keys(plan) -> set[str]:
    return {f"{priority.slug}/{measure.slug}" for priority in plan.priorities for measure in priority.measures}


@pytest.fixture(scope="module")
def catalogue(plan):
    # measure_keys makes read_catalogue refuse any indicator naming a measure the plan lacks.
    return read_catalogue(PLAN_DIR / "indicators.yaml", measure_keys=measure_keys(plan))


def test_the_plan_names_its_own_place(plan):
    place = plan.place_settings()
    assert (place.name, place.code, place.kind) == ("Manchester", "E08000003", "city")
    assert place.partnership == "the Our Manchester Forum"
    assert (plan.plan.slug, plan.plan.period_end, plan.plan.stage) == ("our-manchester-2025", 2025, "refreshed")


def test_the_transcribed_themes_priorities_actions_and_measures(plan):
    assert [theme.name for theme in plan.themes] == [
        "A Thriving and Sustainable City",
        "A Highly Skilled City",
        "A Progressive and Equitable City",
        "A Liveable and Zero-carbon City",
        "A Connected City",
    ]
    per_theme = {theme.slug: [p.slug for p in plan.priorities if p.theme == theme.slug] for theme in plan.themes}
    # Two "We will ..." statements per theme; the Connected City's are cut off in the stored copy.
    assert [len(slugs) for slugs in per_theme.values()] == [2, 2, 2, 2, 0]
    assert all(priority.name.startswith("We will ") for priority in plan.priorities)
    assert all(priority.number is None for priority in plan.priorities)  # the page does not number them
    assert sum(len(priority.actions) for priority in plan.priorities) == 0
    assert [len(priority.measures) for priority in plan.priorities] == [0, 3, 0, 1, 1, 2, 1, 1]
    assert len(plan.vision.aspirations) == 6
    assert len(plan.facts) == 5


def test_every_catalogue_measure_is_a_plan_measure_and_every_plan_measure_is_catalogued(plan, catalogue):
    catalogued = {measure.measure for measure in catalogue.measures}
    assert catalogued == measure_keys(plan)
    assert catalogue.plan == plan.plan.slug
    assert catalogue.area.code == plan.place_settings().code


def test_the_counts_of_published_and_local_data_needed_indicators(catalogue):
    statuses = [indicator.status for indicator in catalogue.indicators]
    assert (statuses.count("published"), statuses.count("local-data-needed")) == (20, 5)
    group = catalogue.comparators.neighbour_group()
    assert group.name == "Other Greater Manchester boroughs"
    neighbours = {area.code for area in group.areas}
    assert catalogue.area.code not in neighbours
    assert len(neighbours) == 9


def test_every_published_indicator_has_rows_for_the_place(catalogue):
    raw_root = (PLAN_DIR / catalogue.raw_data_root).resolve()
    files: dict[tuple[str, str], tuple[list, bool]] = {}
    missing = []
    for indicator in catalogue.indicators:
        if indicator.status != "published":
            continue
        source = indicator.source
        key = (source.file, source.format)
        if key not in files:
            importer = get_importer(source.format)
            files[key] = (importer(raw_root / source.file).read(), importer.wide)
        rows, wide = files[key]
        if not any(row.area_code == catalogue.area.code and matches(row, source, wide=wide) for row in rows):
            missing.append(indicator.id)
    assert missing == []


def test_the_plan_ships_its_own_data_folder():
    data = PLAN_DIR / "data"
    assert [data.is_symlink(), (data / "manifest.yaml").is_file(), (data / "SOURCES.md").is_file()] == [
        False,
        True,
        True,
    ]
