"""Public pages from the shared cache: stored once, retired by any committed write to published content."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from onestockport.plans.models import Priority
from onestockport.server.content_version import current_version, writes_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ONESTOCKPORT_PAGE_CACHE = True
    cache.clear()


@pytest.fixture
def priority_path(loaded_plan) -> str:
    return f"/priorities/{loaded_plan.priorities.order_by('position').first().slug}/"


def test_a_public_page_is_stored_then_served_from_the_cache(client, priority_path):
    first = client.get(priority_path)
    second = client.get(priority_path)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert "Content-Security-Policy" in second  # added to every answer, stored or not


def test_a_visitors_current_copy_gets_304(client, priority_path):
    page = client.get(priority_path)
    assert client.get(priority_path, HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304
    assert client.get(priority_path, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"]).status_code == 304
    assert client.get(priority_path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


# These two commit for real (a test's own transaction never commits, so its changes would retire nothing).
@pytest.mark.django_db(transaction=True)
def test_a_committed_change_retires_the_stored_page_at_once(client, priority_path, monkeypatch):
    changes = []
    monkeypatch.setattr("onestockport.server.content_version.change_version", lambda: changes.append(1))
    slug = priority_path.split("/")[2]
    with transaction.atomic():
        # bulk updates: no model signal is sent, the statements themselves are seen
        Priority.objects.filter(slug=slug).update(name="A renamed priority")
        Priority.objects.filter(slug=slug).update(ambition="Also changed")
    assert changes == [1]  # one change per transaction, however many statements
    monkeypatch.undo()

    client.get(priority_path)
    before = current_version()
    Priority.objects.filter(slug=slug).update(name="Renamed again")  # outside a transaction: at once
    assert current_version().token != before.token
    page = client.get(priority_path)
    assert page["X-Cache"] == "miss"
    assert "Renamed again" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_retires_nothing(loaded_plan):
    def rename_then_fail() -> None:
        with transaction.atomic():
            Priority.objects.filter(plan=loaded_plan).update(name="Never published")
            raise RuntimeError

    before = current_version()
    with pytest.raises(RuntimeError):
        rename_then_fail()
    assert current_version() == before


def test_writes_outside_published_content_keep_the_stored_pages(django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cache.set("something", 1)
        Client().force_login(get_user_model().objects.create_user("someone", password="x"))
    assert callbacks == []
    assert current_version() == before


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "plans_priority" ("name") VALUES (%s)', True),
        ('UPDATE "indicators_observation" SET "is_current" = false', True),
        ('DELETE FROM "voice_quote" WHERE "id" = 1', True),
        ("INSERT OR IGNORE INTO plans_action_contributing_partners VALUES (1, 2)", True),
        ('SELECT * FROM "plans_priority"', False),
        ('UPDATE "django_session" SET "expire_date" = now()', False),
        ('INSERT INTO "onestockport_cache" VALUES (%s)', False),
        ('UPDATE "auth_user" SET "last_login" = now()', False),
    ],
)
def test_which_statements_write_published_content(sql, writes):
    assert writes_content(sql) is writes


def test_pages_that_differ_by_visitor_are_never_stored(client, priority_path, loaded_plan):
    assert "X-Cache" not in client.get(f"{priority_path}?utm=x")  # a query string
    assert "X-Cache" not in client.get("/no-such-page/")  # not a 200
    signed_in = Client()
    signed_in.force_login(get_user_model().objects.create_user("staff", password="x"))
    assert "X-Cache" not in signed_in.get(priority_path)  # a session
    assert "X-Cache" not in client.get("/delivery/sign-in/")  # a staff page


def test_turned_off_nothing_is_stored(client, priority_path, settings):
    settings.ONESTOCKPORT_PAGE_CACHE = False
    assert "X-Cache" not in client.get(priority_path)
    assert "ETag" in client.get(priority_path)  # conditional requests still work


def test_gzip_and_plain_answers_are_stored_apart(client, priority_path):
    plain = client.get(priority_path)
    client.get(priority_path, HTTP_ACCEPT_ENCODING="gzip")
    zipped = client.get(priority_path, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["X-Cache"] == "hit"
    assert zipped["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get(priority_path)
    assert len(zipped.content) < len(plain.content)


def test_each_answer_from_the_store_has_its_own_request_id(client, priority_path):
    client.get(priority_path)
    first = client.get(priority_path, HTTP_X_REQUEST_ID="first-request")
    second = client.get(priority_path, HTTP_X_REQUEST_ID="second-request")
    assert (first["X-Cache"], second["X-Cache"]) == ("hit", "hit")
    assert (first["X-Request-ID"], second["X-Request-ID"]) == ("first-request", "second-request")
