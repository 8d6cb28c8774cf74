"""Browser tests: the site served as production serves it, driven by Debian's Chromium.

The `site` fixture collects the static files with WhiteNoise's compressing storage, loads the
shipped plan (committed, so the server thread sees it on PostgreSQL too) and serves the plain
Django WSGI application, with no test static-files handler in front of it: WhiteNoise serves the
compressed static files and GZipMiddleware compresses the HTML, so the bytes measured are the
bytes a visitor downloads. Everything is module-scoped, so the loaded plan exists only while the
browser tests run (pytest-randomly keeps a module's tests together) and is deleted afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from onestockport.plans import models
from onestockport.plans.services import load_plan

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ARTEFACTS = REPO_ROOT / "test-artefacts"
SCREENSHOTS = ARTEFACTS / "screenshots"
WEIGHTS_FILE = ARTEFACTS / "page-weights.json"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WEIGHT_BUDGET = 102_400  # bytes transferred per page, everything included

# Files the public pages never request. Leaving them out of collectstatic only saves time (the
# full set takes ~25 s to compress); a page that did request one would fail, as the manifest
# would not know it.
UNUSED_STATIC = [
    "admin",
    "*.scss",
    "*.scss.map",
    "*.njk",
    "*.md",
    "*.json",
    "*.yaml",
    "*.html",
    "*.mjs",
    "*.mjs.map",
    "*.bundle.js",
    "*.bundle.js.map",
]
PLAN_MODELS = [
    models.Plan,
    models.Value,
    models.Theme,
    models.Partner,
    models.DeliveryBody,
    models.Priority,
    models.Action,
    models.Commitment,
    models.Measure,
]


@dataclass
class PageWeight:
    path: str
    status: int
    transferred: int
    resources: list[dict] = field(default_factory=list)


# Filled by the tests, printed by pytest_terminal_summary and written to WEIGHTS_FILE.
page_weights: dict[str, PageWeight] = {}


class _ServerThread(LiveServerThread):
    """Django's live-server thread serving the bare WSGI application, as production does."""

    def __init__(self, host: str, connections_override: dict) -> None:
        # LiveServerThread wraps its handler as static_handler(_MediaFilesHandler(WSGIHandler()));
        # unwrap it back to the WSGIHandler so no test handler serves files.
        super().__init__(host, static_handler=lambda media: media.application, connections_override=connections_override)


@dataclass
class Site:
    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


def _row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in PLAN_MODELS}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, shipped_plan_file, tmp_path_factory) -> Iterator[Site]:
    """The site with the shipped plan, served with compressed static files on a free local port."""
    static_root = tmp_path_factory.mktemp("static")
    production_static = override_settings(
        DEBUG=False,
        STATIC_ROOT=static_root,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )
    slug = shipped_plan_file.plan.plan.slug
    with production_static, django_db_blocker.unblock():
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=UNUSED_STATIC)
        before = _row_counts()
        created = not models.Plan.objects.filter(slug=slug).exists()
        load_plan(plan_file=shipped_plan_file)  # committed: visible to the server's own connections

        # Share an in-memory SQLite connection with the server thread, as Django's LiveServerTestCase
        # does; a file or PostgreSQL database is opened by the server's threads themselves.
        shared = {conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()}
        thread = _ServerThread("127.0.0.1", connections_override=shared)
        thread.daemon = True
        for conn in shared.values():
            conn.inc_thread_sharing()
        thread.start()
        thread.is_ready.wait()
        try:
            if thread.error:
                raise thread.error
            yield Site(f"http://{thread.host}:{thread.port}")
        finally:
            thread.terminate()
            for conn in shared.values():
                conn.dec_thread_sharing()
            if created:
                plan = models.Plan.objects.get(slug=slug)
                models.Priority.objects.filter(plan=plan).delete()
                plan.delete()
                assert _row_counts() == before, "the browser tests' plan was not fully removed"


@pytest.fixture(scope="module")
def browser(site):
    """One headless Chromium for the module; depends on `site` so it closes before the plan is deleted
    (Django refuses database work in the main thread while Playwright's event loop is alive)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not page_weights:
        return
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    rows = sorted(page_weights.items(), key=lambda item: item[1].transferred, reverse=True)
    WEIGHTS_FILE.write_text(
        json.dumps(
            {
                "budget_bytes": WEIGHT_BUDGET,
                "pages": {
                    name: {"path": w.path, "status": w.status, "transferred_bytes": w.transferred, "resources": w.resources}
                    for name, w in rows
                },
            },
            indent=2,
        )
        + "\n"
    )
    write = terminalreporter.write_line
    terminalreporter.section("page weights (bytes transferred, compressed as served)")
    width = max(len(name) for name in page_weights)
    paths = max(len(w.path) for w in page_weights.values())
    write(f"{'page':<{width}}  {'path':<{paths}}  {'bytes':>9}  {'requests':>8}  budget")
    for name, weight in rows:
        share = 100 * weight.transferred / WEIGHT_BUDGET
        verdict = "ok" if weight.transferred <= WEIGHT_BUDGET else "OVER"
        write(
            f"{name:<{width}}  {weight.path:<{paths}}  {weight.transferred:>9,}  {len(weight.resources):>8}  "
            f"{share:4.0f}% {verdict}"
        )
    name, largest = rows[0]
    write(
        f"largest page: {name} ({largest.path}) {largest.transferred:,} bytes of the {WEIGHT_BUDGET:,}-byte budget"
    )
    write(f"written to {WEIGHTS_FILE.relative_to(REPO_ROOT)}")
