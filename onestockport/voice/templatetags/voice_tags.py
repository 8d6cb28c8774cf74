"""Resident voice on the plan's own pages: `{% load voice_tags %}{% priority_voice priority %}`, and the
comment form: `{% have_your_say priority %}`, `{% have_your_say action.priority action %}`."""

from __future__ import annotations

from django import template
from django.urls import reverse

from onestockport.plans.models import Action, Plan, Priority

from .. import selectors
from ..have_your_say import CommentForm, form_context
from ..plan_folder import voice_settings

register = template.Library()


@register.inclusion_tag("voice/partials/priority_voice.html")
def priority_voice(priority: Priority) -> dict:
    """Comment count and approved quotes for a priority, with links to its what-we-heard page."""
    return {"priority": priority, "voice": selectors.priority_voice(priority)}


@register.inclusion_tag("voice/partials/engagement_voice.html")
def engagement_voice(plan: Plan) -> dict:
    """Links from the plan's engagement summary to what we heard since."""
    return {"plan": plan, "overview": selectors.voice_overview(plan)}


@register.inclusion_tag("voice/partials/have_your_say.html", takes_context=True)
def have_your_say(context: template.Context, priority: Priority, action: Action | None = None) -> dict:
    """The comment form (no database query: the page stays within its query budget), unless the plan
    folder switches it off (voice/settings.yaml)."""
    if not voice_settings().have_your_say:
        return {"off": True}
    initial = {"priority": priority.slug, "action": action.number if action is not None else None}
    query = f"?priority={priority.slug}" + (f"&action={action.number}" if action is not None else "")
    return {
        "form": CommentForm(initial=initial),
        "priority": priority,
        "action": action,
        "form_url": reverse("voice:have-your-say") + query,
        "site_place": context.get("site_place"),
        "static_export": context.get("static_export", False),
        "live_site_url": context.get("live_site_url", ""),
        **form_context(),
    }
