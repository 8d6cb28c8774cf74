"""Queries per public page type, on the shipped plan and data: at most the counts in docs/PERFORMANCE.md.

Each page is rendered with the data's caches warm (a query string keeps the page cache out of it), then
served from the page cache (with the tests' in-memory cache, no database read at all).
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import resolve

from onestockport.export.seeds import seed_paths
from onestockport.publish.place_directory import place_directory
from onestockport.server import content_version

# The most queries a warm render of any page of the type may run (docs/PERFORMANCE.md, "Queries per page").
MOST_QUERIES = {
    "publish:home": 14,
    "publish:theme": 6,
    "publish:priority": 20,
    "publish:action": 13,  # 12, and its approved case studies
    "publish:actions": 12,
    "publish:indicators": 6,
    "publish:indicator": 32,
    "publish:values": 4,
    "publish:partners": 6,
    "publish:about": 6,
    "publish:methods": 3,
    "publish:places": 24,
    "publish:place-search": 3,
    "publish:place (ward)": 44,
    "publish:place (neighbourhood)": 43,
    "publish:place (centre)": 46,
    "publish:census-figure": 62,
    "delivery_public:statuses": 3,
    "delivery_public:partner": 6,
    "voice:what-we-heard": 10,
    "voice:who-we-heard-from": 6,
    "voice:you-said-we-did": 15,  # + the latest approved statuses and the approved updates, one query each
    "voice:priority": 15,
    "opendata:index": 6,  # 5, and whether a case study was approved since the package was built
    "api:index": 5,
    "casestudies:index": 5,
}


def _pages_by_type(plan) -> dict[str, list[str]]:
    kinds = {entry.slug: entry.kind for entry in place_directory()}
    pages: dict[str, list[str]] = {}
    for path in seed_paths(plan):
        if not path.endswith("/"):
            continue
        name = resolve(path).view_name
        if name == "publish:place":
            name = f"{name} ({kinds[path.strip('/').split('/')[-1]]})"
        pages.setdefault(name, []).append(path)
    return pages


@pytest.fixture(scope="module")
def pages(published_plan, django_db_blocker) -> dict[str, list[str]]:
    with django_db_blocker.unblock():
        return _pages_by_type(published_plan)


def test_every_public_page_type_has_a_bound(pages):
    assert set(pages) == set(MOST_QUERIES)


@pytest.mark.parametrize("page_type", sorted(MOST_QUERIES))
def test_queries_per_page_type(page_type, pages, client, db, settings, django_assert_max_num_queries, monkeypatch):
    settings.ONESTOCKPORT_PAGE_CACHE = True
    version_reads = []
    read_version = content_version._read_version
    monkeypatch.setattr(content_version, "_read_version", lambda: version_reads.append(1) or read_version())
    cache.clear()
    # the first, the last and one from the middle of each type: the bound holds for all in the benchmark
    chosen = sorted({pages[page_type][0], pages[page_type][len(pages[page_type]) // 2], pages[page_type][-1]})
    for path in chosen:
        assert client.get(f"{path}?warm").status_code == 200
        with django_assert_max_num_queries(MOST_QUERIES[page_type]):
            assert client.get(f"{path}?render").status_code == 200
        client.get(path)
        version_reads.clear()
        # The test cache is in memory: no query through Django, and the content version's one select,
        # which goes to the database driver directly (content_version._read_version).
        with django_assert_max_num_queries(0):
            assert client.get(path)["X-Cache"] == "hit"
        assert version_reads == [1]
