"""Demonstration accounts and example updates, for training and screenshots. Only `onestockport demo`
calls this, on its own database; everything it makes says "Demonstration" so it cannot pass for real progress.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from onestockport.plans.models import Action, DeliveryBody, Partner, Plan
from onestockport.plans.selectors import get_plan

from . import selectors, services
from .errors import DeliveryError
from .models import Status
from .permissions import Role

DEMO_PREFIX = "demo-"
DEMO_EMAIL_DOMAIN = "demo.onestockport.invalid"
LABEL = "Demonstration"
COMMENTS = 3  # example website comments for the review desk


@dataclass
class DemoResult:
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (username, what it is)
    password: str = ""
    updates: dict[str, int] = field(default_factory=dict)
    actions_assigned: int = 0
    comments: int = 0
    already_built: bool = False

    def summary(self) -> str:
        if self.already_built:
            return "The demonstration data is already there; run `onestockport demo --reset` to build it again."
        lines = [f"{LABEL} accounts (password for all: {self.password}):"]
        lines += [f"  {username:36} {what}" for username, what in self.accounts]
        lines.append(f"{self.actions_assigned} actions given demonstration lead partners")
        lines.append("Example updates: " + ", ".join(f"{n} {state}" for state, n in sorted(self.updates.items())))
        lines.append(f"{self.comments} example residents' comments waiting at the review desk")
        return "\n".join(lines)


def _account(username: str, *, first: str, last: str, password: str, role: Role, partner: Partner | None = None):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        password=password,
        first_name=first,
        last_name=last,
    )
    return services.assign_role(user=user, role=role, partner=partner)


def _narrative(action: Action, partner: Partner, status: str, period_label: str) -> str:
    what = {
        Status.NOT_STARTED: "Planning has begun but delivery work has not started yet.",
        Status.ON_TRACK: "The first phase is under way and the next milestone is expected on time.",
        Status.AT_RISK: "Work is under way, but a delay in agreeing funding may push back the next milestone.",
        Status.OFF_TRACK: "The planned start was missed because the delivery team is not yet in place.",
        Status.COMPLETE: "The action has been delivered as the plan describes.",
    }[status]
    return (
        f"{LABEL} update, not real progress. {partner.name} reports on '{action.title}' for {period_label}. "
        f"{what} Next steps are agreed with the contributing partners."
    )


@transaction.atomic
def build_demo(*, password: str | None = None, plan: Plan | None = None, today: dt.date | None = None) -> DemoResult:
    """Demo accounts for every role, demo lead partners on some actions and updates in every state."""
    plan = plan or get_plan()
    User = get_user_model()
    if User.objects.filter(username=f"{DEMO_PREFIX}officer").exists():
        return DemoResult(already_built=True)
    password = password or secrets.token_urlsafe(12)
    result = DemoResult(password=password)

    admin = _account(
        f"{DEMO_PREFIX}administrator", first=LABEL, last="Administrator", password=password, role=Role.ADMINISTRATOR
    )
    officer = _account(
        f"{DEMO_PREFIX}officer",
        first=LABEL,
        last="Performance Officer",
        password=password,
        role=Role.PERFORMANCE_OFFICER,
    )
    engagement = _account(
        f"{DEMO_PREFIX}engagement",
        first=LABEL,
        last="Engagement Officer",
        password=password,
        role=Role.ENGAGEMENT_OFFICER,
    )
    result.accounts += [
        (admin.username, "administrator"),
        (officer.username, "performance officer"),
        (engagement.username, "engagement officer"),
    ]

    partners = list(Partner.objects.filter(plan=plan).order_by("position")[:3])
    if len(partners) < 2:
        raise DeliveryError("the demonstration needs a plan with at least two partners")
    leads, editors = {}, {}
    for partner in partners:
        short = partner.slug[:20]
        editors[partner.pk] = _account(
            f"{DEMO_PREFIX}{short}-editor",
            first=LABEL,
            last=f"Editor ({partner.name})",
            password=password,
            role=Role.PARTNER_EDITOR,
            partner=partner,
        )
        leads[partner.pk] = _account(
            f"{DEMO_PREFIX}{short}-lead",
            first=LABEL,
            last=f"Lead ({partner.name})",
            password=password,
            role=Role.PARTNER_LEAD,
            partner=partner,
        )
        result.accounts += [
            (editors[partner.pk].username, f"partner editor, {partner.name}"),
            (leads[partner.pk].username, f"partner lead, {partner.name}"),
        ]

    # Demo owners: the first three actions of every priority, round the demo partners.
    actions = []
    for index, action in enumerate(
        Action.objects.filter(priority__plan=plan, number__lte=3)
        .select_related("priority")
        .order_by("priority__position", "number")
    ):
        lead = partners[index % len(partners)]
        contributor = partners[(index + 1) % len(partners)]
        body = DeliveryBody.objects.filter(priorities=action.priority).first()
        services.edit_ownership(
            user=officer,
            action=action,
            ownership=services.Ownership(
                lead_partner=lead,
                contributing_partners=[contributor],
                delivery_body=body,
                contact_role=f"{LABEL} contact role, {lead.name}",
                start_date=dt.date(2025, 4, 1),
                due_date=dt.date(2030, 3, 31),
            ),
        )
        actions.append((action, lead))
    result.actions_assigned = len(actions)

    today = today or timezone.localdate()
    current = selectors.current_period(today=today)
    previous = current.previous()
    statuses = [Status.ON_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.NOT_STARTED, Status.OFF_TRACK, Status.COMPLETE]
    for index, (action, lead) in enumerate(actions):
        editor, lead_user = editors[lead.pk], leads[lead.pk]
        status = statuses[index % len(statuses)]
        # Last period: approved, so the demo's public pages show progress.
        update = services.create_update(
            user=editor,
            action=action,
            period=previous,
            content=services.UpdateContent(
                status=status,
                narrative=_narrative(action, lead, status, previous.label),
                percent_complete=None if status == Status.NOT_STARTED else (100 if status == Status.COMPLETE else 25),
                evidence_links=["https://www.example.gov.uk/"] if index % 2 == 0 else [],
            ),
        )
        update = services.submit_update(user=lead_user, update_id=update.pk, expected_version=update.version)
        services.approve_update(user=officer, update_id=update.pk, expected_version=update.version)
        result.updates["approved"] = result.updates.get("approved", 0) + 1
        if index == 0:
            services.create_milestone(
                user=editor,
                action=action,
                title=f"{LABEL} milestone: partners agree the delivery plan",
                due=previous.end,
            )
        # This period: a mix of stages, for training the workflow.
        stage = index % 4
        if stage == 3:
            continue  # no update yet: appears on the dashboard and in reminders
        draft = services.create_update(
            user=editor,
            action=action,
            period=current,
            content=services.UpdateContent(
                status=Status.ON_TRACK,
                narrative=_narrative(action, lead, Status.ON_TRACK, current.label),
                percent_complete=40,
            ),
        )
        state = "draft"
        if stage >= 1:
            draft = services.submit_update(user=lead_user, update_id=draft.pk, expected_version=draft.version)
            state = "submitted"
        if stage == 2:
            services.return_update(
                user=officer,
                update_id=draft.pk,
                expected_version=draft.version,
                comment=f"{LABEL} review comment: please say which milestone the delay affects.",
            )
            state = "returned"
        result.updates[state] = result.updates.get(state, 0) + 1
    result.comments = _comments(plan, [action for action, _ in actions[:COMMENTS]])
    return result


def _comments(plan: Plan, actions: list[Action]) -> int:
    """A few website comments for the engagement officer's review desk, stored as the form stores them."""
    from onestockport.voice.website_comments import WebsiteComment, record_website_comment

    for action in actions:
        record_website_comment(
            plan=plan,
            comment=WebsiteComment(
                text=f"{LABEL} comment, not from a real resident: I would like to hear how '{action.title}' "
                "is going and when people will notice a difference.",
                action=action,
            ),
        )
    return len(actions)
