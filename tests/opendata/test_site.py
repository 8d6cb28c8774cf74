"""/open-data/: the download page explains every file, every link on it works, and the files are the package's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from onestockport.delivery.models import Status, Update
from onestockport.opendata.package import DESCRIPTOR_NAME, build_package
from onestockport.opendata.resources import TABLES
from onestockport.plans.models import Action
from tests.html_links import links as page_links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("published_plan")]


def test_the_page_lists_every_file_with_its_fields_rows_and_size(client, package):
    response = client.get("/open-data/")
    html = response.content.decode()

    assert response.status_code == 200
    links = page_links(html)
    assert f"/open-data/{DESCRIPTOR_NAME}" in links
    for files in package.tables:
        assert f'id="{files.table.name}"' in html
        assert f"{files.rows:,} row" in html
        for file in files.files.values():
            assert f"/open-data/{file.path}" in links
        for field in files.table.fields:
            assert f"<code>{field.name}</code>" in html
    assert "Open Government Licence v3.0" in html
    assert "Creative Commons Attribution 4.0" in html  # the mySociety emissions figures
    for source in package.sources:
        assert escape(source.title) in html


def test_every_link_on_the_page_resolves(client):
    links = page_links(client.get("/open-data/").content.decode())
    internal = sorted({href for href in links if href.startswith("/")})

    assert len(internal) > 2 * len(TABLES)
    for href in internal:
        assert client.get(href, follow=True).status_code == 200, href


def test_the_site_serves_the_same_bytes_the_command_writes(client, published_plan):
    built = build_package(plan=published_plan)
    for path in (DESCRIPTOR_NAME, "actions.csv", "observations.json"):
        response = client.get(f"/open-data/{path}")
        assert response.status_code == 200
        assert response.content == built.files[path].content, path


def test_files_have_the_right_types_and_cache_headers(client):
    csv_file = client.get("/open-data/measures.csv")
    json_file = client.get("/open-data/measures.json")
    descriptor = client.get(f"/open-data/{DESCRIPTOR_NAME}")

    assert csv_file["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_file["Content-Disposition"] == 'attachment; filename="measures.csv"'
    assert json_file["Content-Type"] == "application/json; charset=utf-8"
    assert descriptor["Content-Type"] == "application/json; charset=utf-8"
    assert "public" in csv_file["Cache-Control"]
    assert "max-age=" in csv_file["Cache-Control"]
    again = client.get("/open-data/measures.csv", HTTP_IF_NONE_MATCH=csv_file["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("path", ["/open-data/nothing.csv", "/open-data/themes.xlsx", "/open-data/datapackage.csv"])
def test_unknown_files_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_only_reading_is_allowed(client):
    assert client.post("/open-data/themes.csv").status_code == 405


def test_an_approved_update_shows_in_the_served_package(client, published_plan):
    """A real status, approved inside this test's transaction (rolled back), reaches the files."""
    action = Action.objects.filter(priority__plan=published_plan).order_by("pk").first()
    Update.objects.create(
        action=action,
        period="2026-Q3",
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
        status=Status.ON_TRACK,
        narrative="Work has begun with two schools.",
        state=Update.State.APPROVED,
        reviewed_at=timezone.make_aware(dt.datetime(2026, 10, 14, 10, 0)),
    )

    rows = client.get("/open-data/actions.json").json()
    row = next(row for row in rows if row["id"] == f"{action.priority.slug}/{action.number}")

    assert (row["status"], row["status_label"], row["status_period"]) == ("on-track", "On track", "2026-Q3")
    assert row["status_approved_on"] == "2026-10-14"
    assert sum(1 for row in rows if row["status"] == "no-update") == 67
