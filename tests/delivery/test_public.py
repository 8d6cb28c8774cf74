"""Public pages: no invented progress by default; approved updates, milestones and status counts once real."""

from __future__ import annotations

import pytest
from django.test import Client

from onestockport.delivery import services
from onestockport.delivery.models import Update
from onestockport.plans.models import Action

from .factories import make_update

pytestmark = pytest.mark.django_db


def test_the_shipped_plan_shows_no_update_yet_on_every_action(client, loaded_plan):
    """The public default has no invented progress: every action says 'No update yet'."""
    assert not Update.objects.exists()
    for action in Action.objects.select_related("priority"):
        page = client.get(f"/priorities/{action.priority.slug}/actions/{action.number}/").content.decode()
        assert "No update yet" in page, action
        assert "No update on this action has been approved for publication yet." in page
    priority = client.get("/priorities/skilled-and-confident/").content.decode()
    assert "No update yet</strong> 7 actions" in priority
    assert "On track</strong> 0 actions" in priority


def test_statuses_page_defines_every_status(client, loaded_plan):
    page = client.get("/statuses/").content.decode()
    for label in ("Not started", "On track", "At risk", "Off track", "Complete", "No update yet"):
        assert f">{label}</strong>" in page
    assert "does not mean that nothing is happening" in page
    assert "2026-Q3 means July to September 2026" in page


def test_only_approved_updates_appear_on_the_action_page(world):
    make_update(world.own_action, state=Update.State.SUBMITTED, narrative="Submitted, not yet approved")
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert "Submitted, not yet approved" not in page
    assert "No update yet" in page

    Update.objects.update(state=Update.State.APPROVED, percent_complete=55)
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert "Submitted, not yet approved" in page
    assert "55% complete" in page
    assert "Latest status, for" in page


def test_narratives_are_escaped_on_output(world):
    make_update(world.own_action, state=Update.State.APPROVED, narrative="<script>alert('x')</script>\nSecond line")
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Second line" in page


def test_milestone_completions_are_public_only_once_verified(world):
    editor = world.users["partner-editor-own"]
    services.complete_commitment(user=editor, commitment_id=world.commitment.pk, done=world.commitment.due)
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert "Plant 100 synthetic trees" in page
    assert "(from the plan)" in page
    assert "Overdue" in page  # due 2025-12-31, its completion not yet verified
    services.approve_update(
        user=world.users["performance-officer"],
        update_id=make_update(world.own_action, state=Update.State.SUBMITTED).pk,
        expected_version=1,
    )
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert "Overdue" not in page
    assert 'datetime="2025-12-31"' in page


def test_priority_page_counts_latest_approved_statuses(world):
    previous = make_update(world.own_action, state=Update.State.APPROVED, status="at-risk")
    from onestockport.delivery.periods import parse_period

    older = parse_period(previous.period, months=3).previous()
    make_update(world.own_action, period=older, state=Update.State.APPROVED, status="off-track")
    make_update(world.other_action, state=Update.State.APPROVED, status="complete")
    page = Client().get("/priorities/skilled/").content.decode()
    assert "At risk</strong> 1 action<" in page
    assert "Off track</strong> 0 actions" in page  # superseded by the newer update
    assert "Complete</strong> 1 action<" in page
    assert "No update yet</strong> 1 action<" in page


def test_partner_page_lists_what_it_leads_and_contributes_to(world):
    make_update(world.own_action, state=Update.State.APPROVED, status="on-track")
    page = Client().get("/partners/own-org/").content.decode()
    assert '<h1 class="govuk-heading-xl">Own Organisation</h1>' in page
    leads, contributes = page.split("Actions it contributes to")
    assert "Own action" in leads
    assert "On track" in leads
    assert "Shared action" in contributes
    assert "No update yet" in contributes
    assert Client().get("/partners/no-such-partner/").status_code == 404
    partners = Client().get("/partners/").content.decode()
    assert 'href="/partners/own-org/"' in partners


def test_action_page_shows_ownership(world):
    services.edit_ownership(
        user=world.users["performance-officer"],
        action=world.own_action,
        ownership=services.Ownership(lead_partner=world.own, contact_role="Head of Skills, Own Organisation"),
    )
    page = Client().get("/priorities/skilled/actions/1/").content.decode()
    assert '<a class="govuk-link" href="/partners/own-org/">Own Organisation</a>' in page
    assert "Head of Skills, Own Organisation" in page


@pytest.mark.parametrize("path", ["/priorities/skilled/actions/1/", "/statuses/", "/partners/own-org/"])
def test_demo_settings_label_the_pages_demonstration_once(world, settings, path):
    marker = "Demonstration: this site shows made-up accounts and updates"
    assert marker not in Client().get(path).content.decode()
    settings.ONESTOCKPORT_DEMO = True
    assert Client().get(path).content.decode().count(marker) == 1


def test_demo_settings_label_staff_pages(world, settings):
    settings.ONESTOCKPORT_DEMO = True
    client = Client()
    assert "Demonstration:" in client.get("/delivery/sign-in/").content.decode()
    client.force_login(world.users["partner-editor-own"])
    assert client.get("/delivery/").content.decode().count("Demonstration: this site shows") == 1
