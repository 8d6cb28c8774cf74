"""Rows of the open data package's plan and statistics tables, read from the database.

Each function takes the plan and yields plain dicts keyed by its table's field names.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from onestockport.delivery.selectors import approved_statuses
from onestockport.indicators.models import Indicator, Observation, Release
from onestockport.places.models import Area
from onestockport.plans.models import Action, Commitment, DeliveryBody, Measure, Partner, Plan, Priority, Theme

from .table_types import Row


def _plain(text: str) -> str:
    """The plan's words without the ** marks the plan file uses for emphasis."""
    return text.replace("**", "")


def _lines(items: list) -> str:
    """Sub-items as one text cell, one per line."""
    return "\n".join(_plain(str(item.get("text", item)) if isinstance(item, dict) else str(item)) for item in items)


def _key(priority_slug: str, part: object) -> str:
    return f"{priority_slug}/{part}"


# --- The plan ------------------------------------------------------------------------------------


def theme_rows(plan: Plan) -> Iterator[Row]:
    for theme in Theme.objects.filter(plan=plan).order_by("position"):
        yield {
            "slug": theme.slug,
            "position": theme.position,
            "name": theme.name,
            "tagline": theme.tagline,
            "why": theme.why,
        }


def priority_rows(plan: Plan) -> Iterator[Row]:
    for priority in Priority.objects.filter(plan=plan).select_related("theme").order_by("position"):
        yield {
            "slug": priority.slug,
            "theme": priority.theme.slug,
            "position": priority.position,
            "name": priority.name,
            "ambition": priority.ambition,
            "introduction": "\n\n".join(priority.introduction),
            "delivered_through": priority.delivered_through,
        }


def partner_rows(plan: Plan) -> Iterator[Row]:
    for partner in Partner.objects.filter(plan=plan).order_by("position"):
        yield {"slug": partner.slug, "position": partner.position, "name": partner.name, "kind": partner.kind}


def delivery_body_rows(plan: Plan) -> Iterator[Row]:
    for body in DeliveryBody.objects.filter(plan=plan).order_by("position"):
        yield {
            "slug": body.slug,
            "position": body.position,
            "name": body.name,
            "kind": body.kind,
            "status": body.status,
            "url": body.url,
        }


def priority_delivery_body_rows(plan: Plan) -> Iterator[Row]:
    priorities = Priority.objects.filter(plan=plan).prefetch_related("delivery_bodies").order_by("position")
    for priority in priorities:
        for body in sorted(priority.delivery_bodies.all(), key=lambda body: body.position):
            yield {"priority": priority.slug, "delivery_body": body.slug}


def action_rows(plan: Plan) -> Iterator[Row]:
    actions = list(
        Action.objects.filter(priority__plan=plan)
        .select_related("priority", "lead_partner", "delivery_body")
        .prefetch_related("contributing_partners")
        .order_by("priority__position", "number")
    )
    statuses = approved_statuses(actions)
    for action in actions:
        status = statuses[action.pk]
        yield {
            "id": _key(action.priority.slug, action.number),
            "priority": action.priority.slug,
            "number": action.number,
            "title": action.title,
            "text": _plain(action.text),
            "sub_items": _lines(action.sub_items),
            "lead_partner": action.lead_partner.slug if action.lead_partner else None,
            "contributing_partners": "; ".join(sorted(p.slug for p in action.contributing_partners.all())),
            "delivery_body": action.delivery_body.slug if action.delivery_body else None,
            "contact_role": action.contact_role,
            "start_date": action.start_date,
            "due_date": action.due_date,
            "status": status.status,
            "status_label": status.label,
            "status_period": status.period,
            "status_approved_on": status.approved_on,
        }


def commitment_rows(plan: Plan) -> Iterator[Row]:
    commitments = (
        Commitment.objects.filter(action__priority__plan=plan)
        .select_related("action__priority")
        .order_by("action__priority__position", "action__number", "position")
    )
    for commitment in commitments:
        yield {
            "action": _key(commitment.action.priority.slug, commitment.action.number),
            "position": commitment.position,
            "what": commitment.what,
            "quantity": commitment.quantity,
            "unit": commitment.unit,
            "by": commitment.by,
            "due": commitment.due,
            "wording": commitment.wording,
        }


def measure_rows(plan: Plan) -> Iterator[Row]:
    measures = Measure.objects.filter(priority__plan=plan).select_related("priority")
    for measure in measures.order_by("priority__position", "position"):
        yield {
            "id": _key(measure.priority.slug, measure.slug),
            "priority": measure.priority.slug,
            "slug": measure.slug,
            "position": measure.position,
            "text": measure.text,
        }


# --- Indicators and official statistics ---------------------------------------------------------------


def indicator_rows(plan: Plan) -> Iterator[Row]:
    for indicator in Indicator.objects.filter(plan=plan).order_by("position"):
        target = indicator.target or {}
        yield {
            "id": indicator.slug,
            "title": indicator.title,
            "status": indicator.status,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "polarity": indicator.polarity,
            "publisher": indicator.publisher,
            "dataset": indicator.dataset,
            "licence": indicator.licence,
            "frequency": indicator.frequency,
            "geographies": "; ".join(indicator.geographies),
            "source_file": (indicator.source or {}).get("file"),
            "caveats": indicator.caveats,
            "data_needed": indicator.data_needed,
            "target": target.get("text"),
            "target_value": target.get("value"),
            "target_year": target.get("year"),
        }


def indicator_measure_rows(plan: Plan) -> Iterator[Row]:
    measures = Measure.objects.select_related("priority").order_by("priority__position", "position")
    indicators = Indicator.objects.filter(plan=plan).prefetch_related(Prefetch("measures", queryset=measures))
    for indicator in indicators.order_by("position"):
        for measure in indicator.measures.all():
            key = _key(measure.priority.slug, measure.slug)
            yield {"indicator": indicator.slug, "measure": key, "match": indicator.match.get(key, "direct")}


# Levels the register holds for the whole of England (places/england.py): listed only where they matter.
NATIONAL_LEVELS = (Area.Level.COUNTRY, Area.Level.REGION, Area.Level.COMBINED_AUTHORITY, Area.Level.LOCAL_AUTHORITY)


def area_rows(plan: Plan) -> Iterator[Row]:
    """The place's small areas, and the national-level areas the plan has figures for or compares
    with (not every council in England the register knows), with the parents of those listed."""
    areas = list(Area.objects.select_related("parent").order_by("code"))
    used = set(current_observations(plan).values_list("area_id", flat=True).distinct())
    used |= set(Area.objects.filter(comparator_groups__plan=plan).values_list("pk", flat=True))
    listed = {area.pk for area in areas if area.level not in NATIONAL_LEVELS or area.pk in used}
    listed |= {area.parent_id for area in areas if area.pk in listed and area.parent_id}
    for area in areas:
        if area.pk not in listed:
            continue
        yield {
            "code": area.code,
            "name": area.name,
            "level": area.level,
            "vintage": area.vintage,
            "parent": area.parent.code if area.parent else None,
        }


def release_rows(plan: Plan) -> Iterator[Row]:
    releases = Release.objects.filter(observations__in=current_observations(plan))
    for release in releases.distinct().order_by("pk"):
        yield {
            "id": release.pk,
            "format": release.format,
            "file_name": release.file_name,
            "publisher": release.publisher,
            "sha256": release.checksum,
            "rows_read": release.rows_read,
        }


def current_observations(plan: Plan):
    """The plan's current figures the public may see (drafts' are left out)."""
    return Observation.objects.public().filter(indicator__plan=plan, is_current=True)


# Each field of observations.csv and the Observation column it is read from; most keep their column's name.
_SAME_NAMED = (
    *("period_start", "period_end", "period_kind", "sex", "age", "category_type", "category", "value"),
    *("lower_95", "upper_95", "lower_998", "upper_998", "count", "denominator", "missing_reason", "note"),
)
OBSERVATION_COLUMNS = {
    "id": "pk",
    "indicator": "indicator__slug",
    "area_code": "area__code",
    "period": "period_label",
    **{name: name for name in _SAME_NAMED},
    "release": "release_id",
}


def observation_rows(plan: Plan) -> Iterator[Row]:
    rows = current_observations(plan).order_by("indicator__position", "area__code", "period_start", "pk")
    for values in rows.values_list(*OBSERVATION_COLUMNS.values()).iterator(chunk_size=2000):
        yield dict(zip(OBSERVATION_COLUMNS, values, strict=True))
