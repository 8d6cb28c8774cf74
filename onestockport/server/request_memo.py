"""Values computed once per page request: the same small read asked for by a view, its template tags and
the context processor (the plan's place, the actions' approved statuses) runs one query, not three.

Only for GET and HEAD: a request that writes may read again after its write and must see it. Outside a
request (commands, jobs) every call computes afresh.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")
_memo: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar("request_memo", default=None)


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
