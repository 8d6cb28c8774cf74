"""What the static export contains: which site paths are exported and where each one is written.

Paths here are URL paths of the live application ("/priorities/climate-friendly/"), always with a leading
slash. The export holds every public page and download; the partner sign-in, the admin and the JSON API
endpoints need a server, so links to them go to the live site instead.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urljoin, urlsplit

from .errors import ExportError

# Served only by the live application: links to these become absolute links to the live site.
# /have-your-say/ takes comments (a POST), so a static copy links to the live site's form instead.
LIVE_ONLY_PREFIXES = ("/admin/", "/delivery/", "/api/", "/have-your-say/")
# Exceptions under those prefixes that are plain documents and so are exported.
EXPORTED_UNDER_LIVE_PREFIXES = frozenset({"/api/", "/api/v1/openapi.json"})

# The file a previous export leaves in its folder, so that a rebuild may replace it (and nothing else).
MARKER_FILE = ".onestockport-export"
MARKER_TEXT = "This folder is a static export of the plan's site; `onestockport site build` replaces it.\n"


class LinkStyle(StrEnum):
    """How links to pages are written."""

    DIRECTORY = "directory"  # "../actions/": for web servers, which serve index.html for a folder
    FILE = "file"  # "../actions/index.html": for opening the files straight from a disk or USB stick


def is_live_only(path: str) -> bool:
    """True when the path exists only on the live application (sign-in, admin, JSON API)."""
    if path in EXPORTED_UNDER_LIVE_PREFIXES:
        return False
    return path.startswith(LIVE_ONLY_PREFIXES)


def is_page_path(path: str) -> bool:
    """Pages end in a slash and are written as index.html; anything else is a file under its own name."""
    return path.endswith("/")


def output_name(path: str) -> str:
    """The file, relative to the export's root, that holds the site path ("/a/b/" -> "a/b/index.html")."""
    name = unquote(path).lstrip("/")
    if is_page_path(path):
        name += "index.html"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ExportError(f"cannot export the path {path!r}: it is not a plain path")
    return name


def relative_url(*, source: str, target: str, link_style: LinkStyle) -> str:
    """The relative URL from the document at site path `source` to site path `target`.

    A page ("/a/b/") resolves relative URLs against itself; a file ("/static/x/site.css") against its
    folder. Relative URLs keep working wherever the export is mounted: a domain root, a sub-path or a disk.
    """
    base = source if source.endswith("/") else posixpath.dirname(source) + "/"
    if target.endswith("/"):
        relative = posixpath.relpath(target, base)
        relative = "./" if relative == "." else relative + "/"
        if link_style is LinkStyle.FILE:
            relative += "index.html"
        return relative
    return posixpath.relpath(target, base)


class TargetKind(StrEnum):
    PAGE = "page"  # an exported page or download
    ASSET = "asset"  # a static file (stylesheet, script, font, image)
    LIVE = "live"  # needs the live application: sign-in, admin, JSON API, anything with a query string
    UNCHANGED = "unchanged"  # external, a fragment of the same document, data: and the like


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    path: str = ""
    query: str = ""
    fragment: str = ""


def classify(url: str, *, source: str, static_url: str = "/static/") -> Target:
    """What a URL found in the document at site path `source` points at."""
    if not url or url.startswith("#"):
        return Target(TargetKind.UNCHANGED)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return Target(TargetKind.UNCHANGED)  # external, mailto:, data:, or an absolute link already
    path = urljoin(source, parts.path) if parts.path else source
    if path.startswith(static_url):
        return Target(TargetKind.ASSET, path, parts.query, parts.fragment)
    if parts.query or is_live_only(path):
        # A static host ignores query strings: a filtered list would silently show everything.
        return Target(TargetKind.LIVE, path, parts.query, parts.fragment)
    return Target(TargetKind.PAGE, path, "", parts.fragment)
