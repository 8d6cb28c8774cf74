"""Browser tests: the site served as production serves it, driven by Debian's Chromium.

The `site` fixture collects the static files with WhiteNoise's compressing storage, uses the
shipped plan and its data from `published_plan` (tests/conftest.py: committed, so the server
thread sees it on PostgreSQL too) and serves the plain
Django WSGI application, with no test static-files handler in front of it: WhiteNoise serves the
compressed static files and GZipMiddleware compresses the HTML, so the bytes measured are the
bytes a visitor downloads. Everything is module-scoped, so the loaded plan exists only while the
browser tests run (pytest-randomly keeps a module's tests together) and is deleted afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test.testcases import LiveServerThread
from django.test.utils import override_settings

from onestockport.publish.static_files import UNUSED_STATIC

from .support import ARTEFACTS, CHROMIUM, CHROMIUM_ARGS, REPO_ROOT, WEIGHT_BUDGET, WEIGHTS_FILE, page_weights


class _ServerThread(LiveServerThread):
    """Django's live-server thread serving the bare WSGI application, as production does."""

    def __init__(self, host: str, connections_override: dict) -> None:
        # LiveServerThread wraps its handler as static_handler(_MediaFilesHandler(WSGIHandler()));
        # unwrap it back to the WSGIHandler so no test handler serves files.
        super().__init__(
            host, static_handler=lambda media: media.application, connections_override=connections_override
        )


@dataclass
class Site:
    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="module")
def site(published_plan, django_db_blocker, tmp_path_factory, request) -> Iterator[Site]:
    """The site with the shipped plan, served with compressed static files on a free local port.

    A module whose pages need static files the public pages do not (the admin's) lists what to leave out
    in its own STATIC_IGNORE_PATTERNS."""
    ignore_patterns = getattr(request.module, "STATIC_IGNORE_PATTERNS", UNUSED_STATIC)
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
    with production_static, django_db_blocker.unblock():
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=ignore_patterns)

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


@pytest.fixture(scope="module")
def browser(site):
    """One headless Chromium for the module.

    While Playwright's sync API is active it keeps its asyncio loop marked as running in this
    thread, and the thread sees a different context, so Django's per-context connection handler
    hands pytest-django's per-test transactions a second connection. Django would refuse that
    database work as "async"; nothing runs concurrently, so the check is switched off while the
    browser is open, and that second connection is closed before Playwright stops (PostgreSQL
    cannot drop a test database that still has a session). The fixture depends on `site`, so the
    browser closes before the plan is deleted.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


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
                    name: {
                        "path": w.path,
                        "status": w.status,
                        "transferred_bytes": w.transferred,
                        "resources": w.resources,
                    }
                    for name, w in rows
                },
            },
            indent=2,
        )
        + "\n"
    )
    write = terminalreporter.write_line
    terminalreporter.section("page weights (bytes transferred, compressed as served)")
    width = max(len("page"), *(len(name) for name in page_weights))
    paths = max(len("path"), *(len(w.path) for w in page_weights.values()))
    write(f"{'page':<{width}}  {'path':<{paths}}  {'bytes':>9}  {'requests':>8}  budget")
    for name, weight in rows:
        share = 100 * weight.transferred / WEIGHT_BUDGET
        verdict = "ok" if weight.transferred <= WEIGHT_BUDGET else "OVER"
        write(
            f"{name:<{width}}  {weight.path:<{paths}}  {weight.transferred:>9,}  {len(weight.resources):>8}  "
            f"{share:4.0f}% {verdict}"
        )
    name, largest = rows[0]
    write(f"largest page: {name} ({largest.path}) {largest.transferred:,} bytes of the {WEIGHT_BUDGET:,}-byte budget")
    write(f"written to {WEIGHTS_FILE.relative_to(REPO_ROOT)}")
