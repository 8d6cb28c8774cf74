"""Case-study emails on submit, return and approve, as delivery updates have (delivery/notifications.py).

Queued with transaction.on_commit, so a decision that rolls back sends nothing; a mail failure is logged and
never undoes the decision. Submitted: the organisation's partner leads and the performance officers.
Returned or approved: the author. Whoever made the change is not emailed, nor anyone who chose the weekly
digest: theirs lists the case studies with the updates (`digest_events`, read by
delivery.notifications.send_due_digests).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse

from onestockport.delivery.mail import compose, email_context, site_url
from onestockport.delivery.notifications import wants_digest
from onestockport.delivery.permissions import Role

from .models import CaseStudy

logger = logging.getLogger(__name__)

SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
SUBJECTS = {
    SUBMITTED: "case study submitted for review",
    RETURNED: "case study returned for changes",
    APPROVED: "case study approved",
}


def queue_email(kind: str, case_study: CaseStudy, actor) -> None:
    case_study_id, actor_id = case_study.pk, getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_email(kind, case_study_id, actor_id))


def recipients(kind: str, case_study: CaseStudy) -> list:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if kind == SUBMITTED:
        found = users.filter(
            delivery_membership__partner=case_study.partner, groups__name=Role.PARTNER_LEAD.group_name
        ) | users.filter(groups__name=Role.PERFORMANCE_OFFICER.group_name)
        return list(found.distinct().order_by("username"))
    author = case_study.author
    return [author] if author is not None and author.is_active and author.email else []


def send_email(kind: str, case_study_id: int, actor_id: int | None) -> int:
    try:
        case_study = CaseStudy.objects.select_related("plan", "partner", "author", "reviewed_by").get(pk=case_study_id)
        actor = get_user_model().objects.filter(pk=actor_id).first()
        subject = f"{case_study.plan.title}: {SUBJECTS[kind]}, {case_study.title}"
        messages = [
            compose(
                subject,
                f"case_study_{kind}.txt",
                {
                    "plan": case_study.plan,
                    **email_context(),
                    "recipient": recipient,
                    "case_study": case_study,
                    "actor": actor,
                    "link": site_url() + reverse("delivery:case-study", args=[case_study.pk]),
                },
                recipient.email,
            )
            for recipient in recipients(kind, case_study)
            if recipient.pk != actor_id and not wants_digest(recipient)
        ]
        if not messages:
            return 0
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:
        logger.exception("email failed: case study %s %s", case_study_id, kind)
        return 0
    logger.info("email sent: case study %s %s, %d message(s)", case_study_id, kind, len(messages))
    return len(messages)


@dataclass(frozen=True)
class DigestEvent:
    kind: str  # SUBMITTED, RETURNED or APPROVED
    when: dt.datetime
    case_study: CaseStudy
    link: str


def digest_events(user, since: dt.datetime, until: dt.datetime) -> list[DigestEvent]:
    """What the user would have been emailed about in the window: submissions they review or lead, and
    decisions on case studies they wrote (each case study's latest submission and decision)."""
    found = []
    submitted = CaseStudy.objects.filter(submitted_at__gt=since, submitted_at__lte=until)
    for case_study in submitted.select_related("partner"):
        if user in recipients(SUBMITTED, case_study) and case_study.author_id != user.pk:
            found.append((SUBMITTED, case_study.submitted_at, case_study))
    decided = CaseStudy.objects.filter(
        author=user,
        state__in=[CaseStudy.State.RETURNED, CaseStudy.State.APPROVED],
        reviewed_at__gt=since,
        reviewed_at__lte=until,
    )
    for case_study in decided:
        kind = APPROVED if case_study.state == CaseStudy.State.APPROVED else RETURNED
        found.append((kind, case_study.reviewed_at, case_study))
    return [
        DigestEvent(kind, when, case_study, site_url() + reverse("delivery:case-study", args=[case_study.pk]))
        for kind, when, case_study in sorted(found, key=lambda item: item[1])
    ]
