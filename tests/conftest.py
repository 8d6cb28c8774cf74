"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import override_settings

from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.models import Observation, Release
from onestockport.indicators.services import load_catalogue, load_default_data
from onestockport.places.models import Area
from onestockport.places.services import load_areas
from onestockport.plans.models import Plan, Priority
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


def _row_counts() -> dict[str, int]:
    """Rows in every table of the project's own apps, to prove a module leaves nothing behind."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model.objects.count()
        for config in apps.get_app_configs()
        if config.name.startswith("onestockport.")
        for model in config.get_models()
        if model._meta.db_table in tables
    }


@pytest.fixture(scope="module")
def published_plan(django_db_setup, django_db_blocker, shipped_plan_file) -> Iterator[Plan]:
    """The shipped plan with its areas, indicators and official data, as `make run` publishes it.

    Loading the data takes a while, so it is committed once per module (visible to a server thread
    or a second connection, on PostgreSQL too) and deleted afterwards; the module must leave every
    table as it found it. Tests using it need `django_db_blocker.unblock()` or the `db` fixture to
    read it (pytest-randomly keeps a module's tests together).
    """
    unrecorded = override_settings(SIMPLE_HISTORY_ENABLED=False)  # fixture data, not an edit anyone made
    slug = shipped_plan_file.plan.plan.slug
    with django_db_blocker.unblock():
        before = _row_counts()
        created = not Plan.objects.filter(slug=slug).exists()
        had_areas = Area.objects.exists()
        with unrecorded:
            load_plan(plan_file=shipped_plan_file)
            if created:
                load_default_data(plan=Plan.objects.get(slug=slug))
        try:
            yield Plan.objects.get(slug=slug)
        finally:
            if created:
                with unrecorded:
                    plan = Plan.objects.get(slug=slug)
                    Observation.objects.filter(indicator__plan=plan).delete()
                    Release.objects.filter(observations__isnull=True).delete()
                    Priority.objects.filter(plan=plan).delete()  # priorities protect their themes
                    plan.delete()
                    if not had_areas:
                        Area.objects.all().delete()
                after = _row_counts()
                left = {label: (before[label], after[label]) for label in before if after[label] != before[label]}
                assert not left, f"the module left rows behind (table: rows before, after): {left}"
