"""What the permission matrix is made of: a cell (what one attempt did) and an endpoint (who may).

Each attempt takes (world, client, role, tmp) and returns a Cell; `wrap` turns one returning
(wrote, status, location) into that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from .conftest import World


@dataclass
class Cell:
    """What one attempt did: whether the write happened, and how the request was answered."""

    wrote: bool
    status: int | None = None
    location: str = ""


@dataclass(frozen=True)
class Endpoint:
    name: str
    kind: str  # "url", "admin", "command", "read"
    allowed: frozenset[str]
    attempt: Callable[[World, Client | None, str, object], Cell]


def read(url_of: Callable[[World], str], content: bytes):
    def attempt(world, client, role, tmp):
        response = client.get(url_of(world))
        body = response.content if not response.streaming else b"".join(response.streaming_content)
        return Cell(response.status_code == 200 and content in body, response.status_code, response.get("Location", ""))

    return attempt


def wrap(attempt_of: Callable[..., tuple[bool, int, str]]):
    def attempt(world, client, role, tmp):
        return Cell(*attempt_of(world, client, role, tmp))

    return attempt
