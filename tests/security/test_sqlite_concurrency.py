"""Two reviewers acting at once on SQLite: one succeeds, the other is told (409), nobody sees a 500.

SQLite in its default deferred mode lets both transactions read, then refuses the second one's write with
"database is locked" at once (waiting could deadlock), which Django answered with a 500. In immediate mode
(config/settings/base.py) each write transaction takes the write lock when it starts and the other waits
for it, then finds the update already reviewed: the delivery views' 409.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from config.settings.base import database_from_environment

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_sqlite_database_starts_write_transactions_immediately(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    database = database_from_environment(tmp_path / "x.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 20


def test_a_sqlite_database_url_gets_the_same_options(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'y.sqlite3'}")
    assert database_from_environment(tmp_path / "unused.sqlite3")["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db/onestockport")
    assert "transaction_mode" not in database_from_environment(tmp_path / "unused.sqlite3").get("OPTIONS", {})


def test_two_reviewers_at_once_get_one_success_and_one_conflict(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["ONESTOCKPORT_RACE_DATABASE"] = str(tmp_path / "race.sqlite3")
    env["PYTHONPATH"] = str(REPO_ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.sqlite_race"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["transaction_mode"] == "IMMEDIATE"
    assert outcome["approve"] == 302, outcome  # the first reviewer's approval went through
    assert outcome["return"] == 409, outcome  # the second was told the update had moved on, not a 500
    assert outcome["state"] == "approved"
    assert "database is locked" not in result.stderr
