"""The links (<a href>) of an HTML page, for tests that check where a page sends people."""

from __future__ import annotations

from html.parser import HTMLParser


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs
