"""Compare two static exports page by page: what a reader would see change, and what else changed.

    python scripts/compare_exports.py BEFORE_DIR AFTER_DIR [--diff N]

For each page (index.html) in either export it reports whether the page is new, gone, unchanged,
or changed, and for a changed page the lines of visible text that differ (up to N per page). Asset
names carry content hashes, so a page whose only change is a new stylesheet's name counts as
"markup only". Downloads (CSV, JSON) are compared byte for byte.
"""

from __future__ import annotations

import argparse
import difflib
import re
from html.parser import HTMLParser
from pathlib import Path

HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js|svg|png|woff2?|ico)")
SKIPPED_TAGS = {"script", "style"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._skip = 0
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skip += 1
        elif tag in {"p", "li", "h1", "h2", "h3", "h4", "tr", "title", "dt", "dd", "caption", "br", "div"}:
            self._flush()
        for name, value in attrs:
            if name in {"aria-label", "alt", "content"} and value:
                self.lines.append(f"[{name}] {value}")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in {"p", "li", "h1", "h2", "h3", "h4", "tr", "title", "dd", "caption", "div"}:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.lines.append(text)
        self._current = []

    def text(self) -> list[str]:
        self._flush()
        return self.lines


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.text()


def files(root: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(root)): path
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != "static"
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--diff", type=int, default=12, help="Changed lines to show per page.")
    args = parser.parse_args()
    before, after = files(args.before), files(args.after)
    counts = {"unchanged": 0, "markup only": 0, "text changed": 0, "new": 0, "gone": 0}
    for name in sorted(set(before) | set(after)):
        if name not in after:
            counts["gone"] += 1
            print(f"GONE     {name}")
            continue
        if name not in before:
            counts["new"] += 1
            print(f"NEW      {name}")
            continue
        old, new = before[name].read_bytes(), after[name].read_bytes()
        if old == new:
            counts["unchanged"] += 1
            continue
        if not name.endswith(".html"):
            counts["text changed"] += 1
            print(f"CHANGED  {name} (download, {len(old):,} -> {len(new):,} bytes)")
            continue
        old_text = visible_text(HASHED.sub(".#.\\1", old.decode("utf-8")))
        new_text = visible_text(HASHED.sub(".#.\\1", new.decode("utf-8")))
        if old_text == new_text:
            counts["markup only"] += 1
            continue
        counts["text changed"] += 1
        print(f"CHANGED  {name}")
        changed = [
            line
            for line in difflib.unified_diff(old_text, new_text, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        for line in changed[: args.diff]:
            print(f"    {line[:200]}")
        if len(changed) > args.diff:
            print(f"    … {len(changed) - args.diff} more changed lines")
    print(", ".join(f"{value} {key}" for key, value in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
