"""One structured log line per request, each request with an id that every log line it causes carries.

The id is the `X-Request-ID` the load balancer sent when it is a plain token (so a request can be followed
from nginx to the application), else a new one; it is sent back in the response's `X-Request-ID`. The line
names the method, path, status, time taken and bytes sent. It leaves out the query string (a postcode
search is personal data) and the visitor's address (the load balancer's log has it, where it is needed).
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# Set for the length of a request, read by RequestIdFilter for every record logged meanwhile.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")

logger = logging.getLogger("onestockport.requests")


def request_id_for(request: HttpRequest) -> str:
    """The incoming id if it is a short token (anything else could forge log lines), else a fresh one."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if _ACCEPTABLE_ID.fullmatch(incoming) else uuid.uuid4().hex


def finish(request: HttpRequest, response: HttpResponse, request_id: str, started: float) -> HttpResponse:
    """Send the id back and write the request's line."""
    response[REQUEST_ID_HEADER] = request_id
    log_request(request, response.status_code, None if response.streaming else len(response.content), started)
    return response


def log_request(request: HttpRequest, status: int, size: int | None, started: float) -> None:
    """The request's one line (also written by page_cache.StoredPageApplication, which has no response)."""
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        status,
        extra={
            "method": request.method,
            "path": request.path,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "bytes": size,
        },
    )


class RequestLogMiddleware:
    """First in MIDDLEWARE, so the time it logs covers every other middleware too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            return finish(request, response, request_id, started)
        finally:
            current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request), for the formatters to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
