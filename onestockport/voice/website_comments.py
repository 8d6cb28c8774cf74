"""Comments left with the form on the plan's priority and action pages, stored as a survey answer is.

The same records as an import (services.import_file), with stricter privacy: see record_website_comment.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onestockport.plans.models import Action, Plan, Priority
from onestockport.server.content_version import unpublished_writes

from .importers.survey import hash_identifier
from .models import Engagement, Question, Respondent
from .population import Ward
from .redaction import redact
from .services import WEBSITE_CHANNEL, WEBSITE_ENGAGEMENT, queue_tagging, store_answers


@dataclass(frozen=True)
class WebsiteComment:
    """A comment from the form on a priority or action page, already checked by the form."""

    text: str
    priority: Priority | None = None
    action: Action | None = None
    ward: Ward | None = None
    age_band: str = ""
    consent_to_quote: bool = False


def website_engagement(plan: Plan) -> Engagement:
    """The engagement website comments go to, created on the first comment (officers may rename it)."""
    engagement, _ = Engagement.objects.get_or_create(
        plan=plan,
        slug=WEBSITE_ENGAGEMENT,
        defaults={
            "name": "Comments on this website",
            "description": "Comments left with the form on the plan's priority and action pages.",
            "channels": [WEBSITE_CHANNEL],
            "source_format": "website form",
        },
    )
    return engagement


def _website_question(engagement: Engagement, priority: Priority | None, action: Action | None) -> Question:
    """One question per page the form is on: the respondent's answer then says which page they commented on."""
    if action is not None:
        key = f"comment-{action.priority.slug}-action-{action.number}"
        text = f"Comment on action {action.number} of the priority {action.priority.name}: {action.title}"
    elif priority is not None:
        key, text = f"comment-{priority.slug}", f"Comment on the priority {priority.name}"
    else:
        key, text = "comment", "Comment on the plan"
    question, _ = Question.objects.get_or_create(
        engagement=engagement,
        key=key[:80],
        defaults={"text": text, "kind": Question.Kind.TEXT, "position": engagement.questions.count()},
    )
    return question


def record_website_comment(*, plan: Plan, comment: WebsiteComment, hash_key: str | None = None) -> Respondent:
    """Store a website comment as an imported survey answer is stored, and queue its tagging.

    The same records as an import (a respondent of the website engagement, one text response), with
    stricter privacy: the text is redacted before it is stored (an import keeps the words as written
    and redacts at quoting), the respondent's identifier is a random reference kept only as its keyed
    hash, and only the ward is kept, never a postcode. Nothing is published until an officer makes
    and approves a quote, which needs the consent the form recorded.
    """
    action = comment.action
    priority = action.priority if action is not None else comment.priority
    # Not counted or shown until an officer reviews it (selectors.counted_respondents): stored pages stay.
    with unpublished_writes(), transaction.atomic():
        engagement = website_engagement(plan)
        question = _website_question(engagement, priority, action)
        last_row = Respondent.objects.filter(engagement=engagement).aggregate(last=Max("row"))["last"] or 0
        respondent = Respondent.objects.create(
            engagement=engagement,
            source_id_hash=hash_identifier(secrets.token_hex(16), key=hash_key or settings.VOICE_HASH_KEY),
            row=last_row + 1,
            submitted_at=timezone.now(),
            channel=WEBSITE_CHANNEL,
            ward=comment.ward.name if comment.ward else "",
            ward_code=comment.ward.code if comment.ward else "",
            age_band=comment.age_band,
            consent_to_quote=comment.consent_to_quote,
        )
        store_answers(respondent, {question.key: question}, {question.key: redact(comment.text.strip())})
        queue_tagging(engagement)
    return respondent
