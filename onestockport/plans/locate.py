"""Finding a plan's slug from its file at settings time, before Django is set up (so: no Django here)."""

from __future__ import annotations

import re
from pathlib import Path

# `plan:` at the top level, then its `slug:` on an indented line before the next top-level key.
_PLAN_SLUG = re.compile(r"^plan:[ \t]*\n(?:(?:[ \t]+.*|[ \t]*#.*|[ \t]*)\n)*?[ \t]+slug:[ \t]*['\"]?([a-z0-9-]+)", re.M)


def plan_slug_of(path: Path) -> str:
    """The plan file's `plan: slug:`, or its folder's name when the file cannot be read or has none.

    A cheap scan rather than a YAML parse: settings must load even when the plan file is broken, so
    that `plan check` can report what is wrong with it.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return path.parent.name
    match = _PLAN_SLUG.search(text)
    return match.group(1) if match else path.parent.name
