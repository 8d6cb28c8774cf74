"""HTTP behaviour every endpoint shares: pages, ETags and 304, caching, CORS, read-only methods, JSON errors."""

from __future__ import annotations

import gzip
import json

import pytest

from onestockport.api.http import MAX_AGE
from onestockport.api.pagination import MAX_LIMIT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

V1 = "/api/v1"


# --- Pages -------------------------------------------------------------------------------------------


def test_the_last_page_has_no_next_link(client):
    body = client.get(f"{V1}/actions?limit=1&offset=67").json()

    assert (body["count"], body["limit"], body["offset"], len(body["items"])) == (68, 1, 67, 1)
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/v1/actions?limit=1&offset=66"


def test_the_first_page_has_no_previous_link_and_keeps_the_filters(client):
    body = client.get(f"{V1}/actions?priority=climate-friendly&limit=2").json()

    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/actions?limit=2&offset=2&priority=climate-friendly"


def test_a_page_past_the_end_is_empty(client):
    body = client.get(f"{V1}/actions?offset=68").json()

    assert body["count"] == 68
    assert body["items"] == []
    assert body["next"] is None
    assert body["previous"] == "http://testserver/api/v1/actions?limit=50&offset=18"


def test_the_largest_page_holds_every_action(client):
    body = client.get(f"{V1}/actions?limit={MAX_LIMIT}").json()

    assert len(body["items"]) == 68
    assert body["next"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        (f"limit={MAX_LIMIT + 1}", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("status=finished", "status"),
        ("priority=climate%00friendly", "priority"),
    ],
)
def test_bad_parameters_are_422_with_their_place(client, query, field):
    response = client.get(f"{V1}/actions?{query}")

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert [problem["loc"] for problem in response.json()["detail"]] == [["query", field]]


# --- Not found ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/priorities/no-such-priority", "priority 'no-such-priority'"),
        ("/themes/no-such-theme", "theme 'no-such-theme'"),
        ("/actions/climate-friendly/999", "action 999 in priority 'climate-friendly'"),
        ("/actions/no-such-priority/1", "action 1 in priority 'no-such-priority'"),
        ("/measures/caring-and-growing/no-such-measure", "measure 'no-such-measure'"),
        ("/indicators/no-such-indicator", "indicator 'no-such-indicator'"),
        ("/no/such/address", "no API address /api/v1/no/such/address"),
    ],
)
def test_unknown_things_are_404_in_json(client, path, words):
    response = client.get(V1 + path)

    assert response.status_code == 404
    assert words in response.json()["detail"]
    assert "no-store" in response["Cache-Control"]


def test_a_negative_action_number_is_422(client):
    assert client.get(f"{V1}/actions/climate-friendly/-1").status_code == 422


@pytest.mark.parametrize(
    "query",
    ["area=Stockport", "period=2021%0022", "indicator=a%20b", "period=" + "9" * 41],
)
def test_observation_filters_refuse_what_no_figure_could_match(client, query):
    """Refused before the database: PostgreSQL cannot even compare text holding NUL."""
    assert client.get(f"{V1}/observations?{query}").status_code == 422


# --- Caching -----------------------------------------------------------------------------------------


def test_answers_carry_a_strong_etag_and_a_public_lifetime(client):
    response = client.get(f"{V1}/priorities")

    assert response["ETag"].startswith('"')
    assert len(response["ETag"]) > 20
    assert f"max-age={MAX_AGE}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(f"{V1}/priorities")["ETag"] == response["ETag"]  # same content, same tag
    assert client.get(f"{V1}/priorities?limit=3")["ETag"] != response["ETag"]


def test_a_matching_if_none_match_is_304_without_a_body(client):
    etag = client.get(f"{V1}/plan")["ETag"]

    response = client.get(f"{V1}/plan", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert f"max-age={MAX_AGE}" in response["Cache-Control"]


def test_a_stale_if_none_match_gets_the_full_answer(client):
    response = client.get(f"{V1}/plan", HTTP_IF_NONE_MATCH='"an-old-tag"')

    assert response.status_code == 200
    assert response.json()["slug"]


def test_a_compressed_answer_has_a_weak_tag_that_still_matches(client):
    response = client.get(f"{V1}/priorities", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert response["ETag"].startswith('W/"')
    assert json.loads(gzip.decompress(response.content))["count"] == 9
    again = client.get(f"{V1}/priorities", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_schema_is_cached_too(client):
    response = client.get(f"{V1}/openapi.json")

    assert response.status_code == 200
    assert response["ETag"]
    assert client.get(f"{V1}/openapi.json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# --- Methods -----------------------------------------------------------------------------------------


def test_head_answers_like_get_without_a_body(client):
    get = client.get(f"{V1}/plan")
    head = client.head(f"{V1}/plan")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Length"] == str(len(get.content))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_every_other_method_is_405(client, method):
    response = getattr(client, method)(f"{V1}/actions")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "read-only" in response.json()["detail"]
