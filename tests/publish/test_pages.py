"""The public pages, through Django's test client."""

from __future__ import annotations

import pytest

from onestockport.plans.models import Action, Partner

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/themes/one-heart/",
    "/themes/one-future/",
    "/priorities/caring-and-growing/",
    "/priorities/climate-friendly/",
    "/priorities/climate-friendly/actions/5/",
    "/actions/",
    "/values/",
    "/partners/",
    "/about/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(client, loaded_plan, url):
    response = client.get(url)
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_home_shows_the_vision_and_the_plan_on_a_page(client, loaded_plan):
    page = client.get("/").content.decode()
    assert "We imagine Stockport in 2030 as a place..." in page
    for theme in ("One heart", "One home", "One future"):
        assert theme in page
    assert page.count('class="os-plan__priority"') == 9
    assert "Three themes, each with three priorities. Every priority has an ambition, numbered actions" in page
    assert 'service-name">Our vision for 2030<' in page
    assert "One Stockport is the partnership's borough plan for Stockport." in page
    assert "This is the partnership's discussion draft of the plan." in page
    assert "9 actions" in page  # caring and growing
    assert "7 measures of success" in page  # radically digital


def test_climate_priority_shows_the_tree_commitment(client, loaded_plan):
    page = client.get("/priorities/climate-friendly/").content.decode()
    assert "11,500" in page
    assert "Climate Action Now" in page
    assert page.count('class="os-action-number"') == 7


def test_action_page_shows_commitments_and_neighbours(client, loaded_plan):
    page = client.get("/priorities/climate-friendly/actions/5/").content.decode()
    assert "<strong>Protect and enhance our natural environment</strong>" in page
    assert "11,500 trees" in page or "11,500" in page
    assert 'datetime="2030"' in page
    assert "/priorities/climate-friendly/actions/4/" in page
    assert "/priorities/climate-friendly/actions/6/" in page


@pytest.mark.parametrize(
    "url",
    ["/themes/no-such-theme/", "/priorities/no-such/", "/priorities/climate-friendly/actions/99/", "/nowhere/"],
)
def test_unknown_things_are_404(client, loaded_plan, url):
    response = client.get(url)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_pages_say_404_before_any_plan_is_loaded(client):
    assert client.get("/").status_code == 404


def test_pages_refuse_writes(client, loaded_plan):
    assert client.post("/").status_code == 405
    assert client.head("/").status_code == 200


def count_results(client, query: str) -> int:
    return len(client.get(f"/actions/{query}").context["results"])


def test_actions_lists_all_68(client, loaded_plan):
    assert count_results(client, "") == 68


def test_actions_keyword_search(client, loaded_plan):
    assert count_results(client, "?q=trees") == 1
    assert count_results(client, "?q=digital+strategy") >= 1
    assert count_results(client, "?q=zzzznothing") == 0


def test_actions_filters(client, loaded_plan):
    assert count_results(client, "?theme=one-home") == 8 + 7 + 7
    assert count_results(client, "?priority=skilled-and-confident") == 7
    assert count_results(client, "?body=work-and-skills-board") == 8 + 7
    assert count_results(client, "?theme=one-heart&priority=climate-friendly") == 0


def test_actions_filter_by_partner(client, loaded_plan):
    assert count_results(client, "?partner=stockport-homes") == 0
    action = Action.objects.get(priority__slug="climate-friendly", number=2)
    action.lead_partner = Partner.objects.get(slug="stockport-homes")
    action.save()
    Action.objects.get(priority__slug="flourishing-and-creative", number=4).contributing_partners.add(
        Partner.objects.get(slug="stockport-homes")
    )
    assert count_results(client, "?partner=stockport-homes") == 2


def test_an_unknown_filter_value_is_ignored_and_reported(client, loaded_plan):
    response = client.get("/actions/?priority=not-a-priority")
    assert response.status_code == 200
    assert len(response.context["results"]) == 68
    assert b"That choice is not available" in response.content


def test_hostile_search_text_is_escaped(client, loaded_plan):
    response = client.get("/actions/", {"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert b'<script>alert("x")</script>' not in response.content
    assert b"&lt;script&gt;" in response.content


def test_overlong_search_text_is_refused_gracefully(client, loaded_plan):
    response = client.get("/actions/", {"q": "tree " * 200})
    assert response.status_code == 200
    assert len(response.context["results"]) == 68
    assert b"200 characters or fewer" in response.content


def test_html_is_compressed_for_clients_that_accept_it(client, loaded_plan):
    response = client.get("/actions/", headers={"accept-encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
