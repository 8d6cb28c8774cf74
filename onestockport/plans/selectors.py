"""Reads of the plan for pages, commands and exports."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from onestockport.errors import PlanNotLoadedError

from .models import Action, Commitment, DeliveryBody, Measure, Partner, Plan, Priority, Theme


def get_plan(slug: str | None = None) -> Plan:
    slug = slug or settings.ONESTOCKPORT_PLAN_SLUG
    plan = Plan.objects.filter(slug=slug).first()
    if plan is None:
        raise PlanNotLoadedError(f"plan {slug!r} is not loaded; run `onestockport plan load` first")
    return plan


def plan_stats(plan: Plan) -> dict[str, int]:
    """Counts of the plan's parts, as `onestockport plan stats` prints them."""
    return {
        "themes": Theme.objects.filter(plan=plan).count(),
        "priorities": Priority.objects.filter(plan=plan).count(),
        "actions": Action.objects.filter(priority__plan=plan).count(),
        "measures": Measure.objects.filter(priority__plan=plan).count(),
        "partners": Partner.objects.filter(plan=plan).count(),
        "commitments": Commitment.objects.filter(action__priority__plan=plan).count(),
        "values": plan.values.count(),
        "delivery_bodies": DeliveryBody.objects.filter(plan=plan).count(),
    }


def themes_with_priorities(plan: Plan) -> QuerySet[Theme]:
    """Themes in order, each with its priorities, their action counts and measures (plan on a page)."""
    priorities = (
        Priority.objects.filter(plan=plan)
        .annotate(action_count=Count("actions", distinct=True))
        .prefetch_related("measures")
    )
    return Theme.objects.filter(plan=plan).prefetch_related(Prefetch("priorities", queryset=priorities))


def get_theme(plan: Plan, slug: str) -> Theme | None:
    return themes_with_priorities(plan).filter(slug=slug).first()


def get_priority(plan: Plan, slug: str) -> Priority | None:
    actions = Action.objects.prefetch_related("commitments", "contributing_partners").select_related("lead_partner")
    priority = (
        Priority.objects.filter(plan=plan, slug=slug)
        .select_related("theme")
        .prefetch_related(Prefetch("actions", queryset=actions), "measures", "delivery_bodies")
        .first()
    )
    if priority is not None:
        priority.plan = plan  # the caller's own: its template tags ask for it again
    return priority


def get_action(plan: Plan, priority_slug: str, number: int) -> Action | None:
    return (
        Action.objects.filter(priority__plan=plan, priority__slug=priority_slug, number=number)
        .select_related("priority__theme", "lead_partner")
        .prefetch_related("commitments", "contributing_partners", "priority__delivery_bodies")
        .first()
    )


def neighbouring_actions(action: Action) -> tuple[Action | None, Action | None]:
    siblings = Action.objects.filter(priority=action.priority)
    previous = siblings.filter(number__lt=action.number).order_by("-number").first()
    following = siblings.filter(number__gt=action.number).order_by("number").first()
    return previous, following


@dataclass(frozen=True)
class ActionFilters:
    """What a reader asked for on the actions page; empty strings mean 'any'."""

    query: str = ""
    theme: str = ""
    priority: str = ""
    partner: str = ""
    body: str = ""

    @property
    def active(self) -> bool:
        return any((self.query, self.theme, self.priority, self.partner, self.body))


def search_actions(plan: Plan, filters: ActionFilters) -> QuerySet[Action]:
    """Actions matching every given filter; the keyword matches all words anywhere in the action."""
    actions = (
        Action.objects.filter(priority__plan=plan)
        .select_related("priority__theme", "lead_partner")
        .prefetch_related("commitments")
    )
    for word in filters.query.split():
        actions = actions.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(sub_items__icontains=word))
    if filters.theme:
        actions = actions.filter(priority__theme__slug=filters.theme)
    if filters.priority:
        actions = actions.filter(priority__slug=filters.priority)
    if filters.partner:
        actions = actions.filter(
            Q(lead_partner__slug=filters.partner) | Q(contributing_partners__slug=filters.partner)
        ).distinct()
    if filters.body:
        actions = actions.filter(priority__delivery_bodies__slug=filters.body)
    return actions.order_by("priority__position", "number")


def partners_with_actions(plan: Plan) -> QuerySet[Partner]:
    return Partner.objects.filter(plan=plan).annotate(
        leads=Count("led_actions", distinct=True), contributes=Count("contributed_actions", distinct=True)
    )


def delivery_bodies_with_priorities(plan: Plan) -> QuerySet[DeliveryBody]:
    return DeliveryBody.objects.filter(plan=plan).prefetch_related("priorities")


def measure_keys(plan: Plan) -> set[str]:
    """'priority-slug/measure-slug' for every measure: how catalogues refer to measures."""
    return {
        f"{priority_slug}/{slug}"
        for priority_slug, slug in Measure.objects.filter(priority__plan=plan).values_list("priority__slug", "slug")
    }
