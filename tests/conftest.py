"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from onestockport.plans.models import Plan
from onestockport.plans.plan_file import read_plan_file
from onestockport.plans.services import load_plan

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLAN = Path(settings.ONESTOCKPORT_PLAN_FILE)


@pytest.fixture(scope="session")
def shipped_plan_file():
    """The shipped plan file, parsed and validated once per test session."""
    return read_plan_file(SHIPPED_PLAN)


@pytest.fixture
def loaded_plan(db, shipped_plan_file) -> Plan:
    """The shipped Stockport plan loaded into the test database."""
    load_plan(plan_file=shipped_plan_file)
    return Plan.objects.get(slug=shipped_plan_file.plan.plan.slug)
