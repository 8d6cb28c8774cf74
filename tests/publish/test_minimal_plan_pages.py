"""A plan with only a place, one theme and one priority with one measure: every public page still works.

Pages leave out what such a plan lacks (vision, values, engagement, geography, an ambition...) rather than
show empty headings or "None", and name the plan's own place, never another.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from onestockport.export.seeds import seed_paths
from onestockport.plans.models import Plan
from onestockport.plans.plan_file import read_plan_file
from onestockport.plans.services import load_plan

pytestmark = pytest.mark.django_db

MINIMAL = {
    "schema_version": 1,
    "place": {"site_name": "Our Town Online", "name": "Our Town", "kind": "unitary"},
    "plan": {"slug": "our-town-2035", "title": "Our Town 2035", "status": "Adopted", "period_end": 2035, "source": "x"},
    "themes": [{"slug": "people", "name": "People"}],
    "priorities": [
        {
            "slug": "healthy-lives",
            "theme": "people",
            "number": 3,
            "name": "Healthy lives",
            "measures": [{"slug": "life-expectancy", "text": "Healthy life expectancy"}],
        }
    ],
}
# A missing value printed as "None": alone in an element, or inside a sentence ("spoke to us in None").
NONE_SHOWN = re.compile(r">\s*None\s*<|[a-z,:] None\b")


class _Blanks(HTMLParser):
    """Headings, captions, paragraphs and list items with no text: what a missing part leaves behind."""

    WATCHED = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "title", "dt", "dd", "caption"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, list[str]]] = []
        self.blank: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.WATCHED:
            self.open.append((tag, []))

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _, text = self.open.pop()
            if not "".join(text).strip():
                self.blank.append(tag)
            elif self.open:
                self.open[-1][1].extend(text)

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def blanks(html: str) -> list[str]:
    parser = _Blanks()
    parser.feed(html)
    return parser.blank


@pytest.fixture
def minimal_plan(tmp_path, settings) -> Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(MINIMAL, sort_keys=False), encoding="utf-8")
    settings.ONESTOCKPORT_PLAN_FILE = path
    settings.ONESTOCKPORT_PLAN_SLUG = "our-town-2035"
    load_plan(plan_file=read_plan_file(path))
    return Plan.objects.get(slug="our-town-2035")


def test_none_is_found_in_a_sentence_but_not_at_its_start():
    assert NONE_SHOWN.search("<p>spoke to us in None</p>")
    assert NONE_SHOWN.search("<dd>None</dd>")
    assert not NONE_SHOWN.search("<p>None of its figures lacks data.</p>")


def test_the_blank_finder_finds_an_empty_heading_and_ignores_markup_with_text():
    assert blanks('<h2 class="x"> </h2><p>Text <a href="/">link</a></p><li><strong>Bold</strong></li>') == ["h2"]


def test_every_public_page_of_a_minimal_plan_renders_without_gaps_or_another_place(client, minimal_plan):
    client.raise_request_exception = False  # list every failing page, not just the first
    problems = []
    for path in seed_paths(minimal_plan):
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: status {response.status_code}")
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if "stockport" in html.lower().replace("onestockport", ""):
            problems.append(f"{path}: names Stockport")
        if NONE_SHOWN.search(html):
            problems.append(f"{path}: shows None")
        if empty := blanks(html):
            problems.append(f"{path}: empty {', '.join(sorted(set(empty)))}")
        if "Our Town Online" not in html:
            problems.append(f"{path}: no site name")
    assert not problems, "\n".join(problems)


def test_the_navigation_leaves_out_values_a_plan_does_not_have(client, minimal_plan):
    page = client.get("/").content.decode()
    assert ">Values<" not in page
    assert client.get("/values/").status_code == 404


def test_a_plan_without_actions_shows_no_action_counts_or_link(client, minimal_plan):
    page = client.get("/").content.decode()
    assert [">Actions<" in page, "0 actions" in page, "Overdue commitments" in page] == [False, False, False]


def test_a_priority_shows_the_plans_own_number(client, minimal_plan):
    assert "People: priority 3" in client.get("/priorities/healthy-lives/").content.decode()


def test_the_home_page_counts_themes_and_priorities_from_the_plan(client, minimal_plan):
    page = client.get("/").content.decode()
    assert "1 theme and 1 priority" in page
    assert "Three themes" not in page


def test_the_header_names_the_plan_not_a_vision(client, minimal_plan):
    page = client.get("/").content.decode()
    assert "Our vision for" not in page
    assert 'service-name">Our Town 2035<' in page


def test_the_api_schema_and_data_package_describe_the_plans_own_place(client, minimal_plan):
    schema = client.get("/api/v1/openapi.json").content.decode()
    package = client.get("/open-data/datapackage.json").json()

    assert '"title": "Our Town Online API"' in schema or '"title":"Our Town Online API"' in schema
    assert "stockport" not in schema.lower().replace("onestockport", "")
    assert package["keywords"][:2] == ["Our Town", "area plan"]
    assert package["description"].startswith("Our Town's area plan (x) as data")
