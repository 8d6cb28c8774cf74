"""The engine names no place: every place-specific word comes from the plan folder (plans/<slug>/).

Walks the code, settings, scripts, Makefile and CI files and fails with file:line for each place literal:
"Stockport" (the product's identifiers onestockport / ONESTOCKPORT_ / OneStockportError and the default
plan slug one-stockport-2030 pass), "Manchester" (so "Greater Manchester" too) and GSS area codes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ROOTS = ("onestockport", "config", "scripts", ".ci")
SINGLE_FILES = ("Makefile",)
TEXT_SUFFIXES = {".py", ".html", ".txt", ".yaml", ".yml", ".md", ".scss", ".js", ".json", ".cfg"}
# Built or third-party files: their source (the .scss) is checked instead.
SKIPPED_PARTS = {"__pycache__", "node_modules", "vendor"}
SKIPPED_FILES = {
    Path("onestockport/publish/static/onestockport/site.css"),
    # The tagging model's WordPiece vocabulary (third-party) has English place names among its 30,522 tokens.
    Path("onestockport/voice/models/all-minilm-l6-v2-onnx-int8/tokenizer.json"),
}

PLACE_LITERAL = re.compile(
    r"(?<!one)(?<!one-)stockport"  # the product's name (onestockport, one-stockport-2030) is no place
    r"|manchester"
    r"|\b[EWSNK]\d{8}\b",  # GSS area codes
    re.IGNORECASE,
)


def _checked_files() -> list[Path]:
    files = [REPO_ROOT / name for name in SINGLE_FILES]
    for root in ROOTS:
        for path in sorted((REPO_ROOT / root).rglob("*")):
            if not path.is_file() or SKIPPED_PARTS.intersection(path.parts):
                continue
            if path.relative_to(REPO_ROOT) in SKIPPED_FILES:
                continue
            # .ci holds extensionless scripts (.ci/run); elsewhere only text files of the listed kinds.
            if path.suffix in TEXT_SUFFIXES or (root == ".ci" and not path.suffix):
                files.append(path)
    return files


# England is the engine's own comparator for any English council, named in one module and nowhere else.
ALLOWED = {("onestockport/places/national.py", 'ENGLAND = "E92000001"')}
DEFAULT_PLAN_SLUG = "one-stockport-2030"
DEFAULT_PLAN_SETTING = "config/settings/base.py"


def place_literals(paths: list[Path]) -> list[str]:
    """'file:line: text' for each line naming a place."""
    found = []
    for path in paths:
        relative = path.relative_to(REPO_ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if (relative, line.strip()) in ALLOWED:
                continue
            if PLACE_LITERAL.search(line):
                found.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()[:120]}")
    return found


@pytest.mark.parametrize(
    ("line", "names_a_place"),
    [
        ("from onestockport.plans import models", False),
        ('os.environ.get("ONESTOCKPORT_PLAN", "one-stockport-2030")', False),
        ("raise OneStockportError(message)", False),
        ("<title>One Stockport</title>", True),
        ("the borough plan for Stockport", True),
        ("Greater Manchester Combined Authority", True),
        ("area=E08000007", True),
        ("Trafford Data Lab publishes it", False),
        ("a checksum AE080000071", False),
    ],
)
def test_the_pattern_tells_a_place_from_the_products_name(line, names_a_place):
    assert bool(PLACE_LITERAL.search(line)) is names_a_place


def test_the_walk_covers_code_settings_scripts_templates_and_ci():
    checked = {path.relative_to(REPO_ROOT).as_posix() for path in _checked_files()}
    assert "Makefile" in checked
    assert ".ci/run" in checked
    assert "config/settings/base.py" in checked
    assert "onestockport/publish/templates/base.html" in checked
    assert "onestockport/delivery/templates/delivery/email/reminder.txt" in checked


def test_no_place_is_named_in_the_engine():
    found = place_literals(_checked_files())
    assert not found, "the engine names a place; take it from the plan folder instead:\n" + "\n".join(found)


def test_the_default_plan_is_named_only_in_the_settings():
    naming = {
        path.relative_to(REPO_ROOT).as_posix()
        for path in _checked_files()
        if DEFAULT_PLAN_SLUG in path.read_text(encoding="utf-8")
    }
    assert naming == {DEFAULT_PLAN_SETTING}
