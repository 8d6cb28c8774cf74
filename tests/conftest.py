"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test.utils import override_settings

from onestockport.indicators.catalogue import read_catalogue
from onestockport.indicators.models import Observation, Release
from onestockport.indicators.services import load_catalogue, load_default_data
from onestockport.places.models import Area, CensusCount, PlaceName, Postcode
from onestockport.places.services import load_areas
from onestockport.plans.models import Plan, Priority
from onestockport.plans.plan_file import read_plan_file
from onestockport.plans.services import load_plan
from onestockport.server.page_cache import memory_pages

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_PLAN = Path(settings.ONESTOCKPORT_PLAN_FILE)
SHIPPED_RAW = Path(settings.ONESTOCKPORT_DATA_DIR) / "raw"
HLE_FILE = SHIPPED_RAW / "ons_explore_local_statistics" / "healthy-life-expectancy.csv"


@pytest.fixture(autouse=True)
def _no_pages_held_in_memory() -> None:
    """Each test starts with no stored page in this process's memory: the content version's row can outlive
    a test (fixtures commit), so a page an earlier test stored could otherwise answer a later one."""
    memory_pages.pages.clear()


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
        # The server's one row (the content version) is bookkeeping that any committed write may create.
        if config.name.startswith("onestockport.") and config.name != "onestockport.server"
        for model in config.get_models()
        if model._meta.db_table in tables
    }


def _project_models() -> list:
    """Every model of the project's own apps, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("onestockport.")
        and model._meta.app_config.name != "onestockport.server"  # bookkeeping, as in _row_counts
    ]


def _primary_keys() -> dict[str, set]:
    return {model._meta.label: set(model._base_manager.values_list("pk", flat=True)) for model in _project_models()}


@dataclass
class _LoadedRows:
    """The rows one real load of the published data added, to insert again, pks and all, for later modules."""

    before: dict[str, set]  # the primary keys present when the load ran: only that state may be restored
    rows: dict[type, tuple[list[str], list[tuple]]]

    @classmethod
    def capture(cls, before: dict[str, set]) -> _LoadedRows:
        rows = {}
        for model in _project_models():
            columns = [field.attname for field in model._meta.concrete_fields]
            added = [
                row
                for row in model._base_manager.order_by("pk").values_list(*columns)
                if row[columns.index(model._meta.pk.attname)] not in before[model._meta.label]
            ]
            if added:
                rows[model] = (columns, added)
        return cls(before=before, rows=rows)

    def restore(self) -> None:
        # One transaction: foreign keys are checked at commit (Django declares them deferrable), so
        # the order of the tables does not matter.
        with transaction.atomic():
            for model, (columns, added) in self.rows.items():
                objects = [model(**dict(zip(columns, row, strict=True))) for row in added]
                model._base_manager.bulk_create(objects, batch_size=500)
            # Explicit pks leave PostgreSQL's sequences behind; the tests' own rows must not collide.
            statements = connection.ops.sequence_reset_sql(no_style(), list(self.rows))
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


_loaded_rows: dict[str, _LoadedRows] = {}  # by database vendor, for the test session


@pytest.fixture(scope="module")
def published_plan(django_db_setup, django_db_blocker, shipped_plan_file) -> Iterator[Plan]:
    """The shipped plan with its areas, indicators and official data, as `make run` publishes it.

    Loading the data takes a while, so it is committed once per module (visible to a server thread
    or a second connection, on PostgreSQL too) and deleted afterwards; the module must leave every
    table as it found it. The first module runs the real loaders; later ones, starting from the same
    state, insert the rows that load wrote again. Tests using it need `django_db_blocker.unblock()`
    or the `db` fixture to read it (pytest-randomly keeps a module's tests together).
    """
    unrecorded = override_settings(SIMPLE_HISTORY_ENABLED=False)  # fixture data, not an edit anyone made
    slug = shipped_plan_file.plan.plan.slug
    with django_db_blocker.unblock():
        before = _row_counts()
        created = not Plan.objects.filter(slug=slug).exists()
        had_areas = Area.objects.exists()
        with unrecorded:
            if created:
                pks = _primary_keys()
                earlier = _loaded_rows.get(connection.vendor)
                if earlier is not None and earlier.before == pks:
                    earlier.restore()
                else:
                    load_plan(plan_file=shipped_plan_file)
                    load_default_data(plan=Plan.objects.get(slug=slug))
                    _loaded_rows[connection.vendor] = _LoadedRows.capture(pks)
                if connection.vendor == "postgresql":
                    # Fresh statistics: without them the planner may take the tables for empty, and the
                    # clean-up (a DELETE with a subquery over 11,000 observations) can run for minutes.
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")
            else:
                load_plan(plan_file=shipped_plan_file)
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
                        PlaceName.objects.all().delete()  # load_areas stores these beside the areas
                        Postcode.objects.all().delete()
                        CensusCount.objects.all().delete()
                after = _row_counts()
                left = {label: (before[label], after[label]) for label in before if after[label] != before[label]}
                assert not left, f"the module left rows behind (table: rows before, after): {left}"
