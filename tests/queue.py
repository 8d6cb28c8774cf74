"""Running the background-jobs queue inside a test, as `onestockport worker --batch` does."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command


def work_the_queue() -> None:
    """Run every waiting task of the database queue, in this process and this test's transaction.

    The worker closes database connections it thinks stale between tasks; inside a test's
    transaction that would be the test's own connection (PostgreSQL), so that step is left out
    here. tests/delivery/test_worker_process.py runs a real worker process, which keeps it.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
