"""The one queued task: run a job by its id. The queue is django-tasks' database backend (settings.TASKS)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import run

    run(job_id)


# How often the worker looks for scheduled work (reminders, weekly digests) to do.
TICK_INTERVAL = dt.timedelta(hours=1)


@task()
def scheduler_tick() -> None:
    """Send the reminders whose day has come and the weekly digests that are due, delete survey exports and
    case-study images left waiting a day, then queue the next look an interval from now."""
    from onestockport.casestudies import pending_images
    from onestockport.delivery.notifications import send_due_digests
    from onestockport.voice import survey_upload

    from .schedule import send_due_reminders

    try:
        try:
            send_due_reminders()
        finally:
            try:
                send_due_digests()
            finally:
                survey_upload.remove_abandoned()
                pending_images.remove_abandoned()
    finally:
        queue_scheduler_tick(after=timezone.now() + TICK_INTERVAL)


def queue_scheduler_tick(*, after: dt.datetime | None = None) -> bool:
    """Queue the scheduler's next look, unless one is already waiting; True if one was queued."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=scheduler_tick.module_path, status="READY").exists()
    if waiting:
        return False
    scheduler_tick.using(run_after=after).enqueue()
    return True
