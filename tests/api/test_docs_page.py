"""/api/: the page for people documents every endpoint of the served schema and links only to what a static copy
can hold."""

from __future__ import annotations

import pytest
from django.conf import settings

from onestockport.plans.models import Priority
from onestockport.plans.place import current_place
from tests.html_links import links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]


@pytest.fixture
def page(client) -> str:
    response = client.get("/api/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_endpoint_and_parameter_of_the_schema_is_documented(client, page):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["info"]["version"] == "1"
    assert len(schema["paths"]) == 15
    for path, methods in schema["paths"].items():
        assert f"GET {path}" in page
        for parameter in methods["get"].get("parameters", []):
            if parameter["name"] not in ("limit", "offset"):
                assert f"<code>{parameter['name']}</code>" in page, (path, parameter["name"])


def test_it_explains_pages_caching_errors_and_gives_an_example(page):
    for words in ("limit", "offset", "next", "ETag", "If-None-Match", "304 Not Modified", "max-age=300", "422"):
        assert words in page
    assert "curl" in page
    base = settings.ONESTOCKPORT_SITE_URL.rstrip("/")
    # The examples come from the plan: its first priority, and an indicator with figures for its place.
    first = Priority.objects.order_by("position").first()
    assert f"{base}/api/v1/actions?priority={first.slug}&amp;status=on-track" in page
    assert f'&amp;area={current_place().code}"</code>' in page


def test_it_links_to_the_schema_and_to_no_other_json(page, client):
    hrefs = links(page)
    api_links = {href for href in hrefs if href.startswith("/api/v1/")}

    assert api_links == {"/api/v1/openapi.json"}  # a static copy can hold the schema, not query answers
    for href in {href for href in hrefs if href.startswith("/")}:
        assert client.get(href, follow=True).status_code == 200, href


def test_the_version_root_lists_the_endpoints(client):
    body = client.get("/api/v1/").json()

    assert body["openapi"] == "http://testserver/api/v1/openapi.json"
    assert {endpoint["path"].rsplit("/", 1)[-1] for endpoint in body["endpoints"]} == {
        "plan",
        "themes",
        "priorities",
        "actions",
        "measures",
        "indicators",
        "observations",
        "places",
    }


def test_each_endpoint_lists_its_error_codes(page):
    assert "<code>GET /api/v1/plan</code>; errors: 404" in page
    assert "<code>GET /api/v1/actions</code>, paged; errors: 422" in page
    assert "<code>GET /api/v1/</code></p>" in page  # the index cannot fail


def test_the_schema_is_titled_for_the_plans_site_and_gives_its_code_as_the_example(client):
    schema = client.get("/api/v1/openapi.json").json()
    place = current_place()

    assert schema["info"]["title"] == f"{place.site_name} API"
    assert schema["info"]["description"].startswith(f"Read-only JSON for {place.name}'s {place.kind_word} plan")
    area = next(p for p in schema["paths"]["/api/v1/observations"]["get"]["parameters"] if p["name"] == "area")
    assert f"e.g. {place.code} ({place.name})" in area["description"]
