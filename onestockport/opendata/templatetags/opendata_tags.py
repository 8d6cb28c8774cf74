"""Words for the download page: a field's type as a reader would say it."""

from __future__ import annotations

from django import template

register = template.Library()

TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "date": "date (YYYY-MM-DD)",
    "boolean": "true or false",
}


@register.filter
def field_type(type_name: str) -> str:
    return TYPE_WORDS.get(type_name, type_name)
