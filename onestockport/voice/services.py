"""Writes for resident voice: importing survey exports, tagging responses, officers' reviews and quotes."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestockport.errors import OneStockportError
from onestockport.places import selectors as places_selectors
from onestockport.places.records import WARDS_2023
from onestockport.plans.models import Action, Plan, Priority
from onestockport.plans.place import PlaceInfo, current_place

from .importers.mapping import Mapping
from .importers.survey import ParsedSurvey, SurveyReader
from .models import ActionLink, Engagement, PriorityTag, Question, Quote, Respondent, Response
from .population import Ward, ward_index
from .quote_checks import QuoteCheck, check_quote
from .redaction import redact
from .tagging import Tagger, embedding_bytes

logger = logging.getLogger(__name__)
DEMOGRAPHIC_ATTRIBUTES = ("age_band", "sex", "ethnic_group", "disability", "carer", "lgbtq", "care_leaver", "veteran")


class QuoteNotPublishableError(OneStockportError):
    """A quote cannot be approved without the respondent's recorded consent."""


class QuoteNeedsEditingError(QuoteNotPublishableError):
    """The checks found personal data or flagged the quote "edit first", and no override reason was given."""

    def __init__(self, check: QuoteCheck) -> None:
        self.check = check
        super().__init__("this quote cannot be published as it stands: " + " ".join(check.reasons))


# An override reason shorter than this ("ok", "fine") records nothing anyone could check later.
MIN_OVERRIDE_REASON = 15
# The engagement and channel of comments left on the website (website_comments.py).
WEBSITE_ENGAGEMENT = "website-comments"
WEBSITE_CHANNEL = "website comment"


@dataclass
class ImportReport:
    engagement: str
    file: str
    respondents_created: int = 0
    respondents_updated: int = 0
    respondents_unchanged: int = 0
    responses: int = 0
    questions: int = 0

    def summary(self) -> str:
        return (
            f"{self.file} -> {self.engagement}: {self.respondents_created} respondents added, "
            f"{self.respondents_updated} updated, {self.respondents_unchanged} unchanged; "
            f"{self.responses} answers to {self.questions} questions"
        )


def get_or_create_engagement(
    *,
    plan: Plan,
    slug: str,
    name: str | None = None,
    description: str | None = None,
    channels: Sequence[str] | None = None,
    starts_on=None,
    ends_on=None,
) -> Engagement:
    """The engagement `slug` of `plan`, created if new; given fields update it."""
    engagement, _ = Engagement.objects.get_or_create(plan=plan, slug=slug, defaults={"name": name or slug})
    changes = {
        "name": name,
        "description": description,
        "channels": list(channels) if channels is not None else None,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    dirty = False
    for attribute, value in changes.items():
        if value is not None and getattr(engagement, attribute) != value:
            setattr(engagement, attribute, value)
            dirty = True
    if dirty:
        engagement.save()
    return engagement


def place_wards(place: PlaceInfo) -> list[Ward]:
    """The place's wards in the area register, current wards first (a name in two vintages means the current one)."""
    current = place.boundaries.get("wards") or WARDS_2023
    found = []
    for area in places_selectors.place_wards(place.code):
        vintages = area.vintage.split()
        found.append(Ward(area.code, area.name, current if current in vintages else (vintages or [""])[-1]))
    return sorted(found, key=lambda ward: (ward.vintage != current, ward.name))


def read_survey(*, path: Path, mapping: Mapping, hash_key: str | None = None) -> ParsedSurvey:
    """The whole file read and validated; InvalidInputError names every bad row and column.
    Wards are checked against the plan's place's wards in the area register."""
    place = current_place()
    reader = SurveyReader(
        mapping=mapping,
        wards=ward_index(place_wards(place)),
        hash_key=hash_key or settings.VOICE_HASH_KEY,
        place_name=place.name,
    )
    return reader.read(path)


def import_responses(
    *, engagement: Engagement, path: Path, mapping: Mapping, hash_key: str | None = None
) -> ImportReport:
    """Import a survey export into `engagement`: all of it, or (on any problem) none of it.

    Re-importing the same file changes nothing; a later export of the same survey adds the new
    respondents and updates the others (matched on the hashed respondent identifier), keeping
    officers' tags on answers whose text is unchanged.
    """
    survey = read_survey(path=path, mapping=mapping, hash_key=hash_key)
    with transaction.atomic():
        return _store(engagement, survey)


def import_file(
    *,
    plan: Plan,
    engagement_slug: str,
    path: Path,
    mapping: Mapping,
    name: str | None = None,
    channels: Sequence[str] | None = None,
    hash_key: str | None = None,
) -> ImportReport:
    """Read and check the whole file, then create or update the engagement and import it, all or nothing."""
    survey = read_survey(path=path, mapping=mapping, hash_key=hash_key)
    with transaction.atomic():
        engagement = get_or_create_engagement(plan=plan, slug=engagement_slug, name=name, channels=channels)
        return _store(engagement, survey)


def _store(engagement: Engagement, survey: ParsedSurvey) -> ImportReport:
    path = survey.path
    report = ImportReport(engagement=engagement.slug, file=path.name)
    questions = _questions(engagement, survey)
    report.questions = len(questions)
    existing = {r.source_id_hash: r for r in Respondent.objects.filter(engagement=engagement)}
    for parsed in survey.respondents:
        values = {
            "row": parsed.row,
            "submitted_at": parsed.submitted_at,
            "channel": parsed.channel,
            "ward": parsed.ward.name if parsed.ward else "",
            "ward_code": parsed.ward.code if parsed.ward else "",
            "postcode_district": parsed.postcode_district,
            "consent_to_quote": parsed.consent_to_quote,
            **{attribute: parsed.demographics.get(attribute, "") for attribute in DEMOGRAPHIC_ATTRIBUTES},
        }
        respondent = existing.get(parsed.id_hash)
        if respondent is None:
            respondent = Respondent.objects.create(engagement=engagement, source_id_hash=parsed.id_hash, **values)
            report.respondents_created += 1
            changed = True
        else:
            changed = any(getattr(respondent, k) != v for k, v in values.items())
            if changed:
                for k, v in values.items():
                    setattr(respondent, k, v)
                respondent.save()
        changed |= store_answers(respondent, questions, parsed.answers)
        if respondent.pk and not changed:
            report.respondents_unchanged += 1
        elif parsed.id_hash in existing:
            report.respondents_updated += 1
        report.responses += len(parsed.answers)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    engagement.source_format = survey.mapping.name
    engagement.source_file = path.name
    engagement.source_checksum = checksum
    engagement.imported_at = timezone.now()
    if not engagement.channels and survey.mapping.engagement.channels:
        engagement.channels = list(survey.mapping.engagement.channels)
    engagement.save()
    logger.info(report.summary())
    return report


def _questions(engagement: Engagement, survey: ParsedSurvey) -> dict[str, Question]:
    questions = {}
    present = [column for column in survey.mapping.questions if column.key in survey.headers]
    for position, column in enumerate(present):
        key = column.key or ""
        text = column.text or survey.headers.get(key) or column.label
        question, _ = Question.objects.update_or_create(
            engagement=engagement, key=key, defaults={"text": text, "kind": column.kind, "position": position}
        )
        questions[key] = question
    return questions


def store_answers(respondent: Respondent, questions: dict[str, Question], answers: dict[str, str]) -> bool:
    """Store a respondent's answers; True if anything changed. A changed text loses its model tags."""
    changed = False
    current = {response.question.key: response for response in respondent.responses.select_related("question")}
    for key, value in answers.items():
        question = questions[key]
        fields = {"text": value, "choice": ""} if question.kind == Question.Kind.TEXT else {"text": "", "choice": value}
        response = current.pop(key, None)
        if response is None:
            Response.objects.create(respondent=respondent, question=question, **fields)
            changed = True
        elif any(getattr(response, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(response, k, v)
            response.embedding, response.embedding_model, response.tagged_at = None, "", None
            response.save()
            response.tags.filter(status=PriorityTag.Status.SUGGESTED).delete()
            response.action_links.filter(source=ActionLink.Source.MODEL).delete()
            changed = True
    stale = [response.pk for key, response in current.items() if key in questions]
    if stale:
        Response.objects.filter(pk__in=stale).delete()
        changed = True
    return changed


@dataclass
class TagReport:
    tagged: int = 0
    skipped: int = 0
    by_priority: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        counts = ", ".join(f"{slug} {count}" for slug, count in sorted(self.by_priority.items()))
        return f"tagged {self.tagged} responses ({self.skipped} already tagged){': ' + counts if counts else ''}"


def tag_responses(
    *,
    plan: Plan,
    tagger: Tagger,
    engagement: Engagement | None = None,
    retag: bool = False,
    progress: Callable[[int], None] | None = None,
) -> TagReport:
    """Score every free-text response against the priorities; keep the top three as suggested tags.

    Officers' confirmed and rejected tags are kept; the model's earlier suggestions are replaced. The
    response's embedding is stored, so a tag confirmed later becomes an example without re-encoding.
    Each response is also linked to the action of its top priority closest to it ("you said, we did").
    """
    responses = Response.objects.filter(respondent__engagement__plan=plan, question__kind=Question.Kind.TEXT).exclude(
        text=""
    )
    if engagement is not None:
        responses = responses.filter(respondent__engagement=engagement)
    report = TagReport()
    if not retag:
        report.skipped = responses.filter(embedding_model=tagger.model_name).count()
        responses = responses.exclude(embedding_model=tagger.model_name)
    items = list(responses.order_by("pk"))
    priorities = {priority.slug: priority for priority in Priority.objects.filter(plan=plan)}
    actions = {
        (a.priority.slug, str(a.number)): a
        for a in Action.objects.filter(priority__plan=plan).select_related("priority")
    }
    results = tagger.tag_with_embeddings([response.text for response in items], progress=progress)
    now = timezone.now()
    with transaction.atomic():
        for response, (result, embedding) in zip(items, results, strict=True):
            reviewed = set(
                response.tags.exclude(status=PriorityTag.Status.SUGGESTED).values_list("priority__slug", flat=True)
            )
            response.tags.filter(status=PriorityTag.Status.SUGGESTED).delete()
            for rank, tag in enumerate(result.tags, start=1):
                if tag.slug in reviewed:
                    PriorityTag.objects.filter(response=response, priority=priorities[tag.slug]).update(
                        score=tag.score, rank=rank, model_name=tagger.model_name
                    )
                    continue
                PriorityTag.objects.create(
                    response=response,
                    priority=priorities[tag.slug],
                    score=tag.score,
                    rank=rank,
                    model_name=tagger.model_name,
                )
            response.action_links.filter(source=ActionLink.Source.MODEL).delete()
            if embedding is not None and result.priority:
                best = tagger.best_action(embedding, result.priority)
                if best and (result.priority, best[0]) in actions:
                    ActionLink.objects.get_or_create(
                        response=response,
                        action=actions[(result.priority, best[0])],
                        defaults={"score": round(best[1], 4), "source": ActionLink.Source.MODEL},
                    )
            response.embedding = embedding_bytes(embedding) if embedding is not None else None
            response.embedding_model = tagger.model_name
            response.tagged_at = now
            response.save(update_fields=["embedding", "embedding_model", "tagged_at"])
            report.tagged += 1
            if result.priority:
                report.by_priority[result.priority] = report.by_priority.get(result.priority, 0) + 1
    return report


def review_tag(*, tag: PriorityTag, confirmed: bool, user) -> PriorityTag:
    """An officer confirms a tag (it becomes an example for later tagging) or rejects it."""
    tag.status = PriorityTag.Status.CONFIRMED if confirmed else PriorityTag.Status.REJECTED
    tag.reviewed_by = user
    tag.reviewed_at = timezone.now()
    tag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return tag


def set_priorities(*, response: Response, priorities: Sequence[Priority], user) -> list[PriorityTag]:
    """An officer's correction: exactly these priorities are confirmed; the model's other suggestions rejected."""
    now = timezone.now()
    chosen = {priority.pk for priority in priorities}
    with transaction.atomic():
        for tag in response.tags.exclude(priority_id__in=chosen):
            tag.status, tag.reviewed_by, tag.reviewed_at = PriorityTag.Status.REJECTED, user, now
            tag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        tags = []
        for priority in priorities:
            tag, _ = PriorityTag.objects.get_or_create(response=response, priority=priority)
            tag.status, tag.reviewed_by, tag.reviewed_at = PriorityTag.Status.CONFIRMED, user, now
            tag.save()
            tags.append(tag)
    return tags


def create_quote(*, response: Response, priority: Priority, text: str | None = None, consent_note: str = "") -> Quote:
    """A candidate quote from a response: redacted now, and again whenever it is shown."""
    respondent = response.respondent
    return Quote.objects.create(
        response=response,
        priority=priority,
        text=redact((text or response.text).strip()),
        consent_recorded=respondent.consent_to_quote,
        consent_note=consent_note or (_consent_source(respondent) if respondent.consent_to_quote else ""),
    )


def _consent_source(respondent: Respondent) -> str:
    if respondent.channel == WEBSITE_CHANNEL:
        return "consent box of the comment form on the website"
    return "consent question in the survey export"


def approve_quote(*, quote: Quote, user, actions: Sequence[Action] = (), override_reason: str = "") -> Quote:
    """Approve a quote for publication, after the checks of quote_checks run again on its text.

    Refused without the respondent's recorded consent. Refused too while personal data remains, or when
    the quote is flagged "edit first" (mostly placeholders, or self-identification), unless the officer
    gives a reason of at least MIN_OVERRIDE_REASON characters: it is stored with who and when, and logged.
    Whatever the rules find is replaced by placeholders in the published text, override or not.
    """
    if not quote.consent_recorded:
        raise QuoteNotPublishableError(
            "this quote cannot be published: the respondent's consent to be quoted is not recorded"
        )
    check = check_quote(quote.text)
    reason = override_reason.strip()
    if not check.clear and len(reason) < MIN_OVERRIDE_REASON:
        raise QuoteNeedsEditingError(check)
    quote.text = redact(quote.text)
    quote.approved, quote.approved_by, quote.approved_at = True, user, timezone.now()
    if not check.clear:
        quote.override_reason, quote.override_by, quote.override_at = reason, user, quote.approved_at
        logger.warning(
            "quote override: quote=%s approved by %s despite the checks (%s); reason: %s",
            quote.pk,
            getattr(user, "username", None) or "unknown",
            " ".join(check.reasons),
            reason,
        )
    else:
        quote.override_reason, quote.override_by, quote.override_at = "", None, None
    quote.save()
    if actions:
        quote.actions.add(*actions)
    return quote


def withdraw_quote(*, quote: Quote) -> Quote:
    quote.approved, quote.approved_by, quote.approved_at = False, None, None
    quote.save(update_fields=["approved", "approved_by", "approved_at"])
    return quote


def link_action(*, response: Response, action: Action) -> ActionLink:
    """An officer links a response to the action that answers it (you said, we did)."""
    link, _ = ActionLink.objects.update_or_create(
        response=response, action=action, defaults={"source": ActionLink.Source.PERSON, "score": None}
    )
    return link


def queue_tagging(engagement: Engagement) -> None:
    """Tag the engagement's new responses in a background job, as `voice tag --background` does.

    The model is never loaded in a web request. One waiting job serves every comment stored before the
    worker starts it (it tags what is untagged then); a job already running may have read its list, so
    only a waiting one counts.
    """
    from onestockport.jobs import services as jobs
    from onestockport.jobs.models import Job

    waiting = Job.objects.filter(kind="voice-tag", status=Job.Status.QUEUED, params__engagement=engagement.slug)
    if not waiting.exists():
        params = {"plan": engagement.plan.slug, "engagement": engagement.slug, "retag": False, "engine": None}
        jobs.start("voice-tag", params, title=f"Tag new responses: {engagement.name}")
