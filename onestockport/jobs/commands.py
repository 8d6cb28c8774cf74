"""`onestockport worker` and `onestockport jobs list|show`, and `queue` for the commands' --background.

onestockport/cli.py registers them. Nothing here touches Django at import time.
"""

from __future__ import annotations

from pathlib import Path

import click

from onestockport.command_support import django_command

BACKGROUND_HELP = "Queue it as a background job for the worker (`onestockport worker`) and return at once."


def queue(kind: str, params: dict, *, title: str | None = None, upload: Path | None = None) -> None:
    """Queue a job from a command (Django is set up) and say where to follow it."""
    from django.conf import settings
    from django.urls import reverse

    from . import services

    if upload is not None:
        try:
            content = upload.read_bytes()
        except OSError as exc:
            raise click.ClickException(f"{upload}: cannot read the file: {exc.strerror}") from None
        params = {**params, "file": services.keep_upload(upload.name, content), "file_name": upload.name}
    job = services.start(kind, params, title=title)
    address = settings.ONESTOCKPORT_SITE_URL.rstrip("/") + reverse("delivery:job", args=[job.pk])
    click.echo(f"Queued job {job.pk}: {job.title}. Follow it with `onestockport jobs show {job.pk}` or at {address}")


@click.command("worker")
@click.option("--batch", is_flag=True, help="Run every job waiting now, then stop (for cron or a test).")
@click.option("--interval", type=float, default=1.0, show_default=True, help="Seconds between looks at an empty queue.")
@click.option("--stop-with", type=int, default=None, hidden=True, help="Stop when this process ends (serve's own).")
@django_command
def worker(batch: bool, interval: float, stop_with: int | None) -> None:
    """Run background jobs from the queue in the site's database, and the reminder schedule.

    Start as many as you like, on any machine that reaches the database: each job runs once.
    """
    from django.core.management import call_command

    from .tasks import queue_scheduler_tick

    if stop_with is not None:
        _stop_with(stop_with)
    if not batch:
        queue_scheduler_tick()
    options = {"batch": batch, "interval": interval, "no_startup_delay": True, "verbosity": 1}
    call_command("db_worker", **options)


@click.group()
def jobs() -> None:
    """Background jobs: imports, reports, board packs, tagging, the static export and reminders."""


@jobs.command("list")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@django_command
def jobs_list(limit: int) -> None:
    """The latest jobs, newest first."""
    from .models import Job

    for job in Job.objects.select_related("created_by")[:limit]:
        who = job.created_by.get_username() if job.created_by else "command line or schedule"
        click.echo(f"{job.pk:>6}  {job.created_at:%Y-%m-%d %H:%M}  {job.get_status_display():<17} {job.title} ({who})")


@jobs.command("show")
@click.argument("job_id", type=int)
@django_command
def jobs_show(job_id: int) -> None:
    """One job: its progress, outcome, files or error."""
    from .models import Job

    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise click.ClickException(f"no job {job_id}")
    click.echo(f"{job.title}: {job.get_status_display()}")
    if job.stage and not job.finished:
        count = f" ({job.done} of {job.total})" if job.total else ""
        click.echo(f"  {job.stage}{count}")
    if job.summary:
        click.echo(f"  {job.summary}")
    if job.error:
        click.echo(f"  Error: {job.error}")
    for output in job.outputs:
        click.echo(f"  File: {output['name']} ({output['size']:,} bytes)")


def _stop_with(pid: int) -> None:
    """End this worker (as SIGTERM would: the task under way finishes first) once process `pid` has
    gone, so a site stopped however it was stopped leaves no worker behind."""
    import os
    import signal
    import threading
    import time

    def watch() -> None:
        while True:
            time.sleep(2)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            except PermissionError:  # alive, under another user
                continue

    threading.Thread(target=watch, name="stop-with-site", daemon=True).start()
