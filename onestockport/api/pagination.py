"""Limit/offset pages for every list endpoint, with the total count and links to the next and previous pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # far beyond any list here; keeps the database's own limits out of reach


@dataclass(frozen=True)
class Listing:
    """What a list endpoint returns: rows (a queryset or list) and how to turn one row into its JSON."""

    rows: Sequence[Any]
    serialize: Callable[[Any], dict]


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (1 to {MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip (0 for the first page).")

    class Output(Schema):
        count: int = Field(..., description="Items matching the request, on all pages.")
        limit: int
        offset: int
        next: str | None = Field(..., description="The next page's address, or null on the last page.")
        previous: str | None = Field(..., description="The previous page's address, or null on the first page.")
        items: list[Any]

    def paginate_queryset(self, queryset: Listing, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        limit, offset = pagination.limit, pagination.offset
        rows = queryset.rows
        count = rows.count() if hasattr(rows, "query") else len(rows)  # a queryset counts in the database
        page = rows[offset : offset + limit]
        return {
            "count": count,
            "limit": limit,
            "offset": offset,
            "next": _page_url(request, limit, offset + limit) if offset + limit < count else None,
            "previous": _page_url(request, limit, max(offset - limit, 0)) if offset > 0 else None,
            "items": [queryset.serialize(row) for row in page],
        }


def _page_url(request: HttpRequest, limit: int, offset: int) -> str:
    query = request.GET.copy()
    query["limit"], query["offset"] = str(limit), str(offset)
    return request.build_absolute_uri(request.path + "?" + urlencode(sorted(query.lists()), doseq=True))
