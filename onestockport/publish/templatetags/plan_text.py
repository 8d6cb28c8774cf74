"""Template filters for plan text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@register.filter
def emphasis(text: str) -> SafeString:
    """Escape the text, then render the plan file's **bold** markers as <strong>."""
    return mark_safe(_BOLD.sub(r"<strong>\1</strong>", escape(text)))  # the text is escaped first


@register.filter
def plain(text: str) -> str:
    """The text without **bold** markers, for titles and attributes."""
    return _BOLD.sub(r"\1", text)


@register.filter
def figure(value: float) -> str:
    """A figure as the plan writes it: 3800 -> '3,800', 103.4 -> '103.4'."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,}"


@register.inclusion_tag("publish/partials/breadcrumbs.html")
def breadcrumbs(*labels_and_urls: str) -> dict:
    """{% breadcrumbs "Home" "/" "Theme" "/themes/x/" %}: pairs of label and URL, outermost first."""
    pairs = list(zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True))
    return {"crumbs": pairs}
