"""Public pages: approved case studies on their priority's and actions' pages, every listed title with none
yet as "case study to come", a page of its own with its images, the open data and the annual report.
All case studies here are SYNTHETIC."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from onestockport.casestudies import services
from onestockport.casestudies.opendata import CASE_STUDIES_TABLE, case_study_rows
from onestockport.opendata.resources import TABLES_BY_NAME
from onestockport.reports.snapshot import _case_studies

from .conftest import PLAN_TITLES, approved_case_study, content, image_upload

pytestmark = pytest.mark.django_db


def _page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_the_priority_page_shows_approved_ones_and_the_rest_to_come(titled):
    approved = approved_case_study(titled, plan_title=PLAN_TITLES[0], action_ids=(titled.own_action.pk,))
    services.create_case_study(
        user=titled.users["partner-editor-own"],
        plan=titled.plan,
        content=content(titled, title="Synthetic draft nobody may see yet", plan_title=PLAN_TITLES[1]),
    )
    page = _page("/priorities/skilled/")
    assert "How we are already demonstrating our ambitions" in page
    assert f'href="/case-studies/{approved.pk}/"' in page
    assert approved.title in page
    assert f'{PLAN_TITLES[1]}: <span class="os-to-come">case study to come</span>' in page
    assert f"{PLAN_TITLES[0]}: <span" not in page  # fulfilled, so not "to come"
    assert "Synthetic draft nobody may see yet" not in page
    assert 'href="#case-studies"' in page


def test_with_none_approved_every_title_is_to_come(titled):
    page = _page("/priorities/skilled/")
    for title in PLAN_TITLES:
        assert f'{title}: <span class="os-to-come">case study to come</span>' in page


def test_a_case_study_shows_on_its_actions_pages_only(world):
    approved = approved_case_study(world, action_ids=(world.own_action.pk,))
    assert approved.title in _page("/priorities/skilled/actions/1/")
    assert approved.title not in _page("/priorities/skilled/actions/2/")


def test_its_own_page_has_images_with_alt_text_partner_and_links(world):
    approved = approved_case_study(world, action_ids=(world.own_action.pk,))
    [image] = approved.images.all()
    page = _page(f"/case-studies/{approved.pk}/")
    assert f'src="/case-studies/images/{image.pk}.png" alt="A synthetic blue square"' in page
    assert 'href="/partners/own-org/"' in page
    assert "Own Organisation" in page
    assert 'href="/priorities/skilled/"' in page
    assert 'href="/priorities/skilled/actions/1/"' in page
    assert '<p class="govuk-body">First synthetic paragraph.</p>' in page
    served = Client().get(image.url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert approved.title in _page("/case-studies/")


def test_a_draft_and_its_images_are_not_public(world):
    draft = services.create_case_study(
        user=world.users["partner-editor-own"],
        plan=world.plan,
        content=content(world),
        images=[services.NewImage(image_upload(), "Alt")],
    )
    [image] = draft.images.all()
    assert Client().get(f"/case-studies/{draft.pk}/").status_code == 404
    assert Client().get(image.url).status_code == 404
    insider = Client()
    insider.force_login(world.users["partner-editor-own"])
    assert insider.get(image.url).status_code == 200  # shown on the draft's staff page
    outsider = Client()
    outsider.force_login(world.users["partner-editor-other"])
    assert outsider.get(image.url).status_code == 404


def test_text_is_escaped(world):
    approved = approved_case_study(world, summary="<script>alert(1)</script>")
    page = _page(f"/case-studies/{approved.pk}/")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_open_data_lists_approved_case_studies(world):
    assert TABLES_BY_NAME["case-studies"] is CASE_STUDIES_TABLE
    approved = approved_case_study(world, action_ids=(world.own_action.pk,))
    services.create_case_study(user=world.users["partner-editor-own"], plan=world.plan, content=content(world))
    [row] = list(case_study_rows(world.plan))
    assert set(row) == set(CASE_STUDIES_TABLE.field_names)
    assert (row["id"], row["partner"], row["priorities"], row["actions"]) == (
        approved.pk,
        "own-org",
        "skilled",
        "skilled/1",
    )
    assert row["image_alt_texts"] == "A synthetic blue square"
    assert row["page"] == f"/case-studies/{approved.pk}/"


def test_the_open_data_package_has_the_resource_once_one_is_approved(world, tmp_path):
    from frictionless import Package

    from onestockport.opendata.package import build_package, write_package

    assert "case-studies.csv" not in build_package(plan=world.plan).files
    approved_case_study(world, action_ids=(world.own_action.pk,))
    package = build_package(plan=world.plan)
    resource = next(r for r in package.descriptor["resources"] if r["name"].startswith("case-studies"))
    assert [field["name"] for field in resource["schema"]["fields"]] == list(CASE_STUDIES_TABLE.field_names)
    assert "case-studies.csv" in package.files
    assert "case-studies.json" in package.files
    # Both files read as tables against their schema, the partner key resolving (frictionless).
    write_package(package, tmp_path)
    written = Package(str(tmp_path / "datapackage.json"))
    for name in ("case-studies", "case-studies-json"):
        report = written.get_resource(name).validate()
        assert report.valid, report.flatten(["type", "message"])
        assert report.tasks[0].stats["rows"] == 1


def test_the_annual_report_snapshot_holds_approved_case_studies(titled):
    approved = approved_case_study(titled, plan_title=PLAN_TITLES[0])
    found = _case_studies(titled.priority, timezone.now() + dt.timedelta(seconds=1))
    assert [item.title for item in found["case_studies"]] == [approved.title]
    assert found["case_studies_to_come"] == [PLAN_TITLES[1]]
    before = _case_studies(titled.priority, approved.reviewed_at - dt.timedelta(days=1))
    assert before["case_studies"] == []
    assert before["case_studies_to_come"] == PLAN_TITLES
