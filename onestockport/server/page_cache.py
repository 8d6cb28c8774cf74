"""Public pages from the shared cache, retired the moment published content changes, with ETag and Last-Modified.

A page is stored under the content version it was rendered with (onestockport.server.content_version), so
a change anywhere retires every stored page on every instance at once. Only what every visitor sees alike
is stored: a GET with no query string, from someone without a session (staff are never served a stored
page), that answered 200 with no cookie, nothing private, and did not vary on the cookie. Each stored page
carries an ETag (its bytes) and Last-Modified (when the content last changed); ConditionalGetMiddleware,
just outside this one, answers a matching conditional request with 304 and no body.

Placed after GZipMiddleware, so pages are stored uncompressed and compressed on the way out, and before the
session and authentication middleware, so a stored page skips them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import set_response_etag
from django.utils.http import http_date

from onestockport.publish.context_processors import is_static_export
from onestockport.security.headers import PRIVATE_PREFIXES

from .content_version import current_version

# Stored pages of a retired version are never read again; they age out after this long.
STORED_SECONDS = 24 * 60 * 60
UNCACHEABLE = ("private", "no-store", "no-cache")


def page_key(request: HttpRequest, token: str) -> str:
    # The host is part of it: a page can name its own address (feeds, the API's links).
    digest = hashlib.sha256(f"{request.get_host()}{request.path}".encode()).hexdigest()[:40]
    return f"onestockport:page:{token}:{digest}"


def may_be_stored(request: HttpRequest) -> bool:
    return (
        settings.ONESTOCKPORT_PAGE_CACHE
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(PRIVATE_PREFIXES)
        and not is_static_export(request)
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


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not may_be_stored(request):
            return self.get_response(request)
        version = current_version()
        key = page_key(request, version.token)
        stored = cache.get(key)
        if isinstance(stored, HttpResponse):
            stored["X-Cache"] = "hit"
            return stored
        response = self.get_response(request)
        if response_may_be_stored(request, response):
            response["Last-Modified"] = http_date(version.changed_at.timestamp())
            set_response_etag(response)
            cache.set(key, response, STORED_SECONDS)
            response["X-Cache"] = "miss"
        return response
