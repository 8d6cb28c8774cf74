"""Who may do what: roles are Django groups; partner roles are further limited to their organisation's actions.

Every write goes through `require`, which logs and raises `PermissionRefused` when the answer is no.
Reads follow one rule too: a partner sees another organisation's actions only as the public does
(approved updates only: no drafts, submitted or returned updates, review comments, their evidence or
their stages); the action's own organisations and the performance team see everything
(`sees_unpublished`, `may_see_update`).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db.models import Q, QuerySet

from onestockport.plans.models import Action, Partner

from .errors import PermissionRefused
from .history import update_authors
from .models import Membership, Update

logger = logging.getLogger(__name__)


class Role(StrEnum):
    PARTNER_EDITOR = "partner-editor"
    PARTNER_LEAD = "partner-lead"
    PERFORMANCE_OFFICER = "performance-officer"
    ENGAGEMENT_OFFICER = "engagement-officer"
    ADMINISTRATOR = "administrator"

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self]

    @property
    def label(self) -> str:
        return GROUP_NAMES[self][:-1]


GROUP_NAMES = {
    Role.PARTNER_EDITOR: "Partner editors",
    Role.PARTNER_LEAD: "Partner leads",
    Role.PERFORMANCE_OFFICER: "Performance officers",
    Role.ENGAGEMENT_OFFICER: "Engagement officers",
    Role.ADMINISTRATOR: "Administrators",
}
# Partner roles act only on actions whose lead or contributing partners include their organisation.
ORGANISATION_ROLES = frozenset({Role.PARTNER_EDITOR, Role.PARTNER_LEAD})
# Staff roles sign in to the Django admin to edit plan content (performance officers), review what residents
# said (engagement officers) or manage accounts (administrators).
ADMIN_SITE_ROLES = frozenset({Role.PERFORMANCE_OFFICER, Role.ENGAGEMENT_OFFICER, Role.ADMINISTRATOR})


class Capability(StrEnum):
    EDIT_UPDATE = "edit an update"  # create, edit, attach and remove evidence
    SUBMIT_UPDATE = "submit an update for review"
    REVIEW_UPDATE = "approve or return an update"
    EDIT_MILESTONE = "change milestones"
    EDIT_OWNERSHIP = "change who delivers an action"
    OVERSEE = "see the dashboard, send reminders and make board packs"
    VIEW_UNPUBLISHED = "see updates before they are approved, with their review comments and evidence"
    VIEW_HISTORY = "see the history of changes"  # it holds every draft and comment: unpublished content
    REVIEW_VOICE = "review residents' comments and approve quotes"
    MANAGE_ACCOUNTS = "invite people, deactivate and reactivate their accounts"


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.PARTNER_EDITOR: frozenset(
        {Capability.EDIT_UPDATE, Capability.EDIT_MILESTONE, Capability.VIEW_UNPUBLISHED, Capability.VIEW_HISTORY},
    ),
    # The lead signs off: only a partner lead (or the performance team) sends an update for review.
    Role.PARTNER_LEAD: frozenset(
        {
            Capability.EDIT_UPDATE,
            Capability.SUBMIT_UPDATE,
            Capability.EDIT_MILESTONE,
            Capability.VIEW_UNPUBLISHED,
            Capability.VIEW_HISTORY,
            Capability.MANAGE_ACCOUNTS,  # partner editors and leads of their own organisation only
        },
    ),
    # The performance team runs delivery; residents' comments and accounts are other people's work.
    Role.PERFORMANCE_OFFICER: frozenset(Capability) - {Capability.REVIEW_VOICE, Capability.MANAGE_ACCOUNTS},
    # Engagement officers see delivery only as the public does: their work is what residents said.
    Role.ENGAGEMENT_OFFICER: frozenset({Capability.REVIEW_VOICE}),
    Role.ADMINISTRATOR: frozenset(Capability),
}

# Django model permissions each group holds, for the admin site: officers edit plan content,
# administrators also manage accounts and memberships. Delivery records themselves change only
# through the workflow, so the admin shows them read-only.
GROUP_MODEL_PERMISSIONS: dict[Role, list[str]] = {
    Role.PARTNER_EDITOR: [],
    Role.PARTNER_LEAD: [],
    Role.PERFORMANCE_OFFICER: ["plans.*", "delivery.view_*"],
    Role.ENGAGEMENT_OFFICER: ["voice.*"],  # the records behind the review desk (/delivery/voice/), by hand
    Role.ADMINISTRATOR: ["plans.*", "delivery.view_*", "delivery.*_membership", "auth.*", "axes.*", "voice.*"],
}


def roles_of(user) -> set[Role]:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return set()
    if not hasattr(user, "_delivery_roles"):
        names = set(user.groups.values_list("name", flat=True))
        roles = {role for role, name in GROUP_NAMES.items() if name in names}
        if user.is_superuser:
            roles.add(Role.ADMINISTRATOR)
        user._delivery_roles = roles
    return user._delivery_roles


def organisation_of(user) -> Partner | None:
    if not roles_of(user):
        return None
    membership = Membership.objects.filter(user=user).select_related("partner").first()
    return membership.partner if membership else None


def action_partner_ids(action: Action) -> set[int]:
    ids = set(action.contributing_partners.values_list("pk", flat=True))
    if action.lead_partner_id:
        ids.add(action.lead_partner_id)
    return ids


def can(user, capability: Capability, action: Action | None = None) -> bool:
    """Whether the user may do this; for partner roles, only on their organisation's actions."""
    organisation_id = None
    for role in roles_of(user):
        if capability not in ROLE_CAPABILITIES[role]:
            continue
        if role not in ORGANISATION_ROLES:
            return True
        if action is None:
            continue
        if organisation_id is None:
            partner = organisation_of(user)
            organisation_id = partner.pk if partner else 0
        if organisation_id in action_partner_ids(action):
            return True
    return False


def require(user, capability: Capability, action: Action | None = None) -> None:
    """Refuse, log and raise unless the user may do this."""
    if can(user, capability, action):
        return
    log_refusal(user, capability.value, action)
    subject = f" on {action}" if action is not None else ""
    raise PermissionRefused(f"you may not {capability.value}{subject}")


def log_refusal(user, attempted: str, action: Action | None = None) -> None:
    """One warning per refused attempt: who, from which organisation, tried what, on which action."""
    organisation = organisation_of(user)
    logger.warning(
        "refused: user=%s roles=%s organisation=%s tried to %s on action=%s",
        getattr(user, "username", None) or "anonymous",
        ",".join(sorted(roles_of(user))) or "none",
        organisation.slug if organisation else "none",
        attempted,
        f"{action.priority.slug}/{action.number}" if action is not None else "-",
    )


def sees_unpublished(user, action: Action) -> bool:
    """Whether the user sees the action's drafts, submitted and returned updates, comments and their files."""
    return can(user, Capability.VIEW_UNPUBLISHED, action)


def may_see_update(user, update: Update) -> bool:
    """An approved update is public; any other only for those who see the action's unpublished work."""
    return update.state == Update.State.APPROVED or sees_unpublished(user, update.action)


def four_eyes_refusal(user, update: Update) -> str:
    """Why this user may not approve this update under the four-eyes rule, or "" if they may.

    Nobody approves an update they wrote any part of (history.update_authors says who did).
    ONESTOCKPORT_FOUR_EYES=False lifts the rule for a performance team of one.
    """
    if not settings.ONESTOCKPORT_FOUR_EYES or user is None:
        return ""
    if any(author.pk == user.pk for author in update_authors(update)):
        return "you wrote part of this update, so someone else in the performance team must approve it"
    return ""


def is_delivery_user(user) -> bool:
    return bool(roles_of(user))


def writable_actions(user) -> QuerySet[Action]:
    """The actions the user may report on: all for the performance team, their organisation's for partners."""
    roles = roles_of(user)
    writers = {role for role in roles if Capability.EDIT_UPDATE in ROLE_CAPABILITIES[role]}
    if not writers:
        return Action.objects.none()
    if writers - ORGANISATION_ROLES:
        return Action.objects.all()
    partner = organisation_of(user)
    if partner is None:
        return Action.objects.none()
    return Action.objects.filter(Q(lead_partner=partner) | Q(contributing_partners=partner)).distinct()


# --- Accounts: who may invite, deactivate and reactivate whom ------------------------------------


def manages_accounts(user) -> bool:
    """Whether the user has the People pages at all; `may_invite` and `may_change_account` say for whom."""
    return any(Capability.MANAGE_ACCOUNTS in ROLE_CAPABILITIES[role] for role in roles_of(user))


def manages_everyone(user) -> bool:
    roles = roles_of(user)
    return any(Capability.MANAGE_ACCOUNTS in ROLE_CAPABILITIES[role] for role in roles - ORGANISATION_ROLES)


def invitable_roles(user) -> list[Role]:
    """An administrator gives any role; a partner lead only partner roles, in their own organisation."""
    if manages_everyone(user):
        return list(Role)
    if manages_accounts(user):
        return [Role.PARTNER_EDITOR, Role.PARTNER_LEAD]
    return []


def may_invite(user, role: Role, partner: Partner | None) -> bool:
    if manages_everyone(user):
        return True
    own = organisation_of(user)
    return role in invitable_roles(user) and own is not None and partner is not None and partner.pk == own.pk


def may_change_account(user, target) -> bool:
    """Deactivate or reactivate: an administrator anyone but themselves; a partner lead their organisation's
    partner editors. Roles are read from the groups, as an inactive account has none for roles_of."""
    if target.pk == user.pk or not manages_accounts(user):
        return False
    if manages_everyone(user):
        return True
    own = organisation_of(user)
    names = set(target.groups.values_list("name", flat=True))
    membership = Membership.objects.filter(user=target).first()
    return (
        own is not None
        and membership is not None
        and membership.partner_id == own.pk
        and names == {Role.PARTNER_EDITOR.group_name}
        and not target.is_superuser
    )


def may_resend_invitation(user, target) -> bool:
    """Whoever may invite the person into their organisation and role may send the link again."""
    if target.pk == user.pk or not target.is_active or not manages_accounts(user):
        return False
    if manages_everyone(user):
        return True
    own = organisation_of(user)
    membership = Membership.objects.filter(user=target).first()
    names = set(target.groups.values_list("name", flat=True))
    partner_groups = {role.group_name for role in ORGANISATION_ROLES}
    return (
        own is not None
        and membership is not None
        and membership.partner_id == own.pk
        and bool(names)
        and names <= partner_groups
        and not target.is_superuser
    )


def require_account_change(user, target) -> None:
    if not may_change_account(user, target):
        log_refusal(user, f"change the account of {target.get_username()}")
        raise PermissionRefused("you may not change this account")


def ensure_groups() -> dict[Role, Group]:
    """Create the role groups with their admin-site permissions (idempotent; run after migrate)."""
    groups = {}
    for role, patterns in GROUP_MODEL_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.group_name)
        group.permissions.set(_permissions_matching(patterns))
        groups[role] = group
    return groups


def _permissions_matching(patterns: list[str]) -> list[Permission]:
    """'app.*' or 'app.view_*' or 'app.*_model' against the installed permissions."""
    chosen = []
    for permission in Permission.objects.select_related("content_type"):
        app, codename = permission.content_type.app_label, permission.codename
        for pattern in patterns:
            pattern_app, pattern_code = pattern.split(".")
            if app != pattern_app:
                continue
            if (
                pattern_code == "*"
                or (pattern_code.endswith("*") and codename.startswith(pattern_code[:-1]))
                or (pattern_code.startswith("*") and codename.endswith(pattern_code[1:]))
            ):
                chosen.append(permission)
                break
    return chosen
