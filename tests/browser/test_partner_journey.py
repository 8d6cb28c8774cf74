"""A partner officer's whole first quarter, in Chromium: an administrator invites them, they set a password
from the emailed link, write an update with two files and submit it; the performance team is emailed,
reviews it against last quarter's approved update and approves it; the public action page shows it.

Everything written here is SYNTHETIC, for this test, and removed afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.test.utils import override_settings
from django.utils import timezone

from onestockport.delivery import services
from onestockport.delivery.models import Milestone, Update
from onestockport.delivery.permissions import Role
from onestockport.delivery.selectors import current_period
from onestockport.plans.models import Action, Partner

from .support import DESKTOP, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PRIORITY, NUMBER = "skilled-and-confident", 3
INVITED = "journey.partner@example.org"
PASSWORD = "journey-browser-password-42"
NEW_PASSWORD = "a-fresh-Password-for-the-journey-7"
LAST_QUARTER = "Synthetic journey test: the first cohort of learners enrolled."
THIS_QUARTER = "Synthetic journey test: forty learners finished the course and twelve found work."


@pytest.fixture(scope="module")
def journey(site, django_db_blocker) -> Iterator[dict]:
    """An administrator, a performance officer, and last quarter's approved update on the action, which the
    invited officer's organisation leads; all of it, and everything the journey adds, removed afterwards."""
    started = timezone.now()
    with django_db_blocker.unblock():
        lead = Partner.objects.order_by("name").first()
        action = Action.objects.get(priority__slug=PRIORITY, number=NUMBER)
        users = {}
        for key, role, partner in [
            ("admin", Role.ADMINISTRATOR, None),
            ("officer", Role.PERFORMANCE_OFFICER, None),
            ("past", Role.PARTNER_LEAD, lead),
        ]:
            user = get_user_model().objects.create_user(
                f"journey-{key}", f"journey-{key}@example.invalid", PASSWORD, first_name="Journey", last_name=key
            )
            users[key] = services.assign_role(user=user, role=role, partner=partner)
        services.edit_ownership(
            user=users["officer"],
            action=action,
            ownership=services.Ownership(lead_partner=lead, contributing_partners=[], contact_role="Skills lead"),
        )
        past = services.create_update(
            user=users["past"],
            action=action,
            period=current_period().previous(),
            content=services.UpdateContent("at-risk", LAST_QUARTER, 20),
        )
        past = services.submit_update(user=users["past"], update_id=past.pk, expected_version=1)
        services.approve_update(user=users["officer"], update_id=past.pk, expected_version=past.version)
        mail.outbox.clear()
    yield {"action": action, "lead": lead}
    with django_db_blocker.unblock(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for update in Update.objects.filter(action=action):
            for evidence in update.files.all():
                evidence.file.delete(save=False)
        Update.objects.filter(action=action).delete()
        Milestone.objects.filter(action=action).delete()
        Action.objects.filter(pk=action.pk).update(lead_partner=None, contact_role="")
        get_user_model().objects.filter(username__startswith="journey").delete()
        get_user_model().objects.filter(email=INVITED).delete()
        history = [m for m in apps.get_app_config("delivery").get_models() if m.__name__.startswith("Historical")]
        for model in sorted(history, key=lambda m: hasattr(m, "history_date")):  # many-to-many records first
            when = "history_date" if hasattr(model, "history_date") else "history__history_date"
            model.objects.filter(**{f"{when}__gte": started}).delete()


def _sign_in(tab, site, username: str, password: str) -> None:
    tab.goto(site("/delivery/sign-in/"))
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(password)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Sign in").click()


def _shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"journey-{name}.png"), full_page=True)


def _link_in(message, path_start: str) -> str:
    match = re.search(rf"https?://\S+?({re.escape(path_start)}\S*)", message.body)
    assert match, f"no {path_start} link in: {message.body}"
    return match.group(1)


@pytest.fixture(scope="module")
def walked(journey, browser, site, tmp_path_factory) -> dict:
    """The journey, step by step, recording what each step showed."""
    seen: dict = {"action_title": journey["action"].title}
    files = tmp_path_factory.mktemp("evidence")
    (files / "attendance.csv").write_text("synthetic,journey\nlearners,40\n")
    (files / "outcomes.csv").write_text("synthetic,journey\nin work,12\n")
    action = journey["action"]

    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    _sign_in(tab, site, "journey-admin", PASSWORD)
    tab.goto(site("/delivery/people/invite/"))
    tab.get_by_label("Email address").fill(INVITED)
    tab.get_by_label("Full name").fill("Journey Partner")
    tab.get_by_label("Organisation").select_option(label=journey["lead"].name)
    tab.get_by_label("Role").select_option(label=Role.PARTNER_LEAD.label)
    _shot(tab, "1-invite")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Send the invitation").click()
    seen["invited_page"] = tab.locator("main").inner_text()
    context.close()

    invitation = [m for m in mail.outbox if INVITED in m.to]
    seen["invitation"] = invitation
    link = _link_in(invitation[-1], "/delivery/password/")

    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    tab.goto(site(link))
    tab.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    tab.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    _shot(tab, "2-set-password")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Set password").click()
    _sign_in(tab, site, INVITED, NEW_PASSWORD)
    seen["signed_in_url"] = tab.url

    tab.goto(site(f"/delivery/actions/{action.pk}/updates/new/"))
    seen["form_text"] = tab.locator("main").inner_text()
    tab.get_by_label("On track").check()
    tab.get_by_label("What has happened this period").fill(THIS_QUARTER)
    tab.get_by_label("Upload files as evidence (optional)").set_input_files(
        [str(files / "attendance.csv"), str(files / "outcomes.csv")]
    )
    _shot(tab, "3-update-form")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Save as draft").click()
    seen["draft_page"] = tab.locator("main").inner_text()
    _shot(tab, "3b-draft")
    mail.outbox.clear()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Send to the performance team").click()
    seen["submitted_page"] = tab.locator("main").inner_text()
    _shot(tab, "4-submitted")
    context.close()

    submitted = [m for m in mail.outbox if "journey-officer@example.invalid" in m.to]
    seen["submitted_email"] = submitted
    review_link = _link_in(submitted[-1], "/delivery/updates/")

    context = browser.new_context(viewport=DESKTOP)
    tab = context.new_page()
    _sign_in(tab, site, "journey-officer", PASSWORD)
    tab.goto(site(review_link))
    seen["review_page"] = tab.locator("main").inner_text()
    _shot(tab, "5-review")
    mail.outbox.clear()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Approve and publish").click()
    seen["approved_email"] = [m for m in mail.outbox if INVITED in m.to]
    context.close()

    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site(f"/priorities/{PRIORITY}/actions/{NUMBER}/"))
    seen["public_page"] = tab.locator("main").inner_text()
    _shot(tab, "6-public-action")
    context.close()
    return seen


def test_the_invitation_is_emailed_and_its_link_sets_a_password(walked):
    assert len(walked["invitation"]) == 1
    assert "Journey Partner" in walked["invited_page"] or INVITED in walked["invited_page"]
    assert walked["signed_in_url"].rstrip("/").endswith("/delivery")


def test_the_form_shows_last_quarters_update_and_takes_two_files(walked):
    assert LAST_QUARTER in walked["form_text"]
    assert "attendance.csv" in walked["draft_page"]
    assert "outcomes.csv" in walked["draft_page"]


def test_submitting_emails_the_performance_team(walked):
    assert len(walked["submitted_email"]) == 1
    assert walked["action_title"] in walked["submitted_email"][0].body


def test_the_reviewer_sees_the_change_against_last_quarter(walked):
    review = walked["review_page"]
    assert "Against the last approved update" in review
    assert "At risk" in review
    assert "On track" in review


def test_approval_emails_the_author_and_publishes(walked):
    assert len(walked["approved_email"]) == 1
    assert THIS_QUARTER in walked["public_page"]
    assert "On track" in walked["public_page"]
