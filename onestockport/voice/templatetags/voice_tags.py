"""Resident voice on the plan's own pages: `{% load voice_tags %}{% priority_voice priority %}`."""

from __future__ import annotations

from django import template

from onestockport.plans.models import Plan, Priority

from .. import selectors

register = template.Library()


@register.inclusion_tag("voice/partials/priority_voice.html")
def priority_voice(priority: Priority) -> dict:
    """Comment count and approved quotes for a priority, with links to its what-we-heard page."""
    return {"priority": priority, "voice": selectors.priority_voice(priority)}


@register.inclusion_tag("voice/partials/engagement_voice.html")
def engagement_voice(plan: Plan) -> dict:
    """Links from the plan's engagement summary to what we heard since."""
    return {"plan": plan, "overview": selectors.voice_overview(plan)}
