"""Render the public site in-process, page by page, following its links from the seeds.

Pages are rendered by Django's test Client against the configured database (no HTTP server), with the
WSGI environ marking each request as a static export so templates can leave out what needs a server.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.test import Client
from django.test.utils import override_settings

from onestockport.publish.context_processors import STATIC_EXPORT_ENVIRON_KEY

from .errors import PageRenderError
from .references import Reference, html_references
from .scope import Target, TargetKind, classify

# A path no site serves, rendered to get the site's own "Page not found" page.
NOT_FOUND_PROBE = "/onestockport-static-export-page-not-found/"

Progress = Callable[[int, int], None]
logger = logging.getLogger(__name__)


@contextlib.contextmanager
def _quiet_request_log() -> Iterator[None]:
    """Silence the per-request logs (Django's errors and the site's one line per request): the export reports
    a failing page itself, naming it once, and its progress on its own."""
    loggers = [logging.getLogger(name) for name in ("django.request", "onestockport.requests")]
    levels = [request_log.level for request_log in loggers]
    for request_log in loggers:
        request_log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for request_log, level in zip(loggers, levels, strict=True):
            request_log.setLevel(level)


@dataclass(frozen=True)
class Document:
    """One rendered page or download."""

    path: str
    body: bytes
    content_type: str

    @property
    def is_html(self) -> bool:
        return self.content_type.split(";")[0].strip().lower() == "text/html"

    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Crawl:
    documents: dict[str, Document] = field(default_factory=dict)
    # Each HTML document's references, classified: kept so that rewriting need not parse again.
    references: dict[str, list[tuple[Reference, Target]]] = field(default_factory=dict)
    assets: dict[str, str] = field(default_factory=dict)  # static path -> first document referring to it


class Renderer:
    """Renders site paths with the test Client, as the live site at live_url would serve them."""

    def __init__(self, *, live_url: str) -> None:
        parts = urlsplit(live_url)
        self.live_url = live_url
        self.host = parts.hostname or "localhost"
        # Absolute URLs a view builds (request.build_absolute_uri) name the live site.
        self.client = Client(HTTP_HOST=parts.netloc or self.host, **{STATIC_EXPORT_ENVIRON_KEY: True})
        self.secure = parts.scheme == "https"

    @contextlib.contextmanager
    def configured(self) -> Iterator[None]:
        """Settings for export requests: the live host is allowed, templates link to the live site, and
        Django's per-request log is silenced (a failing page is reported once, by name)."""
        with (
            override_settings(
                ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, self.host],
                SECURE_SSL_REDIRECT=False,
                ONESTOCKPORT_SITE_URL=self.live_url,
            ),
            _quiet_request_log(),
        ):
            yield

    def get(self, path: str, *, expect: int = 200, referrer: str | None = None) -> Document:
        where = f"{path} (linked from {referrer})" if referrer else path
        try:
            response = self.client.get(path, secure=self.secure)
        except Exception as exc:  # any failure of a view: name the page; the traceback goes to the debug log
            logger.debug("rendering %s failed", path, exc_info=True)
            raise PageRenderError(f"{where} failed to render: {type(exc).__name__}: {exc}") from exc
        if response.status_code != expect:
            location = f" to {response['Location']}" if response.has_header("Location") else ""
            raise PageRenderError(f"{where} returned HTTP {response.status_code}{location}, expected {expect}")
        body = b"".join(response) if response.streaming else response.content
        return Document(path=path, body=body, content_type=response.get("Content-Type", ""))

    def not_found_page(self) -> Document:
        """The site's own "Page not found" page, rendered for a path nothing serves."""
        return self.get(NOT_FOUND_PROBE, expect=404)


Rendered = tuple[Document, list[tuple[Reference, Target]]]
RenderBatch = Callable[[list[tuple[str, str | None]]], Iterable[Rendered]]
_worker_renderer: Renderer | None = None  # set before the worker processes fork, so each inherits it


def _render(renderer: Renderer, path: str, referrer: str | None) -> Rendered:
    """Render one path and classify the references of an HTML page (done where it is rendered)."""
    document = renderer.get(path, referrer=referrer)
    if not document.is_html:
        return document, []
    return document, [(ref, classify(ref.url, source=path)) for ref in html_references(document.text())]


def _render_in_worker(task: tuple[str, str | None]) -> Rendered:
    assert _worker_renderer is not None
    return _render(_worker_renderer, *task)


@contextlib.contextmanager
def _renderers(renderer: Renderer, workers: int) -> Iterator[RenderBatch]:
    """A function rendering a batch of (path, referrer): in this process, or spread over forked workers.

    Workers are forked, so they share the configured settings and collected static files; each opens its
    own database connection (the parent's are closed first: a connection must not cross a fork).
    """
    if workers <= 1:
        yield lambda tasks: (_render(renderer, path, referrer) for path, referrer in tasks)
        return
    global _worker_renderer
    connections.close_all()
    _worker_renderer = renderer
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield lambda tasks: pool.imap_unordered(_render_in_worker, tasks, chunksize=4)
    finally:
        _worker_renderer = None


def crawl_site(
    *, renderer: Renderer, seeds: Iterable[str], progress: Progress | None = None, workers: int = 1
) -> Crawl:
    """Render every seed and every page they link to, level by level; a page that fails stops the crawl.

    Each level is rendered in any order (in parallel with workers > 1), then its links are read in path
    order, so the result, and which page is named as a broken link's referrer, never depends on timing.
    """
    result = Crawl()
    referrers: dict[str, str | None] = dict.fromkeys(seeds)
    level = list(referrers)
    with _renderers(renderer, workers) as render:
        while level:
            for document, classified in render([(path, referrers[path]) for path in level]):
                result.documents[document.path] = document
                if document.is_html:
                    result.references[document.path] = classified
                if progress:
                    progress(len(result.documents), len(referrers))
            following = []
            for path in sorted(level):
                for _, target in result.references.get(path, []):
                    if target.kind is TargetKind.PAGE and target.path not in referrers:
                        referrers[target.path] = path
                        following.append(target.path)
                    elif target.kind is TargetKind.ASSET:
                        result.assets.setdefault(target.path, path)
            level = following
    return result


def can_fork_workers() -> bool:
    """Whether rendering may be spread over forked processes: each must be able to open the database
    itself, which an in-memory SQLite database or an open transaction (as in tests) does not allow."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    for connection in connections.all():
        if connection.in_atomic_block:
            return False
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            return False
    return True
