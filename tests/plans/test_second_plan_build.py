"""The second shipped plan, built from nothing with documented settings only, names no other place.

scripts/build_plan.py runs setup, site build, report poster, report annual, data package and a voice
import of synthetic responses from the plan's own wards, fetches the API's answers, and lists every
occurrence of the default plan's place name. It may appear only as a comparator in a table of figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECOND_PLAN = "our-manchester-2025"
DEFAULT_PLACE = "Stockport"  # the default plan's place, which the second plan's build must not name

pytestmark = pytest.mark.plan_build


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("second-plan")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_plan.py"), SECOND_PLAN, str(out), "--forbid", DEFAULT_PLACE],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    return result, out


def test_every_command_succeeds_and_the_default_place_is_named_only_in_figures(build):
    result, _ = build
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


def test_the_build_wrote_each_output(build):
    _, out = build
    assert [
        (out / "export" / "index.html").is_file(),
        (out / "poster" / "poster.pdf").is_file(),
        any((out / "annual").glob("*.pdf")),
        (out / "package" / "datapackage.json").is_file(),
    ] == [True, True, True, True]


def test_the_export_is_the_second_plans(build):
    _, out = build
    home = (out / "export" / "index.html").read_text(encoding="utf-8")
    assert "Manchester" in home


def test_the_occurrence_report_was_written(build):
    _, out = build
    summary = json.loads((out / "occurrences.json").read_text(encoding="utf-8"))
    assert summary["elsewhere"] == []


# The second plan's own page types, in its static export, in real Chromium: axe-core (WCAG 2.2 AA) and use
# without JavaScript. Its pages differ from the default plan's in what they leave out: no actions, a
# theme with no priorities, a city rather than a borough.
SECOND_PLAN_PAGES = [
    "",
    "themes/connected/",
    "priorities/inclusive-economy/",
    "measures/",
    "indicators/healthy-life-expectancy-female/",
    "about/",
    "values/",
    "partners/",
    "what-we-heard/",
    "what-we-heard/who-we-heard-from/",
    "open-data/",
]


@pytest.fixture(scope="module")
def served_export(build) -> str:
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    _, out = build
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out / "export")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium(served_export):
    from playwright.sync_api import sync_playwright

    from tests.browser.support import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", SECOND_PLAN_PAGES)
def test_the_second_plans_pages_are_accessible(chromium, served_export, path):
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.support import AXE_TAGS, DESKTOP

    context = chromium.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        response = tab.goto(served_export + path, wait_until="load")
        assert response.status == 200
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        violations = Axe().run(tab, options=options).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", SECOND_PLAN_PAGES)
def test_the_second_plans_pages_work_without_javascript(chromium, served_export, path):
    context = chromium.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        failed = []
        tab.on("requestfailed", lambda request: failed.append(request.url))
        response = tab.goto(served_export + path, wait_until="load")
        assert [response.status, failed, bool(tab.locator("main h1").inner_text().strip())] == [200, [], True]
    finally:
        context.close()
