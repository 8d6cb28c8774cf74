"""Public pages from the shared cache, retired the moment published content changes, with ETag and Last-Modified.

A page is stored under the content version it was rendered with (onestockport.server.content_version), so
a change anywhere retires every stored page on every instance at once. Only what every visitor sees alike
is stored: a GET with no query string, from someone without a session (staff are never served a stored
page), that answered 200 with no cookie, nothing private, and did not vary on the cookie.

The middleware sits near the top of MIDDLEWARE, so a stored page skips everything below it; it stores the
finished answer (security headers, compression, ETag), one copy for browsers that accept gzip and one for
those that do not, with Last-Modified (when content last changed). A conditional request whose copy is
current gets 304. Each process also keeps recently served pages in memory under the same keys: the version
is still read from the shared cache on every request, so a memory copy can never outlive its version.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe

from onestockport.publish.context_processors import is_static_export
from onestockport.security.headers import PRIVATE_PREFIXES

from .content_version import ContentVersion, current_version
from .request_log import REQUEST_ID_HEADER, current_request_id, finish, log_request, request_id_for

# Stored pages of a retired version are never read again; they age out after this long.
STORED_SECONDS = 24 * 60 * 60
MEMORY_PAGES = 500  # per process: every page of a plan, about 20 MB
UNCACHEABLE = ("private", "no-store", "no-cache")
PER_REQUEST_HEADERS = ("X-Request-ID", "X-Cache")
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware decides


@dataclass(frozen=True)
class StoredPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, response: HttpResponse) -> StoredPage:
        headers = tuple((name, value) for name, value in response.items() if name not in PER_REQUEST_HEADERS)
        return cls(response.content, headers)

    def response(self) -> HttpResponse:
        """A new response each time: the answer's headers are then set per request without touching the copy."""
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        return response


class _MemoryPages:
    """The most recently used stored pages of this process, by key (thread-safe, bounded)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[str, StoredPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> StoredPage | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: StoredPage) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


memory_pages = _MemoryPages(MEMORY_PAGES)


def page_key(request: HttpRequest, token: str) -> str:
    # The host is part of it (a page can name its own address), and so is whether the answer is gzipped.
    gzip = "gzip" if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"
    digest = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()[:40]
    return f"onestockport:page:{token}:{gzip}:{digest}"


def may_be_stored(request: HttpRequest) -> bool:
    return (
        settings.ONESTOCKPORT_PAGE_CACHE
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith((*PRIVATE_PREFIXES, settings.STATIC_URL))
        and not is_static_export(request)
        # in production a plain-HTTP request is redirected by SecurityMiddleware, below this one
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
    )


def response_may_be_stored(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and not any(word in cache_control for word in UNCACHEABLE)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
    )


def _answer(request: HttpRequest, page: StoredPage) -> HttpResponse:
    response = page.response()
    response["X-Cache"] = "hit"
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(request, etag=response.get("ETag"), last_modified=last_modified, response=response)


def _stored(request: HttpRequest) -> tuple[ContentVersion, str, StoredPage | None]:
    """The current version, the page's key under it, and the stored page, from memory or the shared cache."""
    version = current_version()
    key = page_key(request, version.token)
    page = memory_pages.get(key)
    if page is None and isinstance(found := cache.get(key), StoredPage):
        page = found
        memory_pages.put(key, page)
    return version, key, page


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not may_be_stored(request):
            return self.get_response(request)
        version, key, page = _stored(request)
        if page is not None:
            return _answer(request, page)
        response = self.get_response(request)
        if response_may_be_stored(request, response):
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            page = StoredPage.of(response)
            cache.set(key, page, STORED_SECONDS)
            memory_pages.put(key, page)
            response["X-Cache"] = "miss"
        return response


WSGIApplication = Callable[[dict, Callable[..., Any]], Iterable[bytes]]


class StoredPageApplication:
    """WSGI: a page this process holds in memory, answered before Django's request handling; else Django."""

    def __init__(self, application: WSGIApplication) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        # A cheap first test, so that every other request reaches Django with next to no delay.
        if environ.get("REQUEST_METHOD") == "GET" and not environ.get("QUERY_STRING"):
            started = time.perf_counter()
            request = WSGIRequest(environ)
            page = self._stored_page(request)
            if page is not None:
                request_id = request_id_for(request)
                if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
                    response = finish(request, _answer(request, page), request_id, started)  # maybe a 304
                    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
                    return [response.content]
                # The usual case, answered from the stored headers as they are, with no response object.
                token = current_request_id.set(request_id)
                log_request(request, 200, len(page.content), started)
                current_request_id.reset(token)
                start_response("200 OK", [*page.headers, (REQUEST_ID_HEADER, request_id), ("X-Cache", "hit")])
                return [page.content]
        return self.application(environ, start_response)

    @staticmethod
    def _stored_page(request: HttpRequest) -> StoredPage | None:
        try:
            if not may_be_stored(request):
                return None
            return memory_pages.get(page_key(request, current_version().token))
        except DisallowedHost:
            return None  # Django answers it (400), as it would without this
        except DatabaseError:
            # Django's request handling, which this skips, is what replaces a broken connection.
            connection.close()
            return None
