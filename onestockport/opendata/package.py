"""Build the open data package from the database: every table in every format, and its datapackage.json.

The command (`onestockport data package`) writes what `build_package` returns to a folder; the site
serves the same bytes under /open-data/. Paths in datapackage.json are relative, so the folder works
wherever it is copied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from onestockport.casestudies import opendata as case_studies
from onestockport.delivery.models import Update
from onestockport.errors import OneStockportError
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.plans.models import Plan
from onestockport.plans.place import KIND_WORDS

from .formats import FORMATS, Format
from .licences import OGL, licences_in, union
from .resources import TABLES, Table

logger = logging.getLogger(__name__)

DESCRIPTOR_NAME = "datapackage.json"


class PackageOutputError(OneStockportError):
    """The package cannot be written where it was asked to go."""


@dataclass(frozen=True)
class PackageFile:
    path: str  # relative to the package folder
    media_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class TableFiles:
    """One table as published: its row count and a file per format."""

    table: Table
    rows: int
    files: dict[str, PackageFile]  # format name -> file
    licences: list[dict[str, str]]


@dataclass(frozen=True)
class Source:
    """A publisher whose statistics are in the package, with the licence wording the catalogue records."""

    title: str
    licence: str
    indicators: list[str]


@dataclass(frozen=True)
class DataPackage:
    descriptor: dict
    tables: list[TableFiles]
    sources: list[Source]
    files: dict[str, PackageFile] = field(default_factory=dict)  # path -> file, datapackage.json included

    @property
    def total_bytes(self) -> int:
        return sum(file.size for file in self.files.values())

    @property
    def total_rows(self) -> int:
        return sum(table.rows for table in self.tables)


def build_package(*, plan: Plan, on_table: Callable[[str], None] | None = None) -> DataPackage:
    """Every table of TABLES in every format of FORMATS, described by one datapackage.json."""
    sources = statistics_sources(plan)
    statistics_licences = union([licences_in(source.licence) for source in sources]) or [OGL]
    tables = []
    for table in TABLES:
        rows = list(table.rows(plan))  # read once, written in each format
        if not rows and table.omit_when_empty:
            logger.info("open data: %s has no rows, left out", table.name)
            continue
        files = {}
        for format_name, format in FORMATS.items():
            content, _ = format.render(table, rows)
            files[format_name] = PackageFile(_path(table, format), format.media_type, content)
        licences = statistics_licences if table.statistics else [OGL]
        tables.append(TableFiles(table=table, rows=len(rows), files=files, licences=licences))
        logger.info("open data: %s, %d rows", table.name, len(rows))
        if on_table:
            on_table(table.name)
    descriptor = package_descriptor(plan=plan, tables=tables, sources=sources)
    content = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files = {DESCRIPTOR_NAME: PackageFile(DESCRIPTOR_NAME, "application/json", content)}
    for table_files in tables:
        files.update({file.path: file for file in table_files.files.values()})
    return DataPackage(descriptor=descriptor, tables=tables, sources=sources, files=files)


def write_package(package: DataPackage, out_dir: Path) -> list[Path]:
    """Write every file of the package into out_dir (created if missing); returns the paths written."""
    if out_dir.exists() and not out_dir.is_dir():
        raise PackageOutputError(f"{out_dir} is a file; give a folder for the package")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for file in package.files.values():
            target = out_dir / file.path
            target.write_bytes(file.content)
            written.append(target)
    except OSError as exc:
        raise PackageOutputError(f"cannot write the package to {out_dir}: {exc.strerror or exc}") from None
    return written


def _path(table: Table, format: Format) -> str:
    return f"{table.name}.{format.extension}"


def resource_name(table: Table, format_name: str) -> str:
    """CSV resources take the table's name; the other formats add theirs (names are unique in a package)."""
    return table.name if format_name == "csv" else f"{table.name}-{format_name}"


def statistics_sources(plan: Plan) -> list[Source]:
    """The publishers of the indicators that have figures in the package, in catalogue order."""
    having_figures = Observation.objects.filter(is_current=True).values("indicator_id")
    with_figures = (
        Indicator.objects.filter(plan=plan, pk__in=having_figures)
        .order_by("position")
        .values_list("slug", "publisher", "licence")
    )
    grouped: dict[str, Source] = {}
    for slug, publisher, licence in with_figures:
        title = publisher or "Publisher not recorded in the catalogue"
        source = grouped.setdefault(title, Source(title=title, licence=licence, indicators=[]))
        if licence and licence not in source.licence:
            grouped[title] = Source(title=title, licence=f"{source.licence}; {licence}", indicators=source.indicators)
        grouped[title].indicators.append(slug)
    return list(grouped.values())


def package_descriptor(*, plan: Plan, tables: list[TableFiles], sources: list[Source]) -> dict:
    plan_source = {"title": plan.source or plan.title}
    statistics = [{"title": source.title, "licence": source.licence} for source in sources]
    resources = []
    for table_files in tables:
        table = table_files.table
        for format_name, file in table_files.files.items():
            resource = {
                "name": resource_name(table, format_name),
                "type": "table",
                "profile": "tabular-data-resource",
                "title": f"{table.title} ({format_name.upper()})",
                "description": table.description,
                "path": file.path,
                "format": format_name,
                "mediatype": file.media_type,
                "encoding": "utf-8",
            }
            if FORMATS[format_name].declares_size:
                resource.update({"bytes": file.size, "hash": f"sha256:{file.sha256}"})
            resource["licenses"] = table_files.licences
            resource["sources"] = statistics if table.statistics else [plan_source]
            resource["schema"] = _schema(table, format_name)
            resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": f"{plan.slug}-open-data",
        "title": f"{plan.title}: open data",
        "description": (
            f"{_plan_phrase(plan)} ({plan.source}) as data: its themes, priorities, actions with their latest approved "
            "delivery status, dated commitments, measures of success, partners and delivery bodies; and the "
            "official statistics behind the measures: the indicator catalogue, areas, publisher files and "
            "every current figure. Each table is given as CSV and as JSON with the same rows. In the CSV files "
            "a text cell that starts with =, +, - or @ has a ' in front, so that spreadsheets show it as text "
            "rather than run it as a formula; the JSON files give the text as written."
        ),
        "homepage": settings.ONESTOCKPORT_SITE_URL.rstrip("/") + "/open-data/",
        "created": data_updated_at(plan).isoformat(timespec="seconds"),
        "keywords": [plan.place, f"{_kind_word(plan)} plan", "open data", "official statistics"],
        "licenses": [OGL],
        "sources": [plan_source, *statistics],
        "resources": resources,
    }


def _kind_word(plan: Plan) -> str:
    """'borough', 'city'...: the kind of place the plan is for, from its `place` section."""
    return KIND_WORDS.get((plan.place_settings or {}).get("kind", ""), "area")


def _plan_phrase(plan: Plan) -> str:
    """ "Our Town's city plan": the package describes the plan's own place."""
    return f"{plan.place}'s {_kind_word(plan)} plan" if plan.place else "The plan"


def _schema(table: Table, format_name: str) -> dict:
    schema: dict[str, object] = {
        "fields": [f.descriptor() for f in table.fields],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.fields),
                "reference": {
                    # Each format's files refer to the same format's files, so either set stands alone.
                    "resource": resource_name(_table(key.table), format_name) if key.table else "",
                    "fields": list(key.reference),
                },
            }
            for key in table.foreign_keys
        ]
    return schema


def _table(name: str) -> Table:
    return next(table for table in TABLES if table.name == name)


def data_updated_at(plan: Plan) -> dt.datetime:
    """When the package's content last changed: the plan loaded, a file imported or an update approved."""
    moments = [
        plan.loaded_at,
        Release.objects.aggregate(latest=Max("imported_at"))["latest"],
        Update.objects.filter(action__priority__plan=plan, state=Update.State.APPROVED).aggregate(
            latest=Max("reviewed_at")
        )["latest"],
        case_studies.approval_state(plan)[1],
    ]
    return max(moment for moment in moments if moment is not None).replace(microsecond=0)


# --- The site's copy ---------------------------------------------------------------------------------

CACHE_SECONDS = 300
_cache_lock = threading.Lock()
_cached: tuple[tuple, float, DataPackage] | None = None


def _state(plan: Plan) -> tuple:
    """Cheap signs that the package's content changed (an edit through the admin may not show here:
    hence the cache's time limit as well)."""
    observations = Observation.objects.filter(indicator__plan=plan, is_current=True).aggregate(
        rows=Count("pk"), last=Max("pk")
    )
    approved = Update.objects.filter(state=Update.State.APPROVED).aggregate(rows=Count("pk"), last=Max("reviewed_at"))
    state = (plan.pk, plan.loaded_at, observations["rows"], observations["last"], approved["rows"], approved["last"])
    return (*state, *case_studies.approval_state(plan))


def site_package(plan: Plan) -> DataPackage:
    """The package the site serves: rebuilt when the data changes, at most CACHE_SECONDS old."""
    global _cached
    state = _state(plan)
    with _cache_lock:
        if _cached and _cached[0] == state and time.monotonic() - _cached[1] < CACHE_SECONDS:
            return _cached[2]
        package = build_package(plan=plan)
        _cached = (state, time.monotonic(), package)
        return package


def clear_site_cache() -> None:
    """Forget the site's copy, so the next request rebuilds it (after an edit the state may not show)."""
    global _cached
    with _cache_lock:
        _cached = None
