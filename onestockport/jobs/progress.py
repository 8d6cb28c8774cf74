"""A job's progress, written to its row as it goes, so staff see it from any instance."""

from __future__ import annotations

import time

from django.db import connection
from django.utils import timezone

from .models import Job

# Writes at most this often: a tight loop reporting every row must not become a write per row.
WRITE_INTERVAL_SECONDS = 0.5


class Progress:
    """Given to a job's work: `stage` says what it is doing, `advance`/`set` how far it has got.

    A write that would land inside the work's own transaction is held back (no other connection
    could see it before the commit, and on SQLite it would queue behind the work's lock); the next
    write outside it carries the latest figures.
    """

    def __init__(self, job: Job, *, echo=None) -> None:
        self.job = job
        self.echo = echo  # the command line's own display, when run from it
        self._written = 0.0
        # Transactions already open when the job began (a test's, say) are not the work's own.
        self._outer_transactions = len(connection.atomic_blocks)

    def stage(self, text: str, *, total: int | None = None) -> None:
        self.job.stage = text[:300]
        self.job.done = 0
        self.job.total = total
        self._write(force=True)

    def advance(self, amount: int = 1) -> None:
        self.job.done += amount
        self._write()

    def set(self, done: int, total: int | None) -> None:
        self.job.done, self.job.total = done, total
        self._write()

    def _write(self, *, force: bool = False) -> None:
        if self.echo:
            self.echo(self.job)
        now = time.monotonic()
        inside_the_work = len(connection.atomic_blocks) > self._outer_transactions
        if inside_the_work or (not force and now - self._written < WRITE_INTERVAL_SECONDS):
            return
        self._written = now
        Job.objects.filter(pk=self.job.pk).update(
            stage=self.job.stage, done=self.job.done, total=self.job.total, status=self.job.status
        )


def mark_started(job: Job) -> None:
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
