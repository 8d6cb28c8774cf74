"""Who may do what with a case study, with delivery's roles and capabilities (no new ones):

- write (create, edit, add and remove images): Capability.EDIT_UPDATE, partners for their own organisation;
- submit for review: Capability.SUBMIT_UPDATE (a partner lead of the organisation, or the performance team);
- approve or return: Capability.REVIEW_UPDATE (the performance team);
- see a case study before it is approved: Capability.VIEW_UNPUBLISHED, partners for their own organisation.

A partner role acts on the case studies of its own organisation, as it acts on its organisation's actions.
Refusals are logged and raised by delivery's permissions module, so they show in the same log.
"""

from __future__ import annotations

from django.db.models import QuerySet

from onestockport.delivery import permissions
from onestockport.delivery.errors import PermissionRefused
from onestockport.delivery.permissions import ORGANISATION_ROLES, ROLE_CAPABILITIES, Capability
from onestockport.plans.models import Partner

from .models import CaseStudy

WRITE = Capability.EDIT_UPDATE
SUBMIT = Capability.SUBMIT_UPDATE
REVIEW = Capability.REVIEW_UPDATE
VIEW = Capability.VIEW_UNPUBLISHED


def can(user, capability: Capability, partner: Partner | None = None) -> bool:
    """Whether the user may do this; for a partner role only on its own organisation's case studies."""
    for role in permissions.roles_of(user):
        if capability not in ROLE_CAPABILITIES[role]:
            continue
        if role not in ORGANISATION_ROLES:
            return True
        own = permissions.organisation_of(user)
        if partner is not None and own is not None and own.pk == partner.pk:
            return True
    return False


def require(user, capability: Capability, partner: Partner | None = None) -> None:
    if can(user, capability, partner):
        return
    attempted = f"{capability.value} (case study)" + (f" of {partner.slug}" if partner is not None else "")
    permissions.log_refusal(user, attempted)
    raise PermissionRefused(f"you may not {capability.value} for a case study of this organisation")


def writes_for_everyone(user) -> bool:
    """The performance team writes for any organisation; a partner only for its own."""
    return any(WRITE in ROLE_CAPABILITIES[role] for role in permissions.roles_of(user) - ORGANISATION_ROLES)


def writable_partners(user, plan) -> QuerySet[Partner]:
    if writes_for_everyone(user):
        return Partner.objects.filter(plan=plan).order_by("name")
    own = permissions.organisation_of(user)
    if own is None or not can(user, WRITE, own):
        return Partner.objects.none()
    return Partner.objects.filter(pk=own.pk)


def may_see(user, case_study: CaseStudy) -> bool:
    return case_study.state == CaseStudy.State.APPROVED or can(user, VIEW, case_study.partner)


def visible_to(user, plan) -> QuerySet[CaseStudy]:
    """The staff list: every case study for the performance team, the organisation's own for a partner."""
    studies = CaseStudy.objects.filter(plan=plan).select_related("partner", "author")
    if any(VIEW in ROLE_CAPABILITIES[role] for role in permissions.roles_of(user) - ORGANISATION_ROLES):
        return studies
    own = permissions.organisation_of(user)
    if own is None or not can(user, VIEW, own):
        return studies.none()
    return studies.filter(partner=own)
