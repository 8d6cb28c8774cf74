"""When partners are reminded: dates set per reporting period, sent by the worker on the day.

Staff set a period's dates on the reminders page. A period with none set gets the default days
before its last day (settings.ONESTOCKPORT_REMINDER_DAYS_BEFORE_PERIOD_END), written as rows the
first time the period is looked at, so staff see and change them like any other. The worker's
scheduler task calls `send_due_reminders` every hour; each date is sent once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestockport.delivery.periods import Period

from .models import Job, ReminderDate


def default_days() -> list[int]:
    text = str(settings.ONESTOCKPORT_REMINDER_DAYS_BEFORE_PERIOD_END)
    return sorted({int(part) for part in text.split(",") if part.strip()}, reverse=True)


def dates_for(period: Period) -> list[ReminderDate]:
    """The period's reminder dates, the defaults written first if it has none."""
    with transaction.atomic():
        if not ReminderDate.objects.filter(period=period.label).exists():
            ReminderDate.objects.bulk_create(
                [
                    ReminderDate(period=period.label, send_on=period.end - dt.timedelta(days=days))
                    for days in default_days()
                ],
                ignore_conflicts=True,
            )
    return list(ReminderDate.objects.filter(period=period.label))


def send_due_reminders(*, today: dt.date | None = None) -> list[Job]:
    """Send the current period's reminders whose day has come and that were not sent yet.

    Only the current period's: a date missed while no worker ran is still worth sending within the
    period, but not once the period is over (its updates are being reviewed by then).
    """
    from onestockport.delivery.selectors import current_period

    from .services import run_here

    today = today or timezone.localdate()
    period = current_period(today=today)
    dates_for(period)
    jobs = []
    for reminder in ReminderDate.objects.filter(period=period.label, send_on__lte=today, sent_at__isnull=True):
        # Claimed first, so two workers ticking at once send it once.
        claimed = ReminderDate.objects.filter(pk=reminder.pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            continue
        job = run_here(
            "reminders",
            {"period": period.label},
            title=f"Reminders for {period.label}, scheduled for {reminder.send_on:%d %B %Y}",
        )
        ReminderDate.objects.filter(pk=reminder.pk).update(job=job)
        jobs.append(job)
    return jobs
