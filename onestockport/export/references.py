"""Find the URLs in HTML, CSS and JavaScript, with their positions, so they can be checked or rewritten.

Regular expressions over the markup the site's own templates produce (quoted attributes, escaped text),
not a general HTML parser: they are fast, and they give the exact offsets a rewrite needs. Comments, the
text of pages and the contents of scripts are never mistaken for attributes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    LINK = "link"  # followed by the visitor: a[href], form[action], link[rel=canonical]...
    RESOURCE = "resource"  # loaded with the page: stylesheets, scripts, images, fonts


@dataclass(frozen=True)
class Reference:
    start: int  # offsets of the URL as written (HTML-escaped in markup)
    end: int
    url: str  # the URL itself, unescaped
    kind: Kind
    escaped: bool = False  # written HTML-escaped (an attribute value)


# One token of an HTML document: a comment, a script or style element with its contents, or a start tag.
_HTML_TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b(?P<raw_attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<body>.*?)</(?P=raw)\s*>"
    r"|<(?P<tag>[a-zA-Z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"')]+))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Static and dynamic imports in module scripts: `import x from "..."`, `import "..."`, `import("...")`.
_JS_IMPORT = re.compile(r"""\bimport\b(?:[\w\s{},*$]*?\bfrom\s*|\s*\(\s*|\s*)(?:"([^"]+)"|'([^']+)')""")
# "//# sourceMappingURL=x.map" in scripts (minified ones put it on their last line), "/*# ... */" in CSS.
_SOURCE_MAP = re.compile(r"/[/*][#@] sourceMappingURL=([^\s*]+)")

# Attributes holding one URL, by element ("*" for any element). Values are the kind of reference.
_URL_ATTRIBUTES: dict[str, dict[str, Kind]] = {
    "a": {"href": Kind.LINK},
    "area": {"href": Kind.LINK},
    "form": {"action": Kind.LINK},
    "button": {"formaction": Kind.LINK},
    "blockquote": {"cite": Kind.LINK},
    "q": {"cite": Kind.LINK},
    "img": {"src": Kind.RESOURCE},
    "source": {"src": Kind.RESOURCE},
    "track": {"src": Kind.RESOURCE},
    "audio": {"src": Kind.RESOURCE},
    "video": {"src": Kind.RESOURCE, "poster": Kind.RESOURCE},
    "iframe": {"src": Kind.RESOURCE},
    "embed": {"src": Kind.RESOURCE},
    "input": {"src": Kind.RESOURCE},
    "object": {"data": Kind.RESOURCE},
    "script": {"src": Kind.RESOURCE, "data-govuk-frontend": Kind.RESOURCE},  # loaded by init.js
    "image": {"href": Kind.RESOURCE, "xlink:href": Kind.RESOURCE},
    "use": {"href": Kind.RESOURCE, "xlink:href": Kind.RESOURCE},
}
# <link rel=...> values that make the browser fetch the file with the page.
_LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}


def _attributes(text: str, offset: int) -> Iterable[tuple[str, str | None, int, int]]:
    """(name, raw value, start, end) of each attribute in a start tag's attribute text."""
    for match in _ATTRIBUTE.finditer(text):
        for group in (2, 3, 4):
            if match.group(group) is not None:
                yield match.group(1).lower(), match.group(group), offset + match.start(group), offset + match.end(group)
                break
        else:
            yield match.group(1).lower(), None, offset + match.end(1), offset + match.end(1)


def _srcset(value: str, start: int) -> Iterable[Reference]:
    """Each candidate URL of a srcset attribute ("a.png 1x, b.png 2x")."""
    for match in re.finditer(r"(?:^|,)\s*([^\s,][^\s]*)", value):
        url = match.group(1).rstrip(",")
        begin = start + match.start(1)
        yield Reference(begin, begin + len(url), html.unescape(url), Kind.RESOURCE, escaped=True)


def _tag_references(tag: str, attrs: str, offset: int) -> Iterable[Reference]:
    wanted = _URL_ATTRIBUTES.get(tag, {})
    if not wanted and tag != "link" and "style" not in attrs and "srcset" not in attrs:
        return  # most tags (an SVG map's thousands of paths) can hold no URL: skip parsing their attributes
    found = list(_attributes(attrs, offset))
    rel = {value.lower() for name, raw, _, _ in found if name == "rel" and raw for value in html.unescape(raw).split()}
    for name, raw, start, end in found:
        if raw is None:
            continue
        if tag == "link" and name == "href":
            kind = Kind.RESOURCE if rel & _LOADED_LINK_RELS else Kind.LINK
            yield Reference(start, end, html.unescape(raw), kind, escaped=True)
        elif name in wanted:
            yield Reference(start, end, html.unescape(raw), wanted[name], escaped=True)
        elif name == "srcset" and tag in ("img", "source"):
            yield from _srcset(raw, start)
        elif name == "style":
            # CSS inside an attribute is HTML-escaped too; entities rarely appear in url() values.
            yield from (
                Reference(ref.start, ref.end, html.unescape(ref.url), ref.kind, escaped=True)
                for ref in css_references(raw, offset=start)
            )


def html_references(text: str) -> list[Reference]:
    """Every URL in the document's start tags, inline stylesheets and module-script imports."""
    references: list[Reference] = []
    for token in _HTML_TOKEN.finditer(text):
        if token.group("raw"):
            raw = token.group("raw").lower()
            references.extend(_tag_references(raw, token.group("raw_attrs"), token.start("raw_attrs")))
            body, start = token.group("body"), token.start("body")
            if raw == "style":
                references.extend(css_references(body, offset=start))
            else:
                references.extend(script_imports(body, offset=start))
        elif token.group("tag"):
            references.extend(_tag_references(token.group("tag").lower(), token.group("attrs"), token.start("attrs")))
    return references


def css_references(text: str, *, offset: int = 0) -> list[Reference]:
    """url(...) and @import "..." in a stylesheet."""
    references = []
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(text):
            group = next(g for g in (1, 2, 3) if g <= pattern.groups and match.group(g) is not None)
            begin, end = offset + match.start(group), offset + match.end(group)
            references.append(Reference(begin, end, match.group(group), Kind.RESOURCE))
    return sorted(references, key=lambda ref: ref.start)


def script_imports(text: str, *, offset: int = 0) -> list[Reference]:
    """Module specifiers a script imports."""
    references = []
    for match in _JS_IMPORT.finditer(text):
        group = 1 if match.group(1) is not None else 2
        begin, end = offset + match.start(group), offset + match.end(group)
        references.append(Reference(begin, end, match.group(group), Kind.RESOURCE))
    return references


def source_maps(text: str) -> list[Reference]:
    """The source map a compiled script or stylesheet names (fetched only by developer tools)."""
    return [Reference(m.start(1), m.end(1), m.group(1), Kind.LINK) for m in _SOURCE_MAP.finditer(text)]


def replace_urls(text: str, references: Iterable[Reference], new_url: Callable[[Reference], str | None]) -> str:
    """The text with each reference's URL replaced by new_url(reference); None or the same URL leaves it."""
    parts: list[str] = []
    position = 0
    for reference in sorted(references, key=lambda ref: ref.start):
        replacement = new_url(reference)
        if replacement is None or replacement == reference.url:
            continue
        parts.append(text[position : reference.start])
        parts.append(html.escape(replacement, quote=True) if reference.escaped else replacement)
        position = reference.end
    parts.append(text[position:])
    return "".join(parts)
