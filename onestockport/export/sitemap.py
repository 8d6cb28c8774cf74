"""sitemap.xml and robots.txt for the export, with absolute URLs under the address it is published at."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def sitemap_xml(*, base_url: str, page_paths: Iterable[str]) -> str:
    """A sitemap listing every page once, sorted; no dates, so the same site gives the same file."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(absolute(base_url, path))}</loc></url>" for path in sorted(page_paths)]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(*, base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(base_url, '/sitemap.xml')}\n"
