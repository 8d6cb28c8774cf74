"""Template filters for plan text."""

from __future__ import annotations

import calendar
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


def is_count(value: object) -> bool:
    """True for a count the plan states (engagement counts may be None or "not stated")."""
    return isinstance(value, int | float) and not isinstance(value, bool)


register.filter("is_count", is_count)

_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


@register.simple_tag
def plan_shape(themes) -> str:
    """How the plan is built, from its data: 'Three themes, each with three priorities. Every priority has...'.

    `themes` come from plans.selectors.themes_with_priorities (priorities with an action_count).
    """
    sizes = [len(theme.priorities.all()) for theme in themes]
    priorities = [priority for theme in themes for priority in theme.priorities.all()]
    if len(set(sizes)) == 1 and 1 < len(sizes) < len(_NUMBER_WORDS) and 1 < sizes[0] < len(_NUMBER_WORDS):
        # Every theme has the same number of priorities: say so in words, as a plan would.
        shape = f"{_NUMBER_WORDS[len(sizes)].capitalize()} themes, each with {_NUMBER_WORDS[sizes[0]]} priorities."
    else:
        shape = f"{_counted(len(sizes), 'theme', 'themes')} and {_counted(len(priorities), 'priority', 'priorities')}."
    parts = [
        (all(priority.ambition for priority in priorities), "an ambition"),
        (all(priority.action_count for priority in priorities), "numbered actions"),
        (all(priority.measures.all() for priority in priorities), "measures of success"),
    ]
    has = [words for every, words in parts if every]
    if priorities and has:
        listed = has[0] if len(has) == 1 else ", ".join(has[:-1]) + " and " + has[-1]
        shape += f" Every priority has {listed}."
    return shape


@register.inclusion_tag("publish/partials/breadcrumbs.html")
def breadcrumbs(*labels_and_urls: str) -> dict:
    """{% breadcrumbs "Home" "/" "Theme" "/themes/x/" %}: pairs of label and URL, outermost first."""
    pairs = list(zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True))
    return {"crumbs": pairs}


@register.filter
def stat(value: float | None) -> str:
    """A statistic for a table: thousands separators, at most two decimals, a dash when missing."""
    if value is None:
        return "\u2013"
    if abs(value) >= 1000:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


COMPARISON_TAGS = {
    "better": ("Better", "govuk-tag--green"),
    "worse": ("Worse", "govuk-tag--red"),
    "similar": ("Similar", "govuk-tag--yellow"),
    "higher": ("Higher", "govuk-tag--blue"),
    "lower": ("Lower", "govuk-tag--blue"),
    "not-compared": ("Not compared", "govuk-tag--grey"),
}
TREND_TAGS = {
    "getting-better": ("Getting better", "govuk-tag--green"),
    "getting-worse": ("Getting worse", "govuk-tag--red"),
    "increasing": ("Increasing", "govuk-tag--blue"),
    "decreasing": ("Decreasing", "govuk-tag--blue"),
    "no-significant-change": ("No significant change", "govuk-tag--yellow"),
    "cannot-be-calculated": ("Trend not calculated", "govuk-tag--grey"),
}
TARGET_TAGS = {
    "achieved": ("Target achieved", "govuk-tag--green"),
    "on-track": ("On track", "govuk-tag--green"),
    "off-track": ("Off track", "govuk-tag--red"),
    "not-assessed": ("Not assessed", "govuk-tag--grey"),
}


@register.inclusion_tag("publish/partials/tag.html")
def verdict_tag(kind: str, value: str) -> dict:
    """A GOV.UK tag whose words carry the meaning; the colour only repeats it."""
    tags = {"comparison": COMPARISON_TAGS, "trend": TREND_TAGS, "target": TARGET_TAGS}[kind]
    label, modifier = tags.get(str(value), (str(value).replace("-", " ").capitalize(), "govuk-tag--grey"))
    return {"label": label, "modifier": modifier}


@register.filter
def due_label(by: str) -> str:
    """A commitment's date as precise as the plan gave it: '2030', 'August 2021', '31 December 2021'."""
    parts = by.split("-")
    if len(parts) == 1:
        return by
    month = calendar.month_name[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"
