"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.services import load_catalogue
from onestockport.places.services import load_areas
from onestockport.plans.models import Plan
from onestockport.plans.plan_file import read_plan_file
from onestockport.plans.services import load_plan

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLAN = Path(settings.ONESTOCKPORT_PLAN_FILE)
SHIPPED_RAW = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
HLE_FILE = SHIPPED_RAW / "ons_explore_local_statistics" / "healthy-life-expectancy.csv"


@pytest.fixture(scope="session")
def shipped_plan_file():
    """The shipped plan file, parsed and validated once per test session."""
    return read_plan_file(SHIPPED_PLAN)


@pytest.fixture
def loaded_plan(db, shipped_plan_file) -> Plan:
    """The shipped Stockport plan loaded into the test database."""
    load_plan(plan_file=shipped_plan_file)
    return Plan.objects.get(slug=shipped_plan_file.plan.plan.slug)


@pytest.fixture(scope="session")
def catalogue():
    return read_catalogue(Path(settings.ONESTOCKPORT_CATALOGUE_FILE))


@pytest.fixture
def indicator_plan(loaded_plan, catalogue):
    """The shipped plan with its area register and indicator catalogue loaded (no observations yet)."""
    load_areas(data_dir=Path(settings.ONESTOCKPORT_DATA_DIR))
    load_catalogue(plan=loaded_plan, catalogue=catalogue)
    return loaded_plan


@pytest.fixture
def hle_extract(tmp_path) -> Path:
    """A small real extract of ONS's healthy life expectancy file: header and every Stockport/England row."""
    lines = HLE_FILE.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    keep = [lines[0], *(line for line in lines[1:] if line.startswith(("E08000007,", "E92000001,")))]
    path = tmp_path / "healthy-life-expectancy.csv"
    path.write_text("".join(keep), encoding="utf-8")
    return path
