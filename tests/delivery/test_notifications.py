"""Emails on submit, return and approve; reminders previewed before sending; the weekly digest.

All people and plans here are synthetic (tests/delivery/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from onestockport.delivery import notifications, selectors, services
from onestockport.delivery.models import NotificationPreference, Update
from onestockport.delivery.permissions import Role

from .factories import make_update, make_user

pytestmark = pytest.mark.django_db

SITE = "https://plans.example.invalid"


@pytest.fixture
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ONESTOCKPORT_SITE_URL = SITE + "/"
    mail.outbox.clear()
    return mail.outbox


def _to(outbox) -> set[str]:
    return {address for message in outbox for address in message.to}


def _draft(world, author):
    update = services.create_update(
        user=author, action=world.own_action, content=services.UpdateContent("on-track", "Synthetic words.")
    )
    return update


def _submit(world, django_capture_on_commit_callbacks, outbox):
    update = _draft(world, world.users["partner-editor-own"])
    with django_capture_on_commit_callbacks(execute=True):
        update = services.submit_update(
            user=world.users["partner-lead-own"], update_id=update.pk, expected_version=update.version
        )
    return update


def test_submit_emails_the_lead_partners_leads_and_the_performance_team(
    world, outbox, django_capture_on_commit_callbacks
):
    second_lead = make_user("second-lead-own", Role.PARTNER_LEAD, world.own)
    update = _submit(world, django_capture_on_commit_callbacks, outbox)
    # The submitting lead is not told what they just did; editors and other organisations are not told at all.
    assert _to(outbox) == {second_lead.email, world.users["performance-officer"].email}
    message = outbox[0]
    assert world.plan.title in message.body
    assert "Action 1: Own action" in message.body
    assert f"{SITE}/delivery/updates/{update.pk}/" in message.body
    assert message.subject.startswith(f"{world.plan.title}: update submitted")
    assert "action 1, Own action" in message.subject


def test_return_emails_the_author_with_the_reviewers_comment(world, outbox, django_capture_on_commit_callbacks):
    update = _submit(world, django_capture_on_commit_callbacks, outbox)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_update(
            user=world.users["performance-officer"],
            update_id=update.pk,
            expected_version=update.version,
            comment="Say how many residents took part.",
        )
    assert _to(outbox) == {world.users["partner-editor-own"].email}
    assert "Say how many residents took part." in outbox[0].body
    assert world.plan.title in outbox[0].body
    assert f"{SITE}/delivery/updates/{update.pk}/" in outbox[0].body


def test_approve_emails_the_author(world, outbox, django_capture_on_commit_callbacks):
    update = _submit(world, django_capture_on_commit_callbacks, outbox)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_update(
            user=world.users["performance-officer"], update_id=update.pk, expected_version=update.version
        )
    assert _to(outbox) == {world.users["partner-editor-own"].email}
    assert "approved" in outbox[0].subject
    assert "It is now public." in outbox[0].body


def test_a_rolled_back_decision_sends_nothing(world, outbox, django_capture_on_commit_callbacks):
    update = _submit(world, django_capture_on_commit_callbacks, outbox)
    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        services.approve_update(
            user=world.users["performance-officer"], update_id=update.pk, expected_version=update.version
        )
        transaction.set_rollback(True)
    assert callbacks == []
    assert outbox == []
    assert Update.objects.get(pk=update.pk).state == Update.State.SUBMITTED


def test_a_mail_failure_is_logged_and_keeps_the_decision(
    world, outbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    update = _submit(world, django_capture_on_commit_callbacks, outbox)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with (
        caplog.at_level(logging.ERROR, logger="onestockport.delivery.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.approve_update(
            user=world.users["performance-officer"], update_id=update.pk, expected_version=update.version
        )
    assert Update.objects.get(pk=update.pk).state == Update.State.APPROVED
    assert any("email failed" in record.getMessage() for record in caplog.records)


def test_the_views_send_after_commit(world, client, outbox, django_capture_on_commit_callbacks):
    update = _draft(world, world.users["partner-editor-own"])
    client.force_login(world.users["partner-lead-own"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/delivery/updates/{update.pk}/submit/", {"version": update.version})
    assert response.status_code == 302
    assert world.users["performance-officer"].email in _to(outbox)


# --- Reminders -----------------------------------------------------------------------------------


def test_reminders_reach_contributing_partners(world, outbox, run_cli):
    result = run_cli("delivery", "remind")
    assert result.exit_code == 0, result.output
    own_editor = [m for m in outbox if m.to == [world.users["partner-editor-own"].email]]
    assert len(own_editor) == 1
    body = own_editor[0].body
    assert f"/delivery/actions/{world.contributed_action.pk}/" in body  # own contributes to it
    assert "(you contribute; Other Organisation leads)" in body
    assert world.plan.title in own_editor[0].subject


def test_an_action_without_a_lead_still_reaches_its_contributors(world, outbox):
    world.contributed_action.lead_partner = None
    world.contributed_action.save()
    planned = notifications.plan_reminders(world.plan, selectors.current_period())
    assert world.contributed_action in planned.no_lead
    own_editor = [r for r in planned.reminders if r.recipient == world.users["partner-editor-own"]]
    assert world.contributed_action in own_editor[0].actions


def test_the_remind_page_previews_and_sends_nothing(world, client, outbox):
    client.force_login(world.users["performance-officer"])
    response = client.get("/delivery/dashboard/remind/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check the reminders before sending" in page
    assert "Own Organisation" in page
    assert "Other Organisation" in page
    assert "Skilled and confident, action 3" in page
    assert "Send 4 reminders" in page
    assert "Updates are due by" in page  # the email text
    assert outbox == []


def test_only_the_confirm_sends(world, client, outbox):
    client.force_login(world.users["performance-officer"])
    response = client.post("/delivery/dashboard/remind/")
    assert response.status_code == 302
    assert response["Location"].endswith("/delivery/dashboard/remind/")
    assert outbox == []
    response = client.post("/delivery/dashboard/remind/", {"confirm": "send"}, follow=True)
    assert "Sent 4 reminder(s)" in response.content.decode()
    assert len(outbox) == 4


# --- Email settings and the weekly digest ----------------------------------------------------------


def test_email_settings_page_saves_the_choice(world, client):
    user = world.users["partner-editor-own"]
    client.force_login(user)
    page = client.get("/delivery/").content.decode()
    assert 'href="/delivery/email-settings/"' in page  # linked from the staff nav
    response = client.get("/delivery/email-settings/")
    assert "Your email settings" in response.content.decode()
    response = client.post("/delivery/email-settings/", {"how": "digest"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=user).digest
    assert client.post("/delivery/email-settings/", {"how": "nonsense"}).status_code == 400
    client.post("/delivery/email-settings/", {"how": "each"})
    assert not NotificationPreference.objects.get(user=user).digest


def test_digest_users_get_no_immediate_email_and_one_weekly_digest(world, outbox, django_capture_on_commit_callbacks):
    officer = world.users["performance-officer"]
    notifications.set_digest(officer, True)
    start = timezone.now()
    update = _submit(world, django_capture_on_commit_callbacks, outbox)
    assert officer.email not in _to(outbox)

    outbox.clear()
    assert notifications.send_due_digests(now=start + dt.timedelta(days=1)) == 0  # the week is not up
    assert notifications.send_due_digests(now=start + dt.timedelta(days=7, minutes=1)) == 1
    assert _to(outbox) == {officer.email}
    body = outbox[0].body
    assert f"submitted, {update.period} update of action 1, Own action" in body
    assert f"{SITE}/delivery/updates/{update.pk}/" in body
    assert world.plan.title in body
    # Sent once: the next is due a week later.
    assert notifications.send_due_digests(now=start + dt.timedelta(days=7, minutes=2)) == 0


def test_digest_lists_only_the_users_own_actions(world, outbox, django_capture_on_commit_callbacks):
    other_lead = world.users["partner-lead-other"]
    notifications.set_digest(other_lead, True)
    start = timezone.now()
    _submit(world, django_capture_on_commit_callbacks, outbox)  # on own_action: not the other organisation's
    assert notifications.send_due_digests(now=start + dt.timedelta(days=8)) == 0


def test_the_scheduler_tick_sends_due_digests(world, outbox, monkeypatch):
    from onestockport.jobs import tasks

    called = []
    monkeypatch.setattr("onestockport.delivery.notifications.send_due_digests", lambda: called.append(1) or 0)
    monkeypatch.setattr("onestockport.jobs.schedule.send_due_reminders", lambda: [])
    monkeypatch.setattr(tasks, "queue_scheduler_tick", lambda **kwargs: True)
    tasks.scheduler_tick.call()
    assert called == [1]


def test_digest_command(world, outbox, run_cli):
    make_update(world.own_action, state=Update.State.DRAFT)
    result = run_cli("delivery", "digest")
    assert result.exit_code == 0, result.output
    assert "Sent 0 weekly digest(s)" in result.output
