"""Case studies on the public priority and action pages, and the staff menu's link to them."""

from __future__ import annotations

from django import template

from onestockport.delivery.permissions import Capability
from onestockport.plans.models import Action, Priority

from .. import access, selectors

register = template.Library()


@register.simple_tag
def priority_case_studies(priority: Priority) -> dict:
    """The priority's approved case studies and, for each title the plan lists with none yet, "to come":
    read once (`{% priority_case_studies priority as found %}`), for the contents and the section."""
    approved = selectors.approved_for_priority(priority)
    to_come = selectors.titles_to_come(priority, approved)
    return {"approved": approved, "to_come": to_come, "any": bool(approved or to_come)}


@register.inclusion_tag("casestudies/partials/action_case_studies.html")
def action_case_studies(action: Action) -> dict:
    return {"action": action, "approved": selectors.approved_for_action(action)}


@register.simple_tag(takes_context=True)
def sees_case_studies(context) -> bool:
    """Whether the staff menu shows "Case studies": anyone who writes, or reviews, them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return False
    return access.can(user, Capability.VIEW_UNPUBLISHED, access.permissions.organisation_of(user))
