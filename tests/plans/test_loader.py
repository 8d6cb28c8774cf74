"""Loading a plan: idempotent, updates in place by slug and number, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from onestockport.plans import services
from onestockport.plans.models import Action, DeliveryBody, Measure, Partner, Plan, Priority
from onestockport.plans.plan_file import ValidPlanFile
from onestockport.plans.selectors import plan_stats
from onestockport.plans.services import due_date, load_plan

pytestmark = pytest.mark.django_db


def edited(valid: ValidPlanFile, **changes) -> ValidPlanFile:
    """The same plan with top-level parts replaced (pydantic models are frozen, so copy)."""
    return dataclasses.replace(valid, plan=valid.plan.model_copy(update=changes), checksum="edited")


def test_loading_creates_every_part(shipped_plan_file):
    report = load_plan(plan_file=shipped_plan_file)
    plan = Plan.objects.get()
    assert plan_stats(plan) == {
        "themes": 3,
        "priorities": 9,
        "actions": 68,
        "measures": 44,
        "partners": 18,
        "commitments": 12,
        "values": 3,
        "delivery_bodies": 14,
    }
    assert report.changed
    assert not report.updated
    assert not report.deleted


def test_loading_twice_changes_nothing(shipped_plan_file):
    load_plan(plan_file=shipped_plan_file)
    before = {action.pk: action.title for action in Action.objects.all()}
    report = load_plan(plan_file=shipped_plan_file)
    assert not report.changed, report.as_dict()
    assert {action.pk: action.title for action in Action.objects.all()} == before


def test_an_edited_file_updates_in_place_keeping_identities(shipped_plan_file):
    load_plan(plan_file=shipped_plan_file)
    action_pk = Action.objects.get(priority__slug="climate-friendly", number=5).pk
    priorities = list(shipped_plan_file.plan.priorities)
    climate = priorities[5]
    actions = list(climate.actions)
    actions[4] = actions[4].model_copy(update={"title": "Protect and enhance our natural environment (edited)"})
    priorities[5] = climate.model_copy(update={"actions": actions})

    report = load_plan(plan_file=edited(shipped_plan_file, priorities=priorities))

    action = Action.objects.get(priority__slug="climate-friendly", number=5)
    assert action.pk == action_pk
    assert action.title.endswith("(edited)")
    assert report.updated["action"] == 1
    assert not report.created
    assert not report.deleted


def test_parts_removed_from_the_file_are_deleted(shipped_plan_file):
    load_plan(plan_file=shipped_plan_file)
    priorities = list(shipped_plan_file.plan.priorities)
    digital = priorities[8]
    priorities[8] = digital.model_copy(update={"actions": digital.actions[:-1], "measures": digital.measures[:-1]})

    report = load_plan(plan_file=edited(shipped_plan_file, priorities=priorities))

    assert Action.objects.filter(priority__slug="radically-digital").count() == 7
    assert Measure.objects.filter(priority__slug="radically-digital").count() == 6
    assert report.deleted == {"action": 1, "measure": 1}


def test_a_failure_part_way_leaves_the_database_as_it_was(shipped_plan_file, monkeypatch):
    load_plan(plan_file=shipped_plan_file)
    priorities = list(shipped_plan_file.plan.priorities)
    priorities[0] = priorities[0].model_copy(update={"name": "Renamed"})

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # Measures are written after the priority row has been updated.
    monkeypatch.setattr(services, "_sync_measures", fail)
    with pytest.raises(RuntimeError):
        load_plan(plan_file=edited(shipped_plan_file, priorities=priorities))
    assert Priority.objects.get(slug="caring-and-growing").name == "A caring and growing Stockport"


def test_partners_named_in_a_plan_file_are_assigned(shipped_plan_file):
    priorities = list(shipped_plan_file.plan.priorities)
    first = priorities[0]
    actions = list(first.actions)
    actions[0] = actions[0].model_copy(
        update={"lead_partner": "stockport-council", "partners": ["stockport-homes", "sector3"]}
    )
    priorities[0] = first.model_copy(update={"actions": actions})
    load_plan(plan_file=edited(shipped_plan_file, priorities=priorities))
    action = Action.objects.get(priority__slug="caring-and-growing", number=1)
    assert action.lead_partner.slug == "stockport-council"
    assert {p.slug for p in action.contributing_partners.all()} == {"stockport-homes", "sector3"}


def test_assignments_made_by_staff_survive_a_reload_that_names_none(shipped_plan_file):
    load_plan(plan_file=shipped_plan_file)
    action = Action.objects.get(priority__slug="climate-friendly", number=1)
    action.lead_partner = Partner.objects.get(slug="stockport-council")
    action.save()
    report = load_plan(plan_file=shipped_plan_file)
    action.refresh_from_db()
    assert action.lead_partner.slug == "stockport-council"
    assert not report.changed


def test_shared_delivery_bodies_are_one_row(shipped_plan_file):
    load_plan(plan_file=shipped_plan_file)
    board = DeliveryBody.objects.get(slug="work-and-skills-board")
    assert {p.slug for p in board.priorities.all()} == {"enterprising-and-thriving", "skilled-and-confident"}


@pytest.mark.parametrize(
    ("by", "due"),
    [
        ("2030", dt.date(2030, 12, 31)),
        ("2021-09", dt.date(2021, 9, 30)),
        ("2024-02", dt.date(2024, 2, 29)),
        ("2021-12-31", dt.date(2021, 12, 31)),
    ],
)
def test_due_date_is_the_end_of_the_stated_period(by, due):
    assert due_date(by) == due
