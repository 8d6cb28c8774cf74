"""The `onestockport` command: in-process for speed, and once as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from onestockport.cli import cli
from onestockport.plans.models import Action, Plan
from tests.conftest import REPO_ROOT, SHIPPED_PLAN


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def broken_plan(tmp_path) -> Path:
    """A misspelt key, a priority without its (required) name and a commitment due 'twenty'."""
    document = yaml.load(SHIPPED_PLAN.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    action = document["priorities"][5]["actions"][3]
    action["commitmnets"] = action.pop("commitments")
    del document["priorities"][1]["name"]
    document["priorities"][5]["actions"][1]["commitments"][0]["by"] = "twenty"
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True), encoding="utf-8")
    return path


def test_check_accepts_the_shipped_plan(run):
    result = run("plan", "check")
    assert result.exit_code == 0
    assert "valid (3 themes, 9 priorities, 68 actions)" in result.output


@pytest.mark.django_db
def test_check_names_every_problem_and_writes_nothing(run, broken_plan, loaded_plan):
    before = list(Action.objects.values_list("pk", "title", "text"))
    result = run("plan", "check", str(broken_plan))
    assert result.exit_code == 1
    assert "3 problems" in result.output
    assert "priorities[5].actions[3].commitmnets" in result.output
    assert "priorities[1].name" in result.output
    assert "priorities[5].actions[1].commitments[0].by" in result.output
    assert "'twenty'" in result.output
    assert list(Action.objects.values_list("pk", "title", "text")) == before


@pytest.mark.django_db
def test_load_refuses_an_invalid_file_and_leaves_the_database_empty(run, broken_plan):
    result = run("plan", "load", str(broken_plan))
    assert result.exit_code == 1
    assert "nothing was loaded" in result.output
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_load_twice_then_stats(run):
    first = run("plan", "load")
    assert first.exit_code == 0
    assert "Loaded one-stockport-2030" in first.output
    second = run("plan", "load")
    assert "up to date" in second.output
    stats = json.loads(run("plan", "stats").output)
    assert stats["themes"] == 3
    assert stats["priorities"] == 9
    assert stats["actions"] == 68
    assert stats["measures"] == 44
    assert stats["partners"] == 18
    assert stats["commitments"] == 12


@pytest.mark.django_db
def test_stats_before_any_load_says_what_to_do(run):
    result = run("plan", "stats")
    assert result.exit_code == 1
    assert "onestockport plan load" in result.output


@pytest.mark.parametrize(
    "command", [[], ["plan"], ["plan", "check"], ["plan", "load"], ["plan", "stats"], ["setup"], ["serve"], ["migrate"]]
)
def test_every_command_has_help(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_the_installed_command_works_on_its_own_database(tmp_path):
    """The real entry point, in a fresh process, on a database of its own."""
    executable = Path(sys.executable).with_name("onestockport")
    env = {**os.environ, "ONESTOCKPORT_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DATABASE_URL", None)

    def call(*args: str) -> str:
        done = subprocess.run([executable, *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        return done.stdout

    call("migrate")
    assert "Loaded" in call("plan", "load")
    assert json.loads(call("plan", "stats"))["actions"] == 68
    assert (tmp_path / "onestockport.sqlite3").exists()


class _PgError(Exception):
    """Stands in for psycopg's error, which carries the SQLSTATE code as `sqlstate`."""

    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _database_error(kind: str, message: str, sqlstate: str | None = None):
    from django import db

    error = getattr(db, kind)(message)
    if sqlstate:
        error.__cause__ = _PgError(message, sqlstate)
    return error


@pytest.mark.parametrize(
    ("kind", "message", "sqlstate", "expected", "migrate"),
    [
        ("OperationalError", "no such table: plans_plan", None, "no such table: plans_plan", True),
        ("OperationalError", "no such column: plans_plan.slug", None, "no such column", True),
        ("ProgrammingError", 'relation "plans_plan" does not exist', "42P01", "does not exist", True),
        ("ProgrammingError", "column plans_plan.slug does not exist", "42703", "does not exist", True),
        ("OperationalError", "database is locked", None, "another process is writing", False),
        ("OperationalError", "deadlock detected", "40P01", "another process is writing", False),
        (
            "IntegrityError",
            "UNIQUE constraint failed: indicators_release.format, indicators_release.checksum",
            None,
            "indicators_release.format, indicators_release.checksum",
            False,
        ),
        (
            "IntegrityError",
            'duplicate key value violates unique constraint "release_checksum_unique"\n'
            "DETAIL:  Key (format, checksum)=(ons-els, abc) already exists.",
            "23505",
            "Key (format, checksum)=(ons-els, abc) already exists",
            False,
        ),
        ("DataError", "value too long for type character varying(40)", "22001", "value too long", False),
        ("OperationalError", "disk I/O error", None, "database error: disk I/O error", False),
    ],
)
def test_a_database_error_is_explained_for_what_it_is(monkeypatch, kind, message, sqlstate, expected, migrate):
    from onestockport.plans import selectors

    def failing(*args, **kwargs):
        raise _database_error(kind, message, sqlstate)

    monkeypatch.setattr(selectors, "get_plan", failing)
    result = CliRunner().invoke(cli, ["data", "import", "ons-els", "absent.csv"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert expected in result.output
    assert ("onestockport migrate" in result.output) is migrate
    if kind == "IntegrityError":
        assert "conflicts with" in result.output


def test_the_help_names_no_place(run):
    assert run("--help").output.split("\n\n")[1].startswith("  The plan as data:")


@pytest.mark.django_db
def test_serve_names_the_loaded_plans_site(run, tmp_path, settings, monkeypatch):
    document = {
        "schema_version": 1,
        "place": {"site_name": "Our Town Online", "name": "Our Town", "kind": "unitary"},
        "plan": {
            "slug": "our-town-2035",
            "title": "Our Town 2035",
            "status": "Adopted",
            "period_end": 2035,
            "source": "x",
        },
        "themes": [{"slug": "people", "name": "People"}],
        "priorities": [{"slug": "a", "theme": "people", "name": "A", "measures": [{"slug": "m", "text": "M"}]}],
    }
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    settings.ONESTOCKPORT_PLAN_FILE = path
    settings.ONESTOCKPORT_PLAN_SLUG = "our-town-2035"
    run("plan", "load", str(path))
    monkeypatch.setattr("onestockport.server.wsgi_server.run_server", lambda *args, **kwargs: None)  # no server

    assert "Serving Our Town Online on http://127.0.0.1:8000/" in run("serve").output
