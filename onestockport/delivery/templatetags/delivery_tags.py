"""Template tags that put delivery on the public pages and render GOV.UK form fields on staff pages.

Public templates need only `{% load delivery_tags %}` and a tag, so the publish views need no change.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from onestockport.plans.models import Action, Priority

from .. import selectors
from ..models import Status

register = template.Library()


@register.inclusion_tag("delivery/partials/action_progress.html", takes_context=True)
def action_delivery(context, action: Action) -> dict:
    """Latest approved status, milestones and the approved updates, for the public action page."""
    updates = list(selectors.approved_updates(action))
    today = timezone.localdate()
    complete = bool(updates) and updates[0].status == Status.COMPLETE
    milestones = [
        (row, not complete and row.done is None and row.due < today)  # overdue, by the rule in outcomes.py
        for row in selectors.action_milestones(action, public=True)
    ]
    return {
        "action": action,
        "latest": updates[0] if updates else None,
        "updates": updates,
        "milestones": milestones,
        "today": today,
        "request": getattr(context, "request", None),
    }


@register.inclusion_tag("delivery/partials/ownership_rows.html")
def action_ownership_rows(action: Action) -> dict:
    """Extra rows for the action page's 'Who delivers it' summary list."""
    return {"action": action}


@register.inclusion_tag("delivery/partials/status_counts.html")
def priority_status_counts(priority: Priority) -> dict:
    actions = list(priority.actions.all())
    return {"priority": priority, "counts": selectors.status_counts(actions), "total": len(actions)}


@register.inclusion_tag("delivery/partials/status_tag.html")
def status_tag(status: str) -> dict:
    return {"label": selectors.status_label(status), "tag": selectors.STATUS_TAGS.get(status, "govuk-tag--grey")}


@register.inclusion_tag("delivery/partials/demo_banner.html", takes_context=True)
def demo_banner(context) -> dict:
    """The 'Demonstration' warning when serving the demo database; once per page, wherever it is placed."""
    request = getattr(context, "request", None) or context.get("request")
    if not settings.ONESTOCKPORT_DEMO or getattr(request, "_demo_banner_shown", False):
        return {"demo": False}
    if request is not None:
        request._demo_banner_shown = True
    return {"demo": True}


@register.filter
def input_value(value) -> str:
    """A bound field's value for an <input>: dates as YYYY-MM-DD, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@register.filter
def is_checked(field, value) -> bool:
    """Whether a radio or checkbox value is selected in a bound field (values compared as text)."""
    current = field.value()
    if isinstance(current, list | tuple):
        return str(value) in {str(item.pk if hasattr(item, "pk") else item) for item in current}
    return current is not None and str(current) == str(value)


@register.filter
def is_overdue(row, today: dt.date) -> bool:
    return row.overdue(today)


@register.filter
def overdue_count(rows, today: dt.date) -> int:
    return sum(1 for row in rows if row.overdue(today))


@register.filter
def css_string(text: str) -> SafeString:
    """Text for inside a CSS "..." string in a <style> element, where HTML escapes do not apply."""
    escaped = "".join(f"\\{ord(char):x} " if char in '\\"<>&\n\r' else char for char in str(text))
    return mark_safe(escaped)  # every character that could end the string or the element is escaped


@register.filter
def iso_datetime(value: dt.datetime) -> str:
    """A machine-readable moment for <time datetime>: whole seconds, as HTML requires."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.filter
def thousands(value: int) -> str:
    return f"{int(value):,}"


@register.filter
def date_parts(value) -> dict[str, str]:
    """The day, month and year boxes' contents for a GOV.UK date field (fields.GovukDateField)."""
    from ..fields import date_parts as parts

    return parts(value)
