"""Reads for resident voice. Every figure for the public goes through disclosure control here, and
every response text through redaction: templates and exports receive only what may be published.

What counts as a response "speaking to" a priority: a tag an officer confirmed, or the model's top
suggestion that no officer rejected. Only engagements marked published are counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from onestockport.plans.models import Action, Plan, Priority

from .action_progress import ActionProgress, action_progress
from .disclosure import Cell, ProtectedTable, protect
from .models import ActionLink, Engagement, PriorityTag, Question, Quote, Respondent, Response
from .redaction import place_redactor
from .services import WEBSITE_CHANNEL
from .tagging import Example, PriorityProfile, embedding_from_bytes, priority_profile


def threshold() -> int:
    return int(settings.VOICE_DISCLOSURE_THRESHOLD)


# ---------------------------------------------------------------------------------------------- tagging inputs


def priority_profiles(plan: Plan) -> list[PriorityProfile]:
    """Each priority's description for the tagger, from the loaded plan."""
    priorities = Priority.objects.filter(plan=plan).prefetch_related("actions", "measures").order_by("position")
    return [
        priority_profile(
            slug=priority.slug,
            name=priority.name,
            ambition=priority.ambition,
            introduction=priority.introduction,
            what_we_heard=priority.what_we_heard,
            actions=[(action.number, action.text, action.sub_items) for action in priority.actions.all()],
            measures=[measure.text for measure in priority.measures.all()],
        )
        for priority in priorities
    ]


def confirmed_examples(plan: Plan, *, engine: str) -> list[Example]:
    """Officers' confirmed tags as labelled examples (with the stored embedding when `engine` made it)."""
    tags = (
        PriorityTag.objects.filter(
            status=PriorityTag.Status.CONFIRMED, priority__plan=plan, response__question__kind=Question.Kind.TEXT
        )
        .exclude(response__text="")
        .select_related("priority", "response")
    )
    examples = []
    for tag in tags:
        response = tag.response
        vector = embedding_from_bytes(response.embedding) if response.embedding_model == engine else None
        examples.append(Example(slug=tag.priority.slug, text=response.text, embedding=vector))
    return examples


# ---------------------------------------------------------------------------------------------- public figures


def published_engagements(plan: Plan) -> QuerySet[Engagement]:
    return Engagement.objects.filter(plan=plan, published=True)


def counted_respondents(plan: Plan) -> QuerySet[Respondent]:
    """The respondents public figures count: those of published engagements, except a comment left on the
    website that no officer has looked at yet (none of its tags confirmed or rejected, no quote made of it).
    An import is a survey the council ran and checked; a website form can be filled in by anyone."""
    reviewed = Exists(
        PriorityTag.objects.filter(response__respondent=OuterRef("pk"), reviewed_at__isnull=False)
    ) | Exists(Quote.objects.filter(response__respondent=OuterRef("pk")))
    return Respondent.objects.filter(engagement__in=published_engagements(plan)).exclude(
        Q(channel=WEBSITE_CHANNEL) & ~Q(reviewed)
    )


def _accepted_tags(plan: Plan) -> QuerySet[PriorityTag]:
    return PriorityTag.objects.filter(
        response__respondent__in=counted_respondents(plan),
    ).filter(Q(status=PriorityTag.Status.CONFIRMED) | Q(status=PriorityTag.Status.SUGGESTED, rank=1))


@dataclass(frozen=True)
class EngagementSummary:
    engagement: Engagement
    respondents: Cell
    respondents_display: str
    comments: Cell
    comments_display: str


@dataclass(frozen=True)
class VoiceOverview:
    plan: Plan
    has_responses: bool
    engagements: list[EngagementSummary]
    respondents: ProtectedTable  # respondents by engagement, with the total
    tag_counts: ProtectedTable  # responses speaking to each priority, with the total tagged
    threshold: int

    def priority_cell(self, slug: str) -> Cell | None:
        return self.tag_counts.cell(slug)


def voice_overview(plan: Plan) -> VoiceOverview:
    limit = threshold()
    engagements = list(published_engagements(plan).order_by("-starts_on", "name"))
    # With no engagement published (a new plan), no query is needed: `in` an empty list short-circuits.
    counted = counted_respondents(plan).filter(engagement__in=engagements)
    respondent_counts = Counter(counted.values_list("engagement_id", flat=True))
    comment_counts = Counter(
        Response.objects.filter(respondent__in=counted, question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .values_list("respondent__engagement_id", flat=True)
    )
    respondents = protect([(e.slug, e.name, respondent_counts.get(e.pk, 0)) for e in engagements], threshold=limit)
    comments = protect([(e.slug, e.name, comment_counts.get(e.pk, 0)) for e in engagements], threshold=limit)
    summaries = []
    for engagement in engagements:
        people, said = respondents.cell(engagement.slug), comments.cell(engagement.slug)
        assert people is not None
        assert said is not None
        summaries.append(
            EngagementSummary(engagement, people, respondents.display(people), said, comments.display(said))
        )
    accepted = set(_accepted_tags(plan).values_list("priority__slug", "response_id"))
    per_priority = Counter(slug for slug, _ in accepted)
    tagged_total = len({response_id for _, response_id in accepted})
    priorities = Priority.objects.filter(plan=plan).order_by("position")
    tag_counts = protect(
        [(p.slug, p.name, per_priority.get(p.slug, 0)) for p in priorities], total=tagged_total, threshold=limit
    )
    return VoiceOverview(
        plan=plan,
        has_responses=bool(sum(respondent_counts.values())),
        engagements=summaries,
        respondents=respondents,
        tag_counts=tag_counts,
        threshold=limit,
    )


@dataclass(frozen=True)
class PublicQuote:
    text: str
    engagement: str
    priority_slug: str
    actions: list[Action]


def approved_quotes(plan: Plan, *, priority: Priority | None = None, limit: int | None = None) -> list[PublicQuote]:
    """Approved quotes with recorded consent, redacted as they are read."""
    quotes = (
        Quote.objects.filter(
            approved=True,
            consent_recorded=True,
            priority__plan=plan,
            response__respondent__engagement__published=True,
        )
        .select_related("priority", "response__respondent__engagement")
        .prefetch_related("actions__priority")
        .order_by("priority__position", "-approved_at", "pk")
    )
    if priority is not None:
        quotes = quotes.filter(priority=priority)
    if limit:
        quotes = quotes[:limit]
    redactor = place_redactor()
    return [
        PublicQuote(
            text=redactor.redact(quote.text),
            engagement=quote.response.respondent.engagement.name,
            priority_slug=quote.priority.slug,
            actions=list(quote.actions.all()),
        )
        for quote in quotes
    ]


@dataclass(frozen=True)
class PriorityVoice:
    priority: Priority
    evidence: list[dict]
    quotes: list[PublicQuote]
    count: Cell | None
    count_display: str
    tagged_total_display: str
    has_responses: bool


def priority_voice(priority: Priority, overview: VoiceOverview | None = None) -> PriorityVoice:
    overview = overview or voice_overview(priority.plan)
    cell = overview.priority_cell(priority.slug)
    return PriorityVoice(
        priority=priority,
        evidence=priority.what_we_heard,
        quotes=approved_quotes(priority.plan, priority=priority),
        count=cell,
        count_display=overview.tag_counts.display(cell) if cell else "",
        tagged_total_display=overview.tag_counts.total_display,
        has_responses=overview.has_responses,
    )


@dataclass(frozen=True)
class ActionAnswer:
    action: Action
    count: Cell
    count_display: str
    quotes: list[PublicQuote]
    progress: ActionProgress  # the latest approved status and update


@dataclass(frozen=True)
class YouSaidWeDid:
    priority: Priority
    evidence: list[dict]
    actions: list[ActionAnswer]
    linked_total_display: str


def you_said_we_did(plan: Plan) -> list[YouSaidWeDid]:
    """Per priority: what residents said (the plan's evidence, approved quotes), the actions that answer it
    and each action's latest approved status and update."""
    limit = threshold()
    links = ActionLink.objects.filter(
        response__respondent__in=counted_respondents(plan), action__priority__plan=plan
    ).values_list("response_id", "action_id", "action__priority_id", "source")
    rejected = set(
        PriorityTag.objects.filter(status=PriorityTag.Status.REJECTED, priority__plan=plan).values_list(
            "response_id", "priority_id"
        )
    )
    # A model's link stands only while no officer has rejected the response's tag to that priority.
    linked = Counter(
        action_id
        for response_id, action_id, priority_id, source in links
        if source == ActionLink.Source.PERSON or (response_id, priority_id) not in rejected
    )
    quotes_by_action: dict[int, list[PublicQuote]] = {}
    for quote in approved_quotes(plan):
        for action in quote.actions:
            quotes_by_action.setdefault(action.pk, []).append(quote)
    result = []
    priorities = list(Priority.objects.filter(plan=plan).prefetch_related("actions").order_by("position"))
    progress = action_progress(action for priority in priorities for action in priority.actions.all())
    for priority in priorities:
        actions = list(priority.actions.all())
        table = protect([(str(a.number), a.title, linked.get(a.pk, 0)) for a in actions], threshold=limit)
        answers = []
        for action in actions:
            cell = table.cell(str(action.number))
            assert cell is not None
            answers.append(
                ActionAnswer(
                    action, cell, table.display(cell), quotes_by_action.get(action.pk, []), progress[action.pk]
                )
            )
        result.append(
            YouSaidWeDid(
                priority=priority,
                evidence=priority.what_we_heard,
                actions=answers,
                linked_total_display=table.total_display,
            )
        )
    return result


# ------------------------------------------------------------------------------------------ the plan's own engagement


@dataclass(frozen=True)
class PlanEngagement:
    """What the plan says about how it listened; a count the plan does not state is None."""

    year: int | None
    people: int | None
    children_and_young_people: int | None
    methods: list[str]
    groups: list[str]
    what_we_heard: list[dict]


def _count(value: object) -> int | None:
    # Counts are optional in a plan file and may be the words "not stated".
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def plan_engagement(plan: Plan) -> PlanEngagement:
    engagement = plan.engagement or {}
    return PlanEngagement(
        year=_count(engagement.get("year")),
        people=_count(engagement.get("people")),
        children_and_young_people=_count(engagement.get("children_and_young_people")),
        methods=list(engagement.get("methods") or []),
        groups=list(engagement.get("groups") or []),
        what_we_heard=list(engagement.get("what_we_heard") or []),
    )


# ---------------------------------------------------------------------------------------------- export


EXPORT_COLUMNS = ["table", "group", "count", "percentage", "population_percentage", "verdict"]


def published_counts(plan: Plan, raw_dir: Path | None = None) -> list[dict[str, str]]:
    """Every count the public pages show, as rows for the open-data CSV (already disclosure-controlled)."""
    overview = voice_overview(plan)
    rows: list[dict[str, str]] = []

    def add_table(name: str, table: ProtectedTable, *, total_label: str) -> None:
        for cell in table.cells:
            rows.append(_row(name, cell.label, table.display(cell), cell.share))
        rows.append(_row(name, total_label, table.total_display, None))

    add_table("respondents by engagement", overview.respondents, total_label="All engagements")
    add_table("responses by priority", overview.tag_counts, total_label="All tagged responses")
    from .who_we_heard import who_we_heard_from  # it reads this module's helpers

    who = who_we_heard_from(plan, raw_dir)
    for characteristic in who.characteristics:
        name, result = f"respondents by {characteristic.title.lower()}", characteristic.result
        for group in result.groups:
            rows.append(
                _row(
                    name,
                    group.label,
                    group.display,
                    group.respondent_share,
                    group.population_share,
                    group.verdict_label,
                )
            )
        for label, count in result.other_rows:
            rows.append(_row(name, label, count, None))
        if result.not_stated is not None:
            rows.append(_row(name, "Not stated", result.table.display(result.not_stated), None))
        rows.append(_row(name, "All respondents", result.table.total_display, None))
    return rows


def _row(
    table: str, group: str, count: str, share: float | None, population_share: float | None = None, verdict: str = ""
) -> dict[str, str]:
    return {
        "table": table,
        "group": group,
        "count": count,
        "percentage": f"{share:.1f}" if share is not None else "",
        "population_percentage": f"{population_share:.1f}" if population_share is not None else "",
        "verdict": verdict,
    }
