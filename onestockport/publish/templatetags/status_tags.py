"""Statuses, comparisons and directions as the public pages show them: words first, a symbol beside them,
and a colour that only repeats what the words say. Also the links to the methods and the filtered lists."""

from __future__ import annotations

import datetime as dt

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from onestockport.indicators.overview import STATUS_LABELS
from onestockport.publish.methods import method_url as _method_url
from onestockport.stats.units import format_number, format_value

register = template.Library()

# status -> (symbol, GOV.UK tag colour); the symbol is hidden from screen readers, which read the words.
STATUS_STYLES: dict[str, tuple[str, str]] = {
    "improving": ("+", "govuk-tag--green"),
    "worsening": ("\u2212", "govuk-tag--red"),  # minus sign
    "mixed": ("\u00b1", "govuk-tag--orange"),
    "little-change": ("=", "os-tag--blue"),  # GOV.UK's default tag colour, named for the symbol
    "rising": ("\u2191", "govuk-tag--purple"),
    "falling": ("\u2193", "govuk-tag--purple"),
    "not-enough-data": ("\u25cb", "govuk-tag--grey"),  # white circle
    "no-data": ("\u25cb", "govuk-tag--grey"),
    "local-data-needed": ("\u25cb", "govuk-tag--grey"),
}
DIRECTION_WORDS: dict[str, tuple[str, str]] = {
    "rising": ("\u2191", "Rising"),
    "falling": ("\u2193", "Falling"),
    "little-change": ("\u2192", "Little change"),
    "too-few-points": ("\u2013", "Too few figures"),
    "not-assessed": ("\u2013", "Not assessed"),
}
JUDGEMENT_STYLES: dict[str, tuple[str, str]] = {
    "better": ("Better", "govuk-tag--green"),
    "worse": ("Worse", "govuk-tag--red"),
    "similar": ("Similar", "govuk-tag--yellow"),
    "higher": ("Higher", "govuk-tag--purple"),
    "lower": ("Lower", "govuk-tag--purple"),
    "not-compared": ("Not compared", "govuk-tag--grey"),
}
BASIS_WORDS = {
    "published-intervals": "the publisher's 95% confidence interval",
    "computed-intervals": "a 95% confidence interval worked out from the counts",
    "difference": "the size of the difference (no confidence interval is published)",
    "none": "",
}


def _status_context(status: str, *, lower: bool = False) -> dict:
    symbol, modifier = STATUS_STYLES.get(status, ("\u25cb", "govuk-tag--grey"))
    label = STATUS_LABELS.get(status, status.replace("-", " ").capitalize())
    return {"status": status, "symbol": symbol, "modifier": modifier, "label": label.lower() if lower else label}


@register.inclusion_tag("publish/partials/status_tag.html")
def status_tag(status: str) -> dict:
    """A GOV.UK tag: the status in words, with its symbol."""
    return _status_context(str(status))


@register.inclusion_tag("publish/partials/status_symbol.html")
def status_symbol(status: str) -> dict:
    """The status's symbol alone, coloured, for a count written in words beside it ('+ 2 improving')."""
    return _status_context(str(status))


@register.filter
def status_words(status: str) -> str:
    """'little change', 'not enough data': the status as words inside a sentence."""
    return _status_context(str(status), lower=True)["label"]


@register.inclusion_tag("publish/partials/judgement_tag.html")
def judgement_tag(judgement: str) -> dict:
    label, modifier = JUDGEMENT_STYLES.get(str(judgement), ("Not compared", "govuk-tag--grey"))
    return {"label": label, "modifier": modifier}


@register.filter
def direction_symbol(direction: str) -> str:
    return DIRECTION_WORDS.get(str(direction), ("\u2013", ""))[0]


@register.filter
def direction_label(direction: str) -> str:
    return DIRECTION_WORDS.get(str(direction), ("", "Not assessed"))[1]


BASIS_SHORT = {
    "published-intervals": "by its 95% confidence interval",
    "computed-intervals": "by an interval from its counts",
    "difference": "by the size of the difference",
}


@register.filter
def basis_words(basis: str) -> str:
    return BASIS_WORDS.get(str(basis), "")


@register.filter
def basis_short(basis: str) -> str:
    """How a comparison was made, in a few words for a table cell."""
    return BASIS_SHORT.get(str(basis), "")


@register.filter
def served_in(row, priority_slug: str) -> list:
    """The measures of one priority an overview row serves."""
    return row.serves_priority(priority_slug)


@register.simple_tag
def method_url(topic: str) -> str:
    """/methods/#section explaining the topic (a comparison basis, 'direction', 'status', ...)."""
    return _method_url(str(topic))


@register.simple_tag(takes_context=True)
def measures_url(context, priority_slug: str = "", wanted: str = "") -> str:
    """/measures/ filtered to a priority (and 'getting-worse' etc.); in a static copy, which cannot filter,
    the priority's section of the page."""
    base = reverse("publish:indicators")
    if context.get("static_export"):
        return base + (f"#{priority_slug}" if priority_slug else "")
    query = {key: value for key, value in (("priority", priority_slug), ("filter", wanted)) if value}
    return base + (f"?{urlencode(query)}" if query else "")


@register.simple_tag(takes_context=True)
def actions_url(context, priority_slug: str) -> str:
    """The actions list filtered to a priority; in a static copy, the priority page's actions."""
    if context.get("static_export"):
        return reverse("publish:priority", args=[priority_slug]) + "#actions"
    return reverse("publish:actions") + f"?{urlencode({'priority': priority_slug})}"


@register.filter
def figure_of(value: float | None, verdict) -> str:
    """A figure with the verdict's unit, at the publisher's precision: '3.50 tonnes CO2e per person'."""
    if value is None:
        return "\u2013"
    return format_value(value, verdict.indicator.unit, verdict.decimals)


@register.filter
def number_of(value: float | None, verdict) -> str:
    """A number at the verdict's precision, without its unit (interval limits)."""
    return "\u2013" if value is None else format_number(value, verdict.decimals)


@register.filter
def period_words(label: str) -> str:
    """A single-day period as words ('2025-09-30' -> '30 September 2025'); any other label as it is."""
    try:
        day = dt.date.fromisoformat(str(label))
    except ValueError:
        return label
    return f"{day.day} {day:%B %Y}"
