"""Request bodies over ONESTOCKPORT_UPLOAD_MAX_BYTES are refused before they are read (413).

Two checks, both reading the limit from `onestockport.limits`:

* `RequestBodyLimitMiddleware` refuses a request whose declared Content-Length is over the limit without
  reading a byte of its body, and parses a multipart body itself, before any other middleware, so that:
* `UploadLimitHandler` (first in FILE_UPLOAD_HANDLERS) can stop a multipart upload as soon as the bytes that
  actually arrive pass the limit, whatever was declared, without reading the rest.

A proxy in front of the site should cap request bodies too (docs/security.md).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from onestockport import limits

# Set on the request by UploadLimitHandler when it stopped an upload; the middleware answers 413.
REFUSED_ATTRIBUTE = "_onestockport_upload_refused"


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    # (No "Connection: close": WSGI forbids hop-by-hop headers; the server or proxy decides about the connection.)
    return render(request, "security/request_too_large.html", {"limit": filesizeformat(limit)}, status=413)


class RequestBodyLimitMiddleware:
    """413 for a body over the limit, decided before the body is read. Placed before anything that reads it
    (CsrfViewMiddleware reads request.POST)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = limits.current().upload_max_bytes
        if declared_length(request) > limit:
            return too_large(request, limit)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            # Parse now, through UploadLimitHandler, so an upload it stops never reaches a view half-read.
            # A client that went away mid-upload is left to the CSRF check, as Django does.
            with contextlib.suppress(UnreadablePostError):
                request.POST  # noqa: B018 - read for its side effect
            if getattr(request, REFUSED_ATTRIBUTE, False):
                return too_large(request, limit)
        return self.get_response(request)


class UploadLimitHandler(FileUploadHandler):
    """Counts the file bytes of a multipart body as they stream in and stops the upload past the limit.

    It passes every chunk on to the next handler (Django's memory or temporary-file handler) untouched.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = limits.current().upload_max_bytes
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                setattr(self.request, REFUSED_ATTRIBUTE, True)
            # connection_reset: stop reading the body here instead of draining the rest of it.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler returns the file
