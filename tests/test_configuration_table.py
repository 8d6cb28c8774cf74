"""Every environment variable the settings read is in the README's configuration table, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# os.environ.get("X"...), os.environ["X"] and production's _required("X").
# Read by Django itself (which settings module to load), not by the settings.
READ_BY_DJANGO = {"DJANGO_SETTINGS_MODULE"}
READ = re.compile(r"""(?:os\.environ(?:\.get)?\(?\[?|_required\()\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read_by_settings() -> set[str]:
    names = set(READ_BY_DJANGO)
    for path in (ROOT / "config" / "settings").glob("*.py"):
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def variables_in_readme() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_the_settings_read_environment_variables():
    assert {"ONESTOCKPORT_PLAN", "DJANGO_SECRET_KEY", "EMAIL_HOST"} <= variables_read_by_settings()


def test_every_variable_the_settings_read_is_documented():
    assert sorted(variables_read_by_settings() - variables_in_readme()) == []


def test_the_table_documents_no_variable_the_settings_ignore():
    assert sorted(variables_in_readme() - variables_read_by_settings()) == []
