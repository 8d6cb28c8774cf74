"""Reads of case studies: what the public sees (approved only) and the plan's titles still to come."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from onestockport.plans.models import Action, Plan, Priority

from .models import CaseStudy, CaseStudyImage


def _actions() -> QuerySet[Action]:
    return Action.objects.select_related("priority").order_by("priority__position", "number")


def _published() -> QuerySet[CaseStudy]:
    return (
        CaseStudy.objects.filter(state=CaseStudy.State.APPROVED)
        .select_related("partner")
        .prefetch_related(
            Prefetch("images", queryset=CaseStudyImage.objects.order_by("position", "pk")),
            Prefetch("priorities", queryset=Priority.objects.order_by("position")),
            Prefetch("actions", queryset=_actions()),
        )
        .order_by("-reviewed_at", "pk")
    )


def approved_of_plan(plan: Plan) -> QuerySet[CaseStudy]:
    return _published().filter(plan=plan)


def approved_for_priority(priority: Priority) -> list[CaseStudy]:
    return list(_published().filter(priorities=priority))


def approved_for_action(action: Action) -> list[CaseStudy]:
    return list(_published().filter(actions=action))


def published(plan: Plan, case_study_id: int) -> CaseStudy | None:
    return _published().filter(plan=plan, pk=case_study_id).first()


def titles_to_come(priority: Priority, approved: list[CaseStudy] | None = None) -> list[str]:
    """The plan's case-study titles for the priority that no approved case study fulfils yet, in plan order."""
    if approved is None:
        approved = approved_for_priority(priority)
    fulfilled = {case_study.plan_title for case_study in approved if case_study.plan_title}
    return [title for title in priority.case_studies if title not in fulfilled]


@dataclass(frozen=True)
class PriorityCaseStudies:
    priority: Priority
    approved: list[CaseStudy]
    to_come: list[str]


def by_priority(plan: Plan) -> list[PriorityCaseStudies]:
    """Each priority that has case studies or titles to come, in plan order: the public index (one read of
    the approved case studies for all priorities)."""
    approved = list(approved_of_plan(plan))
    found = []
    for priority in Priority.objects.filter(plan=plan).order_by("position"):
        own = [case_study for case_study in approved if priority in case_study.priorities.all()]
        to_come = titles_to_come(priority, own)
        if own or to_come:
            found.append(PriorityCaseStudies(priority, own, to_come))
    return found


def plan_title_choices(plan: Plan) -> list[tuple[str, list[tuple[str, str]]]]:
    """The plan's promised titles grouped by priority, for the form's list."""
    return [
        (priority.name, [(title, title) for title in priority.case_studies])
        for priority in Priority.objects.filter(plan=plan).order_by("position")
        if priority.case_studies
    ]


def image_for(image_id: int) -> CaseStudyImage | None:
    return CaseStudyImage.objects.select_related("case_study__partner").filter(pk=image_id).first()
