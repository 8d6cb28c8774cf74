"""The WSGI front that the server runs: a page held in memory is answered before Django's request handling,
with the same answer Django's page cache gives; everything else reaches Django unchanged."""

from __future__ import annotations

import io
import logging
import sys

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import DatabaseError, close_old_connections
from django.test import Client

from onestockport.plans.models import Priority
from onestockport.server import content_version
from onestockport.server.page_cache import StoredPageApplication, memory_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ONESTOCKPORT_PAGE_CACHE = True
    cache.clear()
    memory_pages.pages.clear()


@pytest.fixture
def priority_path(loaded_plan) -> str:
    return f"/priorities/{loaded_plan.priorities.order_by('position').first().slug}/"


class Django:
    """Django's own WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        # As Django's test client does: closing "old" connections would close the test's transaction.
        request_started.disconnect(close_old_connections)
        try:
            return self.handler(environ, start_response)
        finally:
            request_started.connect(close_old_connections)


def call(application, path: str, method: str = "GET", query: str = "", **headers: str):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    body = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], body


def test_a_stored_page_is_answered_before_django_with_the_same_page(priority_path, caplog):
    django = Django()
    application = StoredPageApplication(django)
    status, first_headers, first = call(application, priority_path)  # rendered and stored by Django
    assert (status, first_headers["X-Cache"], django.calls) == ("200 OK", "miss", 1)

    with caplog.at_level(logging.INFO, logger="onestockport.requests"):
        status, headers, body = call(application, priority_path, X_REQUEST_ID="front-1")
    assert django.calls == 1, "the stored page reached Django"
    assert (status, headers["X-Cache"], headers["X-Request-ID"]) == ("200 OK", "hit", "front-1")
    assert body == first
    for name in ("Content-Type", "ETag", "Last-Modified", "Content-Security-Policy", "X-Frame-Options"):
        assert headers[name] == first_headers[name]
    [line] = [record for record in caplog.records if getattr(record, "path", None) == priority_path]
    assert (line.status, line.bytes, line.request_id) == (200, len(body), "front-1")


def test_a_current_copy_gets_304_from_the_front(priority_path):
    django = Django()
    application = StoredPageApplication(django)
    _, headers, _ = call(application, priority_path)
    status, _, body = call(application, priority_path, IF_NONE_MATCH=headers["ETag"])
    assert (status, body, django.calls) == ("304 Not Modified", b"", 1)


@pytest.mark.parametrize(
    ("method", "query", "headers"),
    [
        ("GET", "page=2", {}),
        ("POST", "", {}),
        ("GET", "", {"COOKIE": "sessionid=abc"}),
        ("GET", "", {"HOST": "elsewhere.example"}),  # not an allowed host: Django answers 400
    ],
    ids=["query string", "POST", "a session", "a host not allowed"],
)
def test_anything_not_served_from_a_stored_page_reaches_django(priority_path, method, query, headers):
    django = Django()
    application = StoredPageApplication(django)
    call(application, priority_path)
    call(application, priority_path, method=method, query=query, **headers)
    assert django.calls == 2


@pytest.mark.django_db(transaction=True)  # commits for real: a test's own transaction never commits
def test_a_change_is_seen_at_once(priority_path):
    django = Django()
    application = StoredPageApplication(django)
    call(application, priority_path)
    Priority.objects.filter(slug=priority_path.split("/")[2]).update(name="A renamed priority")  # committed
    _, headers, body = call(application, priority_path)
    assert headers["X-Cache"] == "miss"
    assert django.calls == 2
    assert "A renamed priority" in body.decode()


def test_a_failed_read_of_the_version_leaves_the_request_to_django(priority_path, monkeypatch):
    call(StoredPageApplication(Django()), priority_path)  # stored, and held in this process's memory
    reached = []

    def downstream(environ, start_response):
        reached.append(environ["PATH_INFO"])
        start_response("503 Service Unavailable", [])
        return [b""]

    def broken():
        raise DatabaseError("server closed the connection unexpectedly")

    monkeypatch.setattr("onestockport.server.page_cache.current_version", broken)
    status, _, _ = call(StoredPageApplication(downstream), priority_path)
    assert (status, reached) == ("503 Service Unavailable", [priority_path])


def test_the_version_is_one_row_in_the_database():
    first = content_version.current_version()
    assert content_version.current_version() == first
    content_version.change_version()
    changed = content_version.current_version()
    assert changed.token != first.token
    assert changed.changed_at >= first.changed_at
    assert Client().get("/healthz").status_code == 200
