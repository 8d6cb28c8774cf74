"""Reminders go on the days set for each reporting period, once each, with the clock fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from onestockport.delivery.periods import Period
from onestockport.jobs.models import Job, ReminderDate
from onestockport.jobs.schedule import dates_for, send_due_reminders

pytestmark = pytest.mark.django_db

Q4 = Period(2026, 4, 3)  # October to December 2026


@pytest.fixture(autouse=True)
def _editor_emails(world, settings):
    settings.ONESTOCKPORT_REMINDER_DAYS_BEFORE_PERIOD_END = "14,3"
    for key in ("partner-editor-own", "partner-editor-other"):
        world.users[key].email = f"{key}@example.org"
        world.users[key].save()


def test_a_period_without_dates_gets_the_default_days_before_its_end():
    assert [reminder.send_on for reminder in dates_for(Q4)] == [dt.date(2026, 12, 17), dt.date(2026, 12, 28)]
    assert [reminder.send_on for reminder in dates_for(Q4)] == [dt.date(2026, 12, 17), dt.date(2026, 12, 28)]


def test_reminders_go_on_their_day_and_only_once(world):
    assert send_due_reminders(today=dt.date(2026, 12, 16)) == []
    assert mail.outbox == []

    sent = send_due_reminders(today=dt.date(2026, 12, 17))
    assert len(sent) == 1
    assert sent[0].status == Job.Status.SUCCEEDED, sent[0].error
    assert sent[0].title == "Reminders for 2026-Q4, scheduled for 17 December 2026"
    first = len(mail.outbox)
    assert first >= 1
    assert {"partner-editor-own@example.org"} <= {to for message in mail.outbox for to in message.to}

    assert send_due_reminders(today=dt.date(2026, 12, 17)) == []  # the worker looks again within the day
    assert send_due_reminders(today=dt.date(2026, 12, 20)) == []
    assert len(mail.outbox) == first

    assert len(send_due_reminders(today=dt.date(2026, 12, 28))) == 1
    assert ReminderDate.objects.filter(period="2026-Q4", sent_at__isnull=True).count() == 0


def test_dates_set_by_staff_replace_the_defaults(world, client):
    client.force_login(world.users["performance-officer"])
    page = client.get("/delivery/reminders/")
    assert page.status_code == 200
    ReminderDate.objects.filter(period="2027-Q1").delete()
    response = client.post("/delivery/reminders/", {"period": "2027-Q1", "send_on": "2027-03-01"})
    assert response.status_code == 302
    assert [r.send_on for r in dates_for(Period(2027, 1, 3))] == [dt.date(2027, 3, 1)]
    assert send_due_reminders(today=dt.date(2027, 2, 28)) == []
    assert len(send_due_reminders(today=dt.date(2027, 3, 1))) == 1


def test_a_missed_date_is_sent_late_within_its_period_but_not_after(world):
    dates_for(Q4)
    assert len(send_due_reminders(today=dt.date(2026, 12, 30))) == 2  # both dates passed while no worker ran
    ReminderDate.objects.filter(period="2026-Q3").delete()
    ReminderDate.objects.create(period="2026-Q3", send_on=dt.date(2026, 9, 20))
    assert send_due_reminders(today=dt.date(2026, 12, 30)) == []  # Q3 is over


def test_the_reminders_page_refuses_a_bad_date(world, client):
    client.force_login(world.users["performance-officer"])
    response = client.post("/delivery/reminders/", {"period": "2027-Q9", "send_on": "2027-02-30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Day to send the reminders must be a real date" in page


def test_the_scheduler_queues_its_next_look_once():
    from django_tasks_db.models import DBTaskResult

    from onestockport.jobs.tasks import queue_scheduler_tick

    assert queue_scheduler_tick() is True
    assert queue_scheduler_tick() is False
    assert DBTaskResult.objects.filter(task_path__endswith="scheduler_tick").count() == 1
