"""Writes to the area register: loading areas, boundaries, best fits and deprivation from the raw data."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

from onestockport.plans.place import PlaceInfo, current_place

from .census import TABLES, CensusRecord, census_file, read_census
from .models import Area, BestFit, Boundary, CensusCount, Deprivation, PlaceName, Postcode
from .neighbourhoods import add_neighbourhoods
from .placement import place_postcodes
from .postcodes import NameRecord, PostcodeRecord, read_place_names, read_postcodes, sector_code
from .register import Register, build_register, raw_folder

logger = logging.getLogger(__name__)


def default_data_dir() -> Path:
    """The data the site loads by default: settings.ONESTOCKPORT_DATA_DIR, else the data folder beside
    the plan file (either the plan's data folder or its raw/ folder will do for `load_areas`)."""
    configured = getattr(settings, "ONESTOCKPORT_DATA_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.ONESTOCKPORT_PLAN_FILE).parent / "data"


@dataclass
class AreasReport:
    """What a load changed, counted per kind of row, and what it left out."""

    data_dir: str
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    skipped: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    not_shipped: list[str] = field(default_factory=list)  # the place's files the data folder lacks

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "data_dir": self.data_dir,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "deleted": dict(self.deleted),
            "unchanged": sum(self.unchanged.values()),
            "totals": dict(self.totals),
            "skipped": len(self.skipped),
            "not_shipped": list(self.not_shipped),
        }


def refresh_statistics(app_label: str) -> None:
    """On PostgreSQL, ANALYZE the app's tables after a bulk load. Until autovacuum gets to them (a minute
    or more), the planner takes freshly filled tables for empty and may pick plans that run for minutes on
    the place pages' joins. Inside a transaction it counts that transaction's own rows too."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in apps.get_app_config(app_label).get_models()]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def load_areas(*, data_dir: Path, place: PlaceInfo | None = None) -> AreasReport:
    """Build the area register from the files in data_dir and write it in one transaction.

    data_dir is a raw data folder (files at the paths the catalogue names), or a plan's data
    folder holding manifest.yaml and raw/. The wards and LSOAs are those of `place` (by default
    the published plan's place), in the boundary vintages its `boundaries` name.

    Keyed by GSS code: loading the same files twice changes nothing. Bad input raises
    InvalidInputError (file, line, column) before anything is written. Boundaries, best fits and
    deprivation results not in the files are deleted; areas never are (observations refer to them).
    """
    place = place or current_place()
    register = build_register(data_dir, place.code, boundaries=place.boundaries)
    # Read (and check) the search files before the transaction, so a bad row writes nothing.
    raw = raw_folder(data_dir)
    add_neighbourhoods(register, raw, place.code)  # MSOAs and their LSOAs, from the OA-LSOA-MSOA lookup
    postcodes = read_postcodes(raw, place.code)
    names = read_place_names(raw, place.code, place.name)
    found = census_file(data_dir)
    census = read_census(*found) if found else []
    report = AreasReport(
        data_dir=str(data_dir),
        skipped=dict(register.skipped),
        notes=list(register.notes),
        not_shipped=list(register.not_shipped),
    )
    with transaction.atomic():
        areas = _write_areas(report, register)
        _write_boundaries(report, register, areas)
        _write_best_fits(report, register, areas)
        _write_deprivation(report, register, areas)
        _write_place_names(report, names)
        _write_census(report, census)
        _write_postcodes(report, postcodes, areas, _postcode_lsoas(report, register, postcodes))
        refresh_statistics("places")
    if not census:
        report.not_shipped.append("places/census2021: no Census 2021 small-area counts; place pages omit them")
    if not postcodes:
        report.not_shipped.append("places/postcodes: no postcodes of the place; postcode search finds nothing")
    report.totals.update(
        {
            "area": Area.objects.count(),
            "boundary": Boundary.objects.count(),
            "best fit": BestFit.objects.count(),
            "deprivation": Deprivation.objects.count(),
            "place name": PlaceName.objects.count(),
            "postcode": Postcode.objects.count(),
            "census count": CensusCount.objects.count(),
        }
    )
    logger.info("loaded areas from %s: %s", data_dir, report.as_dict())
    return report


def _write_areas(report: AreasReport, register: Register) -> dict[str, Area]:
    existing = {area.code: area for area in Area.objects.all()}
    new, changed = [], []
    for record in register.areas.values():
        values = {"name": record.name, "level": record.level, "vintage": record.vintage}
        area = existing.get(record.code)
        if area is None:
            new.append(Area(code=record.code, **values))
        elif any(getattr(area, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(area, name, value)
            changed.append(area)
        else:
            report.unchanged["area"] += 1
    Area.objects.bulk_create(new)
    Area.objects.bulk_update(changed, ["name", "level", "vintage"])
    _count(report.created, "area", len(new))
    _count(report.updated, "area", len(changed))
    changed_codes = {area.code for area in changed}

    areas = {area.code: area for area in Area.objects.all()}
    reparented = []
    for record in register.areas.values():
        area = areas[record.code]
        parent_id = areas[record.parent].pk if record.parent else None
        if area.parent_id != parent_id:
            area.parent_id = parent_id
            reparented.append(area)
    Area.objects.bulk_update(reparented, ["parent"])
    # A parent change on an otherwise unchanged area is an update.
    moved = {area.code for area in reparented} - changed_codes - {area.code for area in new}
    _count(report.updated, "area", len(moved))
    report.unchanged["area"] -= len(moved)
    return areas


def _write_boundaries(report: AreasReport, register: Register, areas: dict[str, Area]) -> None:
    existing = {(b.area.code, b.vintage): b for b in Boundary.objects.select_related("area")}
    wanted = {}
    for record in register.boundaries:
        wanted[(record.code, record.vintage)] = {"geometry": record.geometry, "source": record.source}
    _sync(report, "boundary", Boundary, existing, wanted, lambda key: {"area": areas[key[0]], "vintage": key[1]})


def _write_best_fits(report: AreasReport, register: Register, areas: dict[str, Area]) -> None:
    existing = {
        (b.area.code, b.area_vintage, b.container.code): b for b in BestFit.objects.select_related("area", "container")
    }
    wanted = {
        (r.code, r.area_vintage, r.container): {"method": r.method, "source": r.source} for r in register.best_fits
    }
    _sync(
        report,
        "best fit",
        BestFit,
        existing,
        wanted,
        lambda key: {"area": areas[key[0]], "area_vintage": key[1], "container": areas[key[2]]},
    )


def _write_deprivation(report: AreasReport, register: Register, areas: dict[str, Area]) -> None:
    existing = {(d.area.code, d.edition): d for d in Deprivation.objects.select_related("area")}
    wanted = {
        (r.code, r.edition): {
            "score": r.score,
            "rank": r.rank,
            "decile": r.decile,
            "population": r.population,
            "details": r.details,
            "source": r.source,
        }
        for r in register.deprivation
    }
    _sync(report, "deprivation", Deprivation, existing, wanted, lambda key: {"area": areas[key[0]], "edition": key[1]})


def _write_place_names(report: AreasReport, names: list[NameRecord]) -> None:
    existing = {(row.code,): row for row in PlaceName.objects.all()}
    wanted = {
        (r.code,): {"name": r.name, "kind": r.kind, "ward_codes": " ".join(r.ward_codes), "source": r.source}
        for r in names
    }
    _sync(report, "place name", PlaceName, existing, wanted, lambda key: {"code": key[0]})


def _postcode_lsoas(report: AreasReport, register: Register, postcodes: list[PostcodeRecord]) -> dict[str, str]:
    """Postcode -> LSOA 2021, by its grid reference in the LSOA boundaries; none without those boundaries."""
    lsoas = {
        record.code: record.geometry
        for record in register.boundaries
        if record.vintage == "2021" and register.areas[record.code].level == Area.Level.LSOA
    }
    placed = place_postcodes({r.postcode: (r.easting, r.northing) for r in postcodes}, lsoas)
    outside = sum(1 for _, inside in placed.values() if not inside)
    if outside:
        report.notes.append(f"{outside} postcodes fell between generalised LSOA boundaries: given the nearest LSOA")
    return {postcode: code for postcode, (code, _) in placed.items()}


def _write_postcodes(
    report: AreasReport, postcodes: list[PostcodeRecord], areas: dict[str, Area], lsoas: dict[str, str]
) -> None:
    existing = {(row.postcode,): row for row in Postcode.objects.all()}
    wanted = {}
    for r in postcodes:
        ward = areas.get(r.ward_code)
        wanted[(r.postcode,)] = {
            "district": r.postcode.split(" ")[0],
            "sector": sector_code(r.postcode),
            "ward_id": ward.pk if ward else None,
            "ward_code": r.ward_code,
            "lsoa_code": lsoas.get(r.postcode, ""),
            "local_authority_code": r.local_authority_code,
            "easting": r.easting,
            "northing": r.northing,
            "positional_quality": r.positional_quality,
            "source": r.source,
        }
    _sync(report, "postcode", Postcode, existing, wanted, lambda key: {"postcode": key[0]})


def _write_census(report: AreasReport, records: list[CensusRecord]) -> None:
    existing = {(row.area_code, row.table, row.category): row for row in CensusCount.objects.all()}
    wanted = {
        (r.area_code, r.table, r.category): {"count": r.count, "universe": TABLES[r.table][1], "source": r.source}
        for r in records
    }
    _sync(
        report,
        "census count",
        CensusCount,
        existing,
        wanted,
        lambda key: {"area_code": key[0], "table": key[1], "category": key[2]},
    )


def _sync(
    report: AreasReport,
    kind: str,
    model: type[models.Model],
    existing: dict[tuple, Any],
    wanted: dict[tuple, dict[str, Any]],
    key_fields: Callable[[tuple], dict[str, Any]],
) -> None:
    """Make the table hold exactly `wanted` (key -> values): create, update, delete, count."""
    new, changed = [], []
    fields = sorted({name for values in wanted.values() for name in values})
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            new.append(model(**key_fields(key), **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
        else:
            report.unchanged[kind] += 1
    stale = [row.pk for key, row in existing.items() if key not in wanted]
    model.objects.filter(pk__in=stale).delete()
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, fields)
    _count(report.created, kind, len(new))
    _count(report.updated, kind, len(changed))
    _count(report.deleted, kind, len(stale))


def _count(counter: Counter[str], kind: str, number: int) -> None:
    # Only non-zero entries, so that `AreasReport.changed` is false when nothing changed.
    if number:
        counter[kind] += number
