"""Every public page type in real Chromium: accessibility (axe-core, WCAG 2.0-2.2 A and AA), use
without JavaScript, weight as transferred, and HTML validity (Nu checker).

Each page is loaded once with JavaScript and once without; the checks read what those loads
recorded, so a failure names the page and the check.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .support import (
    AXE_TAGS,
    DESKTOP,
    HTML_SNAPSHOTS,
    MOBILE,
    PAGES,
    SCREENSHOTS,
    VNU_JAR,
    WEIGHT_BUDGET,
    Page,
    PageWeight,
    page_weights,
)

# django_db makes pytest-django create the test database when only these tests run; the data
# itself is loaded (and removed) once for the module by the `site` fixture.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
COMPRESSIBLE = {"document", "stylesheet", "script"}
page_ids = pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])


@dataclass
class Transfer:
    url: str
    kind: str
    status: int
    encoding: str
    transferred: int  # response headers + body as received (compressed)
    decoded: int  # body size after decompression

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Visit:
    page: Page
    javascript: bool
    status: int
    html: str  # the document exactly as the server sent it (decompressed)
    headings: list[str]
    main_text: str
    navigation_visible: bool
    transfers: list[Transfer] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)

    @property
    def transferred(self) -> int:
        return sum(transfer.transferred for transfer in self.transfers)


def format_violations(violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(str(t) for t in node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"       {summary_line}")
    return "\n".join(lines)


def format_transfers(transfers: list[Transfer]) -> str:
    return "\n".join(
        f"  {t.transferred:>8,} B  {t.kind:<10} {t.encoding or 'identity':<8} {t.status} {t.url}" for t in transfers
    )


class Visitor:
    """Loads each page once per mode (cold cache, its own browser context) and keeps what it saw."""

    def __init__(self, browser, site) -> None:
        self.browser = browser
        self.site = site
        self.axe = Axe()
        self.visits: dict[tuple[str, bool], Visit] = {}

    def visit(self, page: Page, *, javascript: bool) -> Visit:
        key = (page.name, javascript)
        if key not in self.visits:
            self.visits[key] = self._load(page, javascript=javascript)
        return self.visits[key]

    def _load(self, page: Page, *, javascript: bool) -> Visit:
        context = self.browser.new_context(java_script_enabled=javascript, viewport=DESKTOP)
        try:
            tab = context.new_page()
            finished, failed = [], []
            tab.on("requestfinished", lambda request: finished.append(request))
            tab.on("requestfailed", lambda request: failed.append(request))
            response = tab.goto(self.site(page.path), wait_until="load")
            tab.wait_for_load_state("networkidle")
            transfers = [self._transfer(request) for request in finished if request.url.startswith("http")]
            visit = Visit(
                page=page,
                javascript=javascript,
                status=response.status,
                html=response.text(),
                headings=[text.strip() for text in tab.locator("h1").all_inner_texts()],
                main_text=tab.locator("main").inner_text(),
                navigation_visible=tab.locator("#navigation").is_visible(),
                transfers=transfers,
                failed_requests=[f"{request.url} ({request.failure})" for request in failed],
            )
            if javascript:
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=SCREENSHOTS / f"{page.name}.png", full_page=True)
                page_weights[page.name] = PageWeight(
                    path=page.path,
                    status=visit.status,
                    transferred=visit.transferred,
                    resources=[transfer.as_dict() for transfer in transfers],
                )
                # axe-core cannot run with JavaScript off: its checks wait on timers that never fire.
                visit.violations = self.axe.run(tab, options=AXE_OPTIONS).response["violations"]
            return visit
        finally:
            context.close()

    def _transfer(self, request) -> Transfer:
        response = request.response()
        sizes = request.sizes()
        headers = response.headers if response else {}
        path = urlsplit(request.url)
        return Transfer(
            url=path.path + (f"?{path.query}" if path.query else ""),
            kind=request.resource_type,
            status=response.status if response else 0,
            encoding=headers.get("content-encoding", ""),
            transferred=sizes["responseHeadersSize"] + sizes["responseBodySize"],
            decoded=len(response.body()) if response else 0,
        )


@pytest.fixture(scope="module")
def visitor(browser, site) -> Visitor:
    return Visitor(browser, site)


@page_ids
def test_page_renders(visitor, page):
    visit = visitor.visit(page, javascript=True)

    assert visit.status == page.status
    assert len(visit.headings) == 1, f"expected one h1, found {visit.headings}"
    assert visit.headings[0]
    for text in page.contains:
        assert text in visit.main_text, f"{text!r} is not in the main content of {page.path}"
    assert not visit.failed_requests
    broken = [t for t in visit.transfers if t.kind != "document" and t.status >= 400]
    assert not broken, format_transfers(broken)


@page_ids
def test_page_is_accessible(visitor, page):
    violations = visitor.visit(page, javascript=True).violations

    if violations:
        pytest.fail(f"{page.path}: {format_violations(violations)}", pytrace=False)


@page_ids
def test_page_works_without_javascript(visitor, page):
    visit = visitor.visit(page, javascript=False)

    assert visit.status == page.status
    assert len(visit.headings) == 1, f"expected one h1, found {visit.headings}"
    assert visit.headings[0]
    for text in page.contains:
        assert text in visit.main_text, f"{text!r} is not in the main content of {page.path}"
    assert visit.navigation_visible, "the site navigation is hidden without JavaScript"
    assert not visit.failed_requests


@page_ids
def test_page_weight_is_within_budget(visitor, page):
    visit = visitor.visit(page, javascript=True)
    kinds = {transfer.kind for transfer in visit.transfers}

    assert {"document", "stylesheet", "script"} <= kinds, (
        f"not every resource was measured:\n{format_transfers(visit.transfers)}"
    )
    uncompressed = [t for t in visit.transfers if t.kind in COMPRESSIBLE and t.encoding not in {"br", "gzip", "zstd"}]
    if uncompressed:
        pytest.fail(
            f"{page.path}: text resources served uncompressed:\n{format_transfers(uncompressed)}", pytrace=False
        )
    if visit.transferred > WEIGHT_BUDGET:
        pytest.fail(
            f"{page.path} transfers {visit.transferred:,} bytes, over the {WEIGHT_BUDGET:,}-byte budget:\n"
            + format_transfers(visit.transfers),
            pytrace=False,
        )


@pytest.fixture(scope="module")
def nu_checker_errors(visitor, tmp_path_factory) -> dict[str, list[dict]]:
    """Every page's HTML as served, checked by one run of the Nu checker: page name → its errors."""
    folder = tmp_path_factory.mktemp("html")
    HTML_SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    files = {}
    for page in PAGES:
        path = folder / f"{page.name}.html"
        path.write_text(visitor.visit(page, javascript=True).html, encoding="utf-8")
        shutil.copyfile(path, HTML_SNAPSHOTS / path.name)
        files[path.name] = page.name
    java = shutil.which("java")
    assert java, "the Nu checker needs Java (Debian package default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing; run `make setup`"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, sorted(folder.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The checker writes its JSON report to stderr and exits 1 when it found errors.
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu checker did not report (exit {result.returncode}):\n{result.stderr}{result.stdout}")
    errors: dict[str, list[dict]] = {name: [] for name in files.values()}
    for message in report["messages"]:
        name = files.get(message.get("url", "").rsplit("/", 1)[-1])  # the checker writes file:/tmp/...
        assert name, f"Nu checker: {message}"
        errors[name].append(message)
    return errors


@page_ids
def test_page_html_is_valid(nu_checker_errors, page):
    errors = nu_checker_errors[page.name]

    if errors:
        pytest.fail(
            f"{len(errors)} Nu checker error(s) in {page.path} (HTML saved in {HTML_SNAPSHOTS / page.name}.html):\n"
            + "\n".join(
                f"  line {e.get('lastLine', '?')}: {e['message']}\n    {e.get('extract', '').strip()}" for e in errors
            ),
            pytrace=False,
        )


def _result_labels(tab) -> list[str]:
    return [label.strip() for label in tab.locator("main .os-result .os-action-number").all_inner_texts()]


def _results_count(tab) -> int:
    heading = tab.locator("#results-heading").inner_text()
    match = re.match(r"(\d+) actions?\b", heading)
    assert match, heading
    return int(match.group(1))


def test_actions_search_and_filter_work_without_javascript(browser, site, shipped_plan_file):
    priority = next(p for p in shipped_plan_file.plan.priorities if p.slug == "climate-friendly")
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(site("/actions/"))
        everything = _results_count(tab)
        assert everything == sum(len(p.actions) for p in shipped_plan_file.plan.priorities)

        tab.get_by_label("Search actions").fill("trees")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Apply").click()
        assert parse_qs(urlsplit(tab.url).query)["q"] == ["trees"]
        by_keyword = _results_count(tab)
        assert 0 < by_keyword < everything
        assert "found" in tab.locator("#results-heading").inner_text()
        assert "trees" in tab.locator("main").inner_text().lower()

        tab.get_by_label("Priority").select_option(priority.slug)
        with tab.expect_navigation():
            tab.get_by_role("button", name="Apply").click()
        query = parse_qs(urlsplit(tab.url).query)
        assert query["q"] == ["trees"]
        assert query["priority"] == [priority.slug]
        labels = _result_labels(tab)
        assert 0 < len(labels) <= by_keyword
        assert len(labels) == _results_count(tab)
        assert all(label.startswith(f"{priority.name}: action") for label in labels), labels
        # The form shows what was asked, so it can be changed without starting again.
        assert tab.get_by_label("Search actions").input_value() == "trees"
        assert tab.get_by_label("Priority").input_value() == priority.slug

        tab.get_by_label("Search actions").fill("")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Apply").click()
        assert _results_count(tab) == len(priority.actions)
        assert all(label.startswith(f"{priority.name}: action") for label in _result_labels(tab))
    finally:
        context.close()


def test_home_page_fits_a_narrow_screen(browser, site):
    context = browser.new_context(viewport=MOBILE, is_mobile=True, has_touch=True)
    try:
        tab = context.new_page()
        response = tab.goto(site("/"))
        tab.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=SCREENSHOTS / "home-mobile.png", full_page=True)

        assert response.status == 200
        # WCAG 1.4.10 Reflow: nothing scrolls sideways at 320 CSS pixels and up.
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the home page scrolls sideways by {overflow}px at {MOBILE['width']}px wide"
        # The service navigation collapses behind its Menu button when JavaScript runs.
        menu = tab.get_by_role("button", name="Menu")
        assert menu.is_visible()
        assert not tab.locator("#navigation").is_visible()
        menu.click()
        assert tab.locator("#navigation").is_visible()
    finally:
        context.close()
