"""HTTP rules for the public, read-only API: GET and HEAD only, ETags, caching and open CORS.

`public_read_only` wraps each of the API's URL patterns, so every endpoint (and the OpenAPI schema)
follows the same rules without each one repeating them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern
from django.utils.cache import get_conditional_response, patch_cache_control

MAX_AGE = 300  # seconds a client or cache may reuse an answer before asking again
SAFE_METHODS = ("GET", "HEAD")


def public_read_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            response = JsonResponse(
                {"detail": f"Method {request.method} is not allowed: this API is read-only (GET and HEAD)."},
                status=405,
            )
            response["Allow"] = ", ".join(SAFE_METHODS)
            return _open(response)
        head = request.method == "HEAD"
        request.method = "GET"  # a HEAD is answered as the GET would be, without the body
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD" if head else "GET"
        if response.status_code == 200:
            response = _validated(request, response)
        else:
            patch_cache_control(response, no_store=True)
        if head and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return _open(response)

    wrapper.csrf_exempt = True  # no cookies are read: a cross-site request can do nothing here
    return wrapper


def _validated(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A strong ETag from the body, a public cache lifetime, and 304 when the client's copy is current."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


def _open(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def read_only_patterns(patterns: list) -> list[URLPattern]:
    """The same URL patterns, each view wrapped by public_read_only."""
    return [URLPattern(p.pattern, public_read_only(p.callback), p.default_args, p.name) for p in patterns]
