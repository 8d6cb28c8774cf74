"""Check a static export on disk as a visitor would use it: every internal link and asset must exist.

The export is checked as if served from `mount` (a sub-path such as "/plans/our-town/", or "/"): each
HTML page's links, images, scripts and stylesheets, and each stylesheet's url()s, are resolved the way a
browser resolves them and must land on a file inside the export. A link that resolves outside the mount
has escaped the export (it would break on a sub-path host), and a link with a query string would be
ignored by a static host. Absolute links to `base_url` (the 404 page's) count as internal; links to
`live_url` and other sites are listed, not followed. Used by the tests and by the benchmark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .references import Kind, Reference, css_references, html_references, source_maps

ORIGIN = "https://static-host.invalid"  # stands for whatever host serves the export
_ID = re.compile(r"""\s(?:id|name)=["']([^"']+)["']""")


class Outcome(StrEnum):
    FILE = "file"  # a file inside the export
    MISSING = "missing"  # inside the export, but no such file
    ESCAPES = "escapes"  # resolves outside the folder the export is served from
    QUERY = "query"  # internal, with a query string a static host ignores
    LIVE = "live"  # an absolute link to the live application
    EXTERNAL = "external"  # another site, or a non-HTTP URL (mailto:, data:)
    SAME_DOCUMENT = "same-document"  # "#fragment" only


@dataclass(frozen=True)
class Resolved:
    outcome: Outcome
    url: str  # absolute, as the browser would request it
    file: Path | None = None
    fragment: str = ""


@dataclass(frozen=True)
class Problem:
    source: str  # the export's file holding the link, e.g. "priorities/climate-friendly/index.html"
    url: str  # as written
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.url!r} {self.reason}"


@dataclass
class LinkReport:
    pages: int = 0
    stylesheets: int = 0
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    live_links: set[str] = field(default_factory=set)
    external_links: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


class ExportSite:
    """An export folder as served from `mount` on some host."""

    def __init__(self, root: Path, *, mount: str = "/", base_url: str | None = None, live_url: str | None = None):
        self.root = root.resolve()
        self.mount = "/" + mount.strip("/") + "/" if mount.strip("/") else "/"
        self.base_url = base_url.rstrip("/") + "/" if base_url else None
        self.live_url = live_url.rstrip("/") + "/" if live_url else None
        self._ids: dict[Path, set[str]] = {}

    def url_of(self, file: Path) -> str:
        """The address the file is served at; a folder's index.html is served at the folder's address."""
        relative = file.resolve().relative_to(self.root).as_posix()
        if relative == "index.html" or relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        return ORIGIN + self.mount + relative

    def html_files(self) -> Iterator[Path]:
        yield from sorted(self.root.rglob("*.html"))

    def references(self, file: Path) -> list[Reference]:
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".html":
            return html_references(text)
        if file.suffix == ".css":
            return css_references(text) + source_maps(text)
        if file.suffix in (".js", ".mjs"):
            return source_maps(text)
        return []

    def resolve(self, file: Path, url: str) -> Resolved:
        """Where the URL written in `file` leads."""
        if url.startswith("#"):
            return Resolved(Outcome.SAME_DOCUMENT, url, file, url[1:])
        if self.base_url and url.startswith(self.base_url):
            url = ORIGIN + self.mount + url[len(self.base_url) :]
        elif self.live_url and url.startswith(self.live_url):
            return Resolved(Outcome.LIVE, url)
        absolute = urljoin(self.url_of(file), url)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            return Resolved(Outcome.EXTERNAL, absolute)
        if not parts.path.startswith(self.mount):
            return Resolved(Outcome.ESCAPES, absolute)
        if parts.query:
            return Resolved(Outcome.QUERY, absolute)
        relative = unquote(parts.path[len(self.mount) :])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = (self.root / relative).resolve()
        if self.root not in target.parents or not target.is_file():
            return Resolved(Outcome.MISSING, absolute)
        return Resolved(Outcome.FILE, absolute, target, parts.fragment)

    def has_fragment(self, file: Path, fragment: str) -> bool:
        if file.suffix != ".html" or not fragment:
            return True
        if file not in self._ids:
            self._ids[file] = set(_ID.findall(file.read_text(encoding="utf-8")))
        return unquote(fragment) in self._ids[file]

    def loaded_files(self, page: Path) -> list[Path]:
        """The files a first visit to the page downloads: stylesheets, scripts, images, and what the
        stylesheets use (fonts, images), each once. Links the visitor might follow are not counted."""
        loaded: list[Path] = []
        queue = [page]
        while queue:
            current = queue.pop(0)
            for reference in self.references(current):
                if reference.kind is not Kind.RESOURCE:
                    continue
                resolved = self.resolve(current, reference.url)
                if resolved.outcome is Outcome.FILE and resolved.file not in loaded and resolved.file != page:
                    loaded.append(resolved.file)
                    if resolved.file.suffix == ".css":
                        queue.append(resolved.file)
        return loaded


_REASONS = {
    Outcome.MISSING: "leads to a file that is not in the export",
    Outcome.ESCAPES: "leads outside the folder the export is served from",
    Outcome.QUERY: "has a query string, which a static host ignores",
}


def check_export(
    root: Path, *, mount: str = "/", base_url: str | None = None, live_url: str | None = None
) -> LinkReport:
    """Check every link in the export's pages and stylesheets; the report lists each problem."""
    site = ExportSite(root, mount=mount, base_url=base_url, live_url=live_url)
    report = LinkReport()
    documents = list(site.html_files())
    report.pages = len(documents)
    documents += sorted(site.root.rglob("*.css")) + sorted(site.root.rglob("*.js"))
    for file in documents:
        report.stylesheets += file.suffix == ".css"
        source = file.relative_to(site.root).as_posix()
        for reference in site.references(file):
            report.checked += 1
            resolved = site.resolve(file, reference.url)
            if resolved.outcome in _REASONS:
                report.problems.append(Problem(source, reference.url, _REASONS[resolved.outcome]))
            elif resolved.outcome is Outcome.LIVE:
                report.live_links.add(reference.url)
            elif resolved.outcome is Outcome.EXTERNAL:
                report.external_links.add(reference.url)
            elif resolved.file is not None and not site.has_fragment(resolved.file, resolved.fragment):
                report.problems.append(Problem(source, reference.url, f"names #{resolved.fragment}, not on that page"))
    return report
