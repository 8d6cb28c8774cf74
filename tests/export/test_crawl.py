"""The crawl on a small made-up site (no database): links followed level by level, the same result with
one process or several, and a broken link named with the page that links to it."""

from __future__ import annotations

import pytest

from onestockport.export.crawl import Document, Renderer, crawl_site
from onestockport.export.errors import PageRenderError

PAGES = {
    "/": '<link rel="stylesheet" href="/static/site.css"><a href="/a/">A</a> <a href="/b/">B</a>',
    "/a/": '<a href="/a/1/">1</a> <a href="/b/">B</a> <a href="/delivery/sign-in/">Sign in</a> <a href="/a/?q=x">Q</a>',
    "/a/1/": '<a href="/">Home</a> <a href="/data.csv">CSV</a> <img src="/static/map.svg" alt="">',
    "/b/": '<a href="#top">Top</a> <a href="https://www.ons.gov.uk/">ONS</a>',
    "/data.csv": "a,b\n1,2\n",
}


class MadeUpSite(Renderer):
    """Serves PAGES; any other path answers 404, as the real renderer reports it."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages

    def get(self, path: str, *, expect: int = 200, referrer: str | None = None) -> Document:
        if path not in self.pages:
            where = f"{path} (linked from {referrer})" if referrer else path
            raise PageRenderError(f"{where} returned HTTP 404, expected {expect}")
        content_type = "text/csv" if path.endswith(".csv") else "text/html; charset=utf-8"
        return Document(path=path, body=self.pages[path].encode(), content_type=content_type)


@pytest.mark.parametrize("workers", [1, 2])
def test_links_are_followed_and_only_exported_paths_are_rendered(workers):
    progress: list[tuple[int, int]] = []
    crawl = crawl_site(
        renderer=MadeUpSite(PAGES), seeds=["/"], workers=workers, progress=lambda *done: progress.append(done)
    )
    assert sorted(crawl.documents) == ["/", "/a/", "/a/1/", "/b/", "/data.csv"]  # no sign-in, no query
    assert crawl.assets == {"/static/site.css": "/", "/static/map.svg": "/a/1/"}
    assert crawl.documents["/data.csv"].body == b"a,b\n1,2\n"
    assert "/data.csv" not in crawl.references  # downloads are not parsed
    assert progress[-1] == (5, 5)


def test_several_processes_give_the_same_result_as_one():
    one = crawl_site(renderer=MadeUpSite(PAGES), seeds=["/"], workers=1)
    two = crawl_site(renderer=MadeUpSite(PAGES), seeds=["/"], workers=2)
    assert one.documents == two.documents
    assert one.references == two.references
    assert one.assets == two.assets


@pytest.mark.parametrize("workers", [1, 2])
def test_a_broken_link_fails_the_crawl_naming_the_page_that_links_to_it(workers):
    pages = {**PAGES, "/b/": '<a href="/gone/">Gone</a>'}
    with pytest.raises(PageRenderError, match=r"^/gone/ \(linked from /b/\) returned HTTP 404, expected 200$"):
        crawl_site(renderer=MadeUpSite(pages), seeds=["/"], workers=workers)
