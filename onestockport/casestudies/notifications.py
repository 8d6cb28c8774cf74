"""Case-study emails on submit, return and approve, as delivery updates have (delivery/notifications.py).

Queued with transaction.on_commit, so a decision that rolls back sends nothing; a mail failure is logged and
never undoes the decision. Submitted: the organisation's partner leads and the performance officers.
Returned or approved: the author. Whoever made the change is not emailed. Case studies are rare, so they
are not held for the weekly digest.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse

from onestockport.delivery.mail import compose, email_context, site_url
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
            if recipient.pk != actor_id
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
