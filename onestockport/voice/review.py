"""The review desk's reads and writes: which responses it lists, bulk confirmation above a stated score,
and an officer adding a priority the model did not suggest.

Every write records who reviewed and when (services.review_tag). Bulk confirmation takes only each
response's best suggestion, and only when its score reaches settings.VOICE_BULK_CONFIRM_MIN_SCORE;
the rest are left for an officer to read (docs/voice.md, "The review desk", says how the default was chosen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from onestockport.plans.models import Plan, Priority

from . import services
from .models import PriorityTag, Question, Response

UNTAGGED = "untagged"
STATUSES = (UNTAGGED, *PriorityTag.Status.values)


@dataclass(frozen=True)
class DeskFilters:
    """What the desk's GET form asks for; blank means any."""

    priority: str = ""  # a priority's slug
    min_score: float | None = None
    ward: str = ""
    status: str = ""  # untagged, suggested, confirmed or rejected
    engagement: str = ""  # an engagement's slug


def bulk_min_score() -> float:
    return float(settings.VOICE_BULK_CONFIRM_MIN_SCORE)


def desk_responses(plan: Plan, filters: DeskFilters) -> QuerySet[Response]:
    """The plan's free-text responses matching the filters, with their respondent and tags (best first).

    Priority, score and status apply to one and the same tag: "priority X scoring at least 0.6".
    """
    responses = (
        Response.objects.filter(respondent__engagement__plan=plan, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related("respondent__engagement", "question")
        .prefetch_related(
            Prefetch("tags", queryset=PriorityTag.objects.select_related("priority", "reviewed_by").order_by("rank"))
        )
        .order_by("respondent__engagement__name", "respondent__row", "question__position", "pk")
    )
    if filters.engagement:
        responses = responses.filter(respondent__engagement__slug=filters.engagement)
    if filters.ward:
        responses = responses.filter(respondent__ward=filters.ward)
    if filters.status == UNTAGGED:
        return responses.filter(~Exists(PriorityTag.objects.filter(response=OuterRef("pk"))))
    tags = PriorityTag.objects.filter(response=OuterRef("pk"))
    narrowed = False
    if filters.priority:
        tags, narrowed = tags.filter(priority__slug=filters.priority), True
    if filters.min_score is not None:
        tags, narrowed = tags.filter(score__gte=filters.min_score), True
    if filters.status:
        tags, narrowed = tags.filter(status=filters.status), True
    return responses.filter(Exists(tags)) if narrowed else responses


def desk_wards(plan: Plan) -> list[str]:
    """The wards respondents gave, for the ward filter."""
    wards = Response.objects.filter(respondent__engagement__plan=plan).exclude(respondent__ward="")
    return sorted(set(wards.values_list("respondent__ward", flat=True)))


@dataclass
class BulkReport:
    confirmed: int = 0
    below: int = 0  # best suggestion scoring under the threshold: left for an officer to read
    without_suggestion: int = 0  # nothing suggested (untagged, or every suggestion already reviewed)

    def summary(self, min_score: float) -> str:
        text = f"{self.confirmed} confirmed, {self.below} left for you to read: score below {min_score:.2f}"
        if self.without_suggestion:
            text += f"; {self.without_suggestion} had no suggestion to confirm"
        return text + "."


def bulk_confirm(*, responses: Iterable[Response], user, min_score: float | None = None) -> BulkReport:
    """Confirm each response's best pending suggestion whose score reaches `min_score` (default: the setting)."""
    threshold = bulk_min_score() if min_score is None else min_score
    report = BulkReport()
    with transaction.atomic():
        for response in responses:
            best = (
                response.tags.filter(status=PriorityTag.Status.SUGGESTED, score__isnull=False)
                .order_by("rank", "-score")
                .first()
            )
            if best is None:
                report.without_suggestion += 1
            elif best.score < threshold:
                report.below += 1
            else:
                services.review_tag(tag=best, confirmed=True, user=user)
                report.confirmed += 1
    return report


def add_priority(*, response: Response, priority: Priority, user) -> PriorityTag:
    """An officer's own tag: confirmed by them (a suggestion of the same priority becomes confirmed)."""
    tag, _ = PriorityTag.objects.get_or_create(response=response, priority=priority)
    tag.status, tag.reviewed_by, tag.reviewed_at = PriorityTag.Status.CONFIRMED, user, timezone.now()
    tag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return tag
