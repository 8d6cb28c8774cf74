"""Database queries per public page type: the most any page of each type runs, with a cold and a warm cache.

    ONESTOCKPORT_VAR_DIR=/tmp/q .venv/bin/onestockport setup      # the real plan and data, once
    ONESTOCKPORT_VAR_DIR=/tmp/q .venv/bin/python benchmarks/query_counts.py [--json]

Every page the static export would seed is fetched three times through Django's test client: after the
cache is cleared (cold: the overview is computed), rendered again with the data's caches warm (a query
string keeps the page itself from being stored or served from the page cache), and as stored (the page
cache's answer, when it is on). Pages are grouped by their URL name (place pages also by the kind of
place); each type reports its pages, the largest counts and the slowest warm render. Nothing is written
to the database except the cache. ONESTOCKPORT_PAGE_CACHE=0 measures without the page cache.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("ONESTOCKPORT_REQUEST_LOG_LEVEL", "WARNING")  # one line per request would drown the table
    import django

    django.setup()


def page_type(path: str) -> str:
    from django.urls import resolve

    name = resolve(path).view_name
    if name == "publish:place":
        from onestockport.publish.place_directory import place_directory

        slug = path.strip("/").split("/")[-1]
        kinds = {entry.slug: entry.kind for entry in place_directory()}
        return f"{name} ({kinds[slug]})" if slug in kinds else name
    return name


def measure() -> dict[str, dict]:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from onestockport.export.seeds import seed_paths
    from onestockport.plans.models import Plan

    plan = Plan.objects.get(slug=settings.ONESTOCKPORT_PLAN_SLUG)
    client = Client(HTTP_HOST="127.0.0.1")
    types: dict[str, dict] = defaultdict(
        lambda: {"pages": 0, "cold": 0, "warm": 0, "stored": 0, "warm_ms": 0.0, "worst": ""}
    )
    for path in seed_paths(plan):
        if not path.endswith("/"):
            continue  # downloads (CSV, JSON) are files, not pages
        cache.clear()
        reset_queries()  # the log keeps 9,000 queries: once full, a capture would count none
        with CaptureQueriesContext(connection) as cold:
            client.get(path)
        cold_count = len(cold)  # read now: a capture reads the connection's log when asked
        reset_queries()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as warm:
            status = client.get(f"{path}?render").status_code
        elapsed = (time.perf_counter() - started) * 1000
        warm_count = len(warm)
        client.get(path)  # stores it
        reset_queries()
        with CaptureQueriesContext(connection) as stored:
            client.get(path)
        stored_count = len(stored)
        if status != 200:
            continue
        row = types[page_type(path)]
        row["pages"] += 1
        if warm_count > row["warm"]:
            row["worst"] = path
        row["cold"] = max(row["cold"], cold_count)
        row["warm"] = max(row["warm"], warm_count)
        row["stored"] = max(row["stored"], stored_count)
        row["warm_ms"] = max(row["warm_ms"], round(elapsed, 1))
    return dict(sorted(types.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    arguments = parser.parse_args()
    _setup()
    types = measure()
    if arguments.json:
        print(json.dumps(types, indent=2))
        return
    print("| page type | pages | queries: cold | warm render | stored page | slowest warm render (ms) | worst page |")
    print("|---|---|---|---|---|---|---|")
    for name, row in types.items():
        print(
            f"| {name} | {row['pages']} | {row['cold']} | {row['warm']} | {row['stored']} | {row['warm_ms']} "
            f"| `{row['worst']}` |"
        )


if __name__ == "__main__":
    main()
