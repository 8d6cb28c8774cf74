"""Rendering the project's Markdown documents (e.g. docs/methods.md) as GOV.UK-styled HTML."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.utils.text import slugify
from markdown_it import MarkdownIt

# GOV.UK Frontend classes for the elements Markdown produces.
CLASSES = {
    "h1": "govuk-heading-xl",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "tr": "govuk-table__row",
    "blockquote": "govuk-inset-text",
}


def _parser() -> MarkdownIt:
    # "js-default" escapes raw HTML in the source, so a document cannot inject markup.
    parser = MarkdownIt("js-default").enable("table")

    def add_class(self, tokens, index, options, env):
        token = tokens[index]
        if token.type == "heading_open":
            # An id from the heading's words, so pages can link to a section (/methods/#when-a-difference-matters).
            token.attrSet("id", _unique_id(slugify(tokens[index + 1].content), env.setdefault("ids", set())))
        if token.tag in CLASSES:
            token.attrSet("class", CLASSES[token.tag])
        return parser.renderer.renderToken(tokens, index, options, env)

    for rule in (
        "heading_open",
        "paragraph_open",
        "bullet_list_open",
        "ordered_list_open",
        "link_open",
        "table_open",
        "th_open",
        "td_open",
        "tr_open",
        "blockquote_open",
    ):
        parser.add_render_rule(rule, add_class)
    return parser


def _unique_id(slug: str, taken: set[str]) -> str:
    candidate, number = slug or "section", 1
    while candidate in taken:
        number += 1
        candidate = f"{slug or 'section'}-{number}"
    taken.add(candidate)
    return candidate


@cache
def render_document(path: Path, words: tuple[tuple[str, str], ...] = ()) -> tuple[str, str]:
    """(title, body HTML) of a Markdown file: its first heading is the title, the rest the body.

    `words` fill the document's placeholders before it is parsed, e.g. (("{place}", "Our Town"),): the
    documents name no place, the site's plan does.
    """
    text = path.read_text(encoding="utf-8")
    for placeholder, value in words:
        text = text.replace(placeholder, value)
    first, _, rest = text.partition("\n")
    return first.lstrip("# ").strip(), _parser().render(rest)
