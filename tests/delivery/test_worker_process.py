"""The worker is its own process: a job queued by one process is run by another, on the real database.

On SQLite a database file (the in-memory test database can't be shared); on PostgreSQL the test
database itself, in CI's PostgreSQL run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE_A_JOB = (
    "from onestockport.jobs import services; "
    "job = services.start('board-pack', {'body': 'no-such-board', 'period': '2026-Q3'}); print(job.pk)"
)


def _database_url(tmp_path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings["USER"] or "postgres"
        return f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    _onestockport(url, "migrate")
    return url


def _onestockport(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    result = subprocess.run(
        [sys.executable, "-m", "onestockport.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_job_queued_by_one_process_is_run_by_the_worker_process(tmp_path):
    url = _database_url(tmp_path)
    job_id = _onestockport(url, "manage", "shell", "-v", "0", "-c", QUEUE_A_JOB).strip().splitlines()[-1]
    assert "Waiting to start" in _onestockport(url, "jobs", "show", job_id)

    _onestockport(url, "worker", "--batch")

    shown = _onestockport(url, "jobs", "show", job_id)
    # The plan is not loaded in this database: the job ran, and failed saying so.
    assert "Board pack: Failed" in shown
    assert "Error: plan " in shown
    assert "is not loaded" in shown
