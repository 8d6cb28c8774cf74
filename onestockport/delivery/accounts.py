"""Accounts in the browser: invitations, password links, deactivation, and the People list.

An invited user has no usable password until they follow the emailed link; the link is Django's
password-reset token (default_token_generator), so it works once, ends when the password changes and
expires after PASSWORD_RESET_TIMEOUT seconds. Who may invite or change whom is `permissions.may_invite`
and `permissions.may_change_account`.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from onestockport.plans.models import Partner

from . import permissions
from .errors import DeliveryError, PermissionRefused
from .mail import compose, email_context, site_url
from .models import Membership
from .permissions import GROUP_NAMES, Role

logger = logging.getLogger(__name__)

INVITATION, RESET = "invitation", "reset"
# Password-reset requests per email address and per network address, per hour: enough for a typo or two,
# too few to flood someone's inbox or probe many addresses.
RESET_LIMIT_PER_EMAIL = 3
RESET_LIMIT_PER_ADDRESS = 20
RESET_WINDOW_SECONDS = 3600


class DuplicateAccount(DeliveryError):
    """An account already uses this email address."""


def link_days() -> int:
    return max(1, round(settings.PASSWORD_RESET_TIMEOUT / 86400))


def password_link(user) -> str:
    """The one-time "set your password" address, on the configured site address."""
    path = reverse(
        "delivery:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return site_url() + path


def send_password_email(user, kind: str, *, invited_by=None, role: Role | None = None, partner=None) -> None:
    context = email_context()
    site_name = context["site_name"]
    subject = (
        f"You have been invited to {site_name} delivery tracking"
        if kind == INVITATION
        else f"Set a new password for {site_name} delivery tracking"
    )
    context.update(
        {
            "user": user,
            "link": password_link(user),
            "days": link_days(),
            "invited_by": invited_by,
            "role": role,
            "partner": partner,
        }
    )
    compose(subject, f"{kind}.txt", context, user.email).send()


def email_in_use(email: str) -> bool:
    users = get_user_model().objects
    return users.filter(email__iexact=email).exists() or users.filter(username__iexact=email).exists()


def invite(*, by, email: str, name: str, role: Role, partner: Partner | None):
    """Create the account without a usable password, give it its role, and email the link.

    All or nothing: if the email cannot be sent, no account is left behind.
    """
    from .services import assign_role  # services imports much of delivery; keep this module light

    if not permissions.may_invite(by, role, partner):
        permissions.log_refusal(
            by, f"invite a {role.label.lower()} into {partner.slug if partner else 'no organisation'}"
        )
        raise PermissionRefused("you may not invite someone with this role into this organisation")
    if role in permissions.ORGANISATION_ROLES and partner is None:
        raise DeliveryError(f"a {role.label.lower()} must belong to a partner organisation")
    if role not in permissions.ORGANISATION_ROLES:
        partner = None
    email = email.strip()
    with transaction.atomic():
        if email_in_use(email):
            raise DuplicateAccount("an account already uses this email address")
        first, _, last = name.strip().partition(" ")
        user = get_user_model()(username=email.lower(), email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
        assign_role(user=user, role=role, partner=partner)
        send_password_email(user, INVITATION, invited_by=by, role=role, partner=partner)
    logger.info("invited: %s as %s by %s", user.username, role.value, by.get_username())
    return user


def _over_limit(key: str, limit: int) -> bool:
    """Count one more request under the key; whether it went past the limit within the window."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count > limit


def request_password_reset(email: str, address: str) -> bool:
    """Email a link if an active account has this address. The caller says the same thing either way.

    Returns False when the request was over the rate limit (nothing sent), True otherwise.
    """
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    if _over_limit(f"password-reset:email:{digest}", RESET_LIMIT_PER_EMAIL) or _over_limit(
        f"password-reset:address:{address}", RESET_LIMIT_PER_ADDRESS
    ):
        logger.warning("password reset refused: over the limit from %s", address)
        return False
    for user in get_user_model().objects.filter(email__iexact=email.strip(), is_active=True):
        send_password_email(user, RESET)
    return True


def end_sessions(user) -> int:
    """Delete the user's sessions (database sessions: each is decoded to find whose it is)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def set_active(*, by, target, active: bool) -> None:
    permissions.require_account_change(by, target)
    with transaction.atomic():
        target.is_active = active
        target.save(update_fields=["is_active"])
    if not active:
        end_sessions(target)
    logger.info("%s: %s by %s", "reactivated" if active else "deactivated", target.username, by.get_username())


def resend_invitation(*, by, target) -> None:
    """A fresh link for someone who has not set a password yet (the first may have expired)."""
    if state_of(target) != "Invited" or not permissions.may_resend_invitation(by, target):
        permissions.log_refusal(by, f"send the invitation of {target.get_username()} again")
        raise PermissionRefused("you may not send this person's invitation again")
    membership = Membership.objects.filter(user=target).select_related("partner").first()
    roles = [role for role, name in GROUP_NAMES.items() if target.groups.filter(name=name).exists()]
    send_password_email(
        target,
        INVITATION,
        invited_by=by,
        role=roles[0] if roles else None,
        partner=membership.partner if membership else None,
    )


@dataclass
class Person:
    user: object
    role: str
    organisation: Partner | None
    state: str  # "Active", "Invited" or "Deactivated"
    changeable: bool
    resendable: bool = False


def state_of(user) -> str:
    if not user.is_active:
        return "Deactivated"
    if not user.has_usable_password() and user.last_login is None:
        return "Invited"
    return "Active"


def people(viewer) -> list[Person]:
    """The accounts the viewer manages: every delivery account for an administrator, own organisation's for a lead."""
    users: QuerySet = get_user_model().objects.filter(groups__name__in=GROUP_NAMES.values()).distinct()
    if not permissions.manages_everyone(viewer):
        own = permissions.organisation_of(viewer)
        ids = Membership.objects.filter(partner=own).values("user_id") if own else []
        users = users.filter(pk__in=ids)
    memberships = {m.user_id: m.partner for m in Membership.objects.select_related("partner")}
    labels = {name: role.label for role, name in GROUP_NAMES.items()}
    rows = []
    for user in users.prefetch_related("groups").order_by("last_name", "first_name", "username"):
        names = [labels[g.name] for g in user.groups.all() if g.name in labels]
        rows.append(
            Person(
                user=user,
                role=", ".join(sorted(names)),
                organisation=memberships.get(user.pk),
                state=state_of(user),
                changeable=permissions.may_change_account(viewer, user),
                resendable=state_of(user) == "Invited" and permissions.may_resend_invitation(viewer, user),
            )
        )
    return rows
