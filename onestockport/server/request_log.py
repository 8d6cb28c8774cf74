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
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if _ACCEPTABLE_ID.fullmatch(incoming) else uuid.uuid4().hex


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
            response[REQUEST_ID_HEADER] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "bytes": None if response.streaming else len(response.content),
                },
            )
            return response
        finally:
            current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request), for the formatters to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
