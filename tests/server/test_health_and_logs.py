"""`/healthz` and the request log, through Django's test client."""

from __future__ import annotations

import json
import logging
import re

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_and_cache_work(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_healthz_answers_503_naming_the_check_that_failed(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ConnectionError("cache server refused the connection")

    monkeypatch.setattr("onestockport.server.health.cache.set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "failed"}}
    assert "refused" not in response.content.decode()  # the reason goes to the log, not to the caller
    assert "the cache did not answer" in caplog.text


def test_healthz_refuses_anything_but_reading(client):
    assert client.post("/healthz").status_code == 405


def test_every_request_logs_one_line_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="onestockport.requests")
    response = client.get("/healthz?postcode=SECRET", HTTP_X_REQUEST_ID="lb-4f2a.9")
    assert response["X-Request-ID"] == "lb-4f2a.9"
    [record] = [r for r in caplog.records if r.name == "onestockport.requests"]
    assert (record.method, record.path, record.status) == ("GET", "/healthz", 200)
    assert record.bytes == len(response.content)
    assert record.duration_ms >= 0
    assert "SECRET" not in record.getMessage()  # no query string: a postcode search is personal data


@pytest.mark.parametrize("sent", ["", "has space", "line\nbreak", "x" * 65, "<script>"])
def test_a_request_id_that_is_not_a_short_token_is_replaced(client, sent):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=sent)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_configured_formatter_writes_one_json_object_with_the_request_id(settings):
    from onestockport.server.request_log import RequestIdFilter, current_request_id

    formatter_settings = dict(settings.LOGGING["formatters"]["json"])
    formatter = formatter_settings.pop("()")
    module, _, name = formatter.rpartition(".")
    formatter = getattr(__import__(module, fromlist=[name]), name)(**formatter_settings)
    record = logging.LogRecord("onestockport.requests", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.status = 200
    token = current_request_id.set("abc123")
    try:
        RequestIdFilter().filter(record)
    finally:
        current_request_id.reset(token)
    line = formatter.format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["request_id"] == "abc123"
    assert parsed["level"] == "INFO"
    assert parsed["logger"] == "onestockport.requests"
    assert parsed["message"] == "GET / 200"
    assert parsed["status"] == 200
