"""Writes to the plan: loading a validated plan file into the database, idempotently."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from . import schema
from .models import Action, Commitment, DeliveryBody, Measure, Partner, Plan, Priority, Theme, Value
from .plan_file import ValidPlanFile

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What a load changed, counted per kind of row."""

    plan: str
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "deleted": dict(self.deleted),
            "unchanged": sum(self.unchanged.values()),
        }


def due_date(by: str) -> dt.date:
    """The last day of the period a commitment names: '2030' -> 2030-12-31, '2021-09' -> 2021-09-30."""
    parts = [int(part) for part in by.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    year = parts[0]
    month = parts[1] if len(parts) == 2 else 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def load_plan(*, plan_file: ValidPlanFile) -> LoadReport:
    """Create or update every part of the plan in one transaction; slugs and numbers are the keys.

    Loading the same file twice changes nothing; parts removed from the file are deleted.
    """
    content = plan_file.plan
    report = LoadReport(plan=content.plan.slug)
    with transaction.atomic():
        plan = _upsert(report, Plan, {"slug": content.plan.slug}, _plan_values(content, plan_file.checksum))
        _load_children(report, plan, content)
    logger.info("loaded plan %s: %s", report.plan, report.as_dict())
    return report


def _plan_values(content: schema.PlanFile, checksum: str) -> dict[str, Any]:
    info = content.plan
    place = content.place_settings()
    if place is None:  # read_plan_file refuses such a file; a hand-built PlanFile may still lack one
        raise ValueError("the plan names no place: add a `place` section")
    return {
        "title": info.title,
        "subtitle": info.subtitle or "",
        "place": place.name,
        "place_settings": place.model_dump(),
        "stage": info.stage or "",
        "source_url": info.source_url or "",
        "status": info.status,
        "period_end": info.period_end,
        "source": info.source,
        "introduction": list(info.introduction),
        "sections": [section.model_dump() for section in info.sections],
        "vision": content.vision.model_dump() if content.vision else {},
        "engagement": content.engagement.model_dump() if content.engagement else {},
        "geography": content.geography.model_dump() if content.geography else {},
        "achievements": [fact.model_dump() for fact in content.achievements],
        "facts": [fact.model_dump() for fact in content.facts],
        "positive_changes": [fact.model_dump() for fact in content.positive_changes],
        "source_checksum": checksum,
    }


def _load_children(report: LoadReport, plan: Plan, content: schema.PlanFile) -> None:
    _sync_simple(report, plan, Value, content.values, lambda v: {"name": v.name, "statement": v.statement})
    # Themes are protected by their priorities, so stale ones are deleted after the priorities.
    keep_themes = _sync_simple(
        report,
        plan,
        Theme,
        content.themes,
        lambda t: {"name": t.name, "tagline": t.tagline, "why": t.why},
        delete_stale=False,
    )
    partners = {
        partner.slug: partner
        for partner in _sync_simple(report, plan, Partner, content.partners, lambda p: {"name": p.name, "kind": p.kind})
    }
    bodies = _sync_delivery_bodies(report, plan, content)
    themes = {theme.slug: theme for theme in keep_themes}
    seen_priorities = []
    for position, item in enumerate(content.priorities):
        priority = _upsert(
            report,
            Priority,
            {"plan": plan, "slug": item.slug},
            {
                "position": position,
                "theme": themes[item.theme],
                "number": item.number,
                "name": item.name,
                "ambition": item.ambition,
                "introduction": list(item.introduction),
                "highlights": list(item.highlights),
                "case_studies": list(item.case_studies),
                "what_we_heard": [evidence.model_dump() for evidence in item.what_we_heard],
                "delivered_through": item.delivered_through.text if item.delivered_through else "",
                "delivery_links": list(item.delivered_through.links) if item.delivered_through else [],
                "footnotes": list(item.footnotes),
            },
        )
        wanted_bodies = item.delivered_through.bodies if item.delivered_through else []
        _sync_links(report, priority.delivery_bodies, {bodies[body.slug].pk for body in wanted_bodies})
        _sync_actions(report, priority, item.actions, partners)
        _sync_measures(report, priority, item.measures)
        seen_priorities.append(priority.pk)
    _delete_rest(report, Priority.objects.filter(plan=plan).exclude(pk__in=seen_priorities))
    _delete_rest(report, Theme.objects.filter(plan=plan).exclude(pk__in=[t.pk for t in keep_themes]))


def _sync_simple(
    report: LoadReport,
    plan: Plan,
    model: type[models.Model],
    items: list,
    values: Callable[[Any], dict[str, Any]],
    *,
    delete_stale: bool = True,
) -> list:
    """Upsert plan-level rows keyed by slug, keeping the file's order."""
    rows = [
        _upsert(report, model, {"plan": plan, "slug": item.slug}, {"position": position, **values(item)})
        for position, item in enumerate(items)
    ]
    if delete_stale:
        _delete_rest(report, model.objects.filter(plan=plan).exclude(pk__in=[row.pk for row in rows]))
    return rows


def _sync_delivery_bodies(report: LoadReport, plan: Plan, content: schema.PlanFile) -> dict[str, DeliveryBody]:
    bodies: dict[str, DeliveryBody] = {}
    for item in content.priorities:
        for body in item.delivered_through.bodies if item.delivered_through else []:
            if body.slug in bodies:
                continue
            bodies[body.slug] = _upsert(
                report,
                DeliveryBody,
                {"plan": plan, "slug": body.slug},
                {
                    "position": len(bodies),
                    "name": body.name,
                    "kind": body.kind,
                    "status": body.status or "",
                    "url": body.url or "",
                },
            )
    stale = DeliveryBody.objects.filter(plan=plan).exclude(pk__in=[body.pk for body in bodies.values()])
    _delete_rest(report, stale)
    return bodies


def _sync_actions(
    report: LoadReport, priority: Priority, actions: list[schema.Action], partners: dict[str, Partner]
) -> None:
    for item in actions:
        values: dict[str, Any] = {"title": item.title, "text": item.text, "sub_items": list(item.sub_items)}
        if item.lead_partner is not None:
            values["lead_partner"] = partners[item.lead_partner]
        action = _upsert(report, Action, {"priority": priority, "number": item.number}, values)
        if item.partners is not None:
            _sync_links(report, action.contributing_partners, {partners[slug].pk for slug in item.partners})
        for position, commitment in enumerate(item.commitments):
            _upsert(
                report,
                Commitment,
                {"action": action, "position": position},
                {
                    "what": commitment.what,
                    "quantity": commitment.quantity,
                    "unit": commitment.unit or "",
                    "by": commitment.by,
                    "due": due_date(commitment.by),
                    "wording": commitment.wording,
                },
            )
        _delete_rest(report, action.commitments.filter(position__gte=len(item.commitments)))
    _delete_rest(report, priority.actions.exclude(number__in=[item.number for item in actions]))


def _sync_measures(report: LoadReport, priority: Priority, measures: list[schema.Measure]) -> None:
    for position, item in enumerate(measures):
        _upsert(report, Measure, {"priority": priority, "slug": item.slug}, {"position": position, "text": item.text})
    _delete_rest(report, priority.measures.exclude(slug__in=[item.slug for item in measures]))


def _sync_links(report: LoadReport, related: Any, wanted: set[int]) -> None:
    """Set a many-to-many relation; a change to links that already existed counts as an update."""
    existing = set(related.values_list("pk", flat=True))
    if existing != wanted:
        related.set(wanted)
        if existing:
            report.updated[f"{related.model._meta.verbose_name} links"] += 1


def _upsert(report: LoadReport, model: type[models.Model], keys: dict[str, Any], values: dict[str, Any]):
    """Create the row, or update only the fields that differ, so an unchanged load writes nothing."""
    label = model._meta.verbose_name
    row = model.objects.filter(**keys).first()
    if row is None:
        row = model.objects.create(**keys, **values)
        report.created[label] += 1
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed + (["loaded_at"] if model is Plan else []))
        report.updated[label] += 1
    else:
        report.unchanged[label] += 1
    return row


def _delete_rest(report: LoadReport, queryset: models.QuerySet) -> None:
    count = queryset.count()
    if count:
        queryset.delete()
        report.deleted[queryset.model._meta.verbose_name] += count
