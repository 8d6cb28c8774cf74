"""Reads for the API: querysets with what each endpoint shows, filtered as the request asks."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from onestockport.delivery.models import Update
from onestockport.delivery.selectors import NO_UPDATE
from onestockport.indicators.models import Indicator, Observation
from onestockport.plans.models import Action, Measure, Plan, Priority, Theme


def priorities(plan: Plan) -> QuerySet[Priority]:
    return (
        Priority.objects.filter(plan=plan)
        .select_related("theme")
        .annotate(action_count=Count("actions", distinct=True), measure_count=Count("measures", distinct=True))
        .order_by("position")
    )


def themes(plan: Plan) -> QuerySet[Theme]:
    return Theme.objects.filter(plan=plan).prefetch_related(Prefetch("priorities", queryset=priorities(plan)))


def actions(plan: Plan, *, priority: str = "", theme: str = "", status: str = "") -> QuerySet[Action]:
    """Actions with their latest approved status (the same rule as the public pages: the latest reporting
    period wins), annotated so the status can be filtered in the database."""
    approved = Update.objects.filter(action=OuterRef("pk"), state=Update.State.APPROVED).order_by("-period_start")
    rows = (
        Action.objects.filter(priority__plan=plan)
        .select_related("priority__theme", "lead_partner", "delivery_body")
        .prefetch_related("commitments", "contributing_partners")
        .annotate(
            public_status=Coalesce(Subquery(approved.values("status")[:1]), Value(NO_UPDATE)),
            public_status_period=Subquery(approved.values("period")[:1]),
            public_status_reviewed_at=Subquery(approved.values("reviewed_at")[:1]),
        )
        .order_by("priority__position", "number")
    )
    if priority:
        rows = rows.filter(priority__slug=priority)
    if theme:
        rows = rows.filter(priority__theme__slug=theme)
    if status:
        rows = rows.filter(public_status=status)
    return rows


def measures(plan: Plan, *, priority: str = "") -> QuerySet[Measure]:
    indicators = Indicator.objects.filter(plan=plan).order_by("position")
    rows = (
        Measure.objects.filter(priority__plan=plan)
        .select_related("priority")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("priority__position", "position")
    )
    return rows.filter(priority__slug=priority) if priority else rows


def indicators(plan: Plan, *, status: str = "", measure: str = "") -> QuerySet[Indicator]:
    rows = Indicator.objects.filter(plan=plan).prefetch_related("measures__priority").order_by("position")
    if status:
        rows = rows.filter(status=status)
    if measure:
        priority_slug, _, measure_slug = measure.partition("/")
        rows = rows.filter(measures__priority__slug=priority_slug, measures__slug=measure_slug)
    return rows


def observations(plan: Plan, *, indicator: str = "", area: str = "", period: str = "") -> QuerySet[Observation]:
    rows = (
        Observation.objects.public()
        .filter(indicator__plan=plan, is_current=True)
        .select_related("indicator", "area", "release")
        .order_by("indicator__position", "area__code", "period_start", "pk")
    )
    if indicator:
        rows = rows.filter(indicator__slug=indicator)
    if area:
        rows = rows.filter(area__code=area)
    if period:
        rows = rows.filter(period_label=period)
    return rows
