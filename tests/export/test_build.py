"""The static export of the shipped plan with all its official data, checked as a visitor would use it.

The export is built once for the module (it takes a few seconds) and checked as if served from a
sub-path of some host: every link and asset must resolve, nothing may escape to a path the export does
not have, and each page must stay within the page-weight budget.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import statistics
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.urls import reverse

from onestockport.cli import cli
from onestockport.export.build import BuildResult, build_site
from onestockport.export.crawl import Renderer, crawl_site
from onestockport.export.errors import PageRenderError
from onestockport.export.linkcheck import ExportSite, Outcome, check_export
from onestockport.export.references import html_references
from onestockport.export.scope import MARKER_FILE, LinkStyle, is_live_only, output_name
from onestockport.export.seeds import seed_paths
from onestockport.export.weights import page_weights, summarise
from onestockport.plans.models import Action
from tests.browser.support import AXE_TAGS, CHROMIUM, CHROMIUM_ARGS, VNU_JAR

# Reads the committed plan; also tells pytest-django that this module needs the test database.
pytestmark = pytest.mark.django_db

BASE_URL = "https://example.org/plans/stockport/"
MOUNT = "/plans/stockport/"
LIVE_URL = "https://onestockport.example/"
BUDGET = 102_400
MEDIAN_BUDGET = 51_200
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def export(published_plan, django_db_blocker, tmp_path_factory) -> BuildResult:
    out = tmp_path_factory.mktemp("export") / "site"
    with django_db_blocker.unblock():
        return build_site(out=out, base_url=BASE_URL, live_url=LIVE_URL)


def _pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def test_every_link_and_asset_resolves_from_a_sub_path(export):
    report = check_export(export.out, mount=MOUNT, base_url=BASE_URL, live_url=LIVE_URL)
    assert report.ok, f"{len(report.problems)} broken links:\n" + "\n".join(map(str, report.problems[:50]))
    assert report.pages == export.pages == len(_pages(export.out))
    assert report.stylesheets >= 1
    assert report.checked > 10 * report.pages


def test_links_to_the_live_site_are_only_for_what_a_static_host_cannot_serve(export):
    report = check_export(export.out, mount=MOUNT, base_url=BASE_URL, live_url=LIVE_URL)
    search = LIVE_URL.rstrip("/") + reverse("publish:actions")  # "search actions on the live site"
    for url in report.live_links:
        path, _, query = url[len(LIVE_URL) - 1 :].partition("?")
        assert is_live_only(path) or query or url == search, f"{url} is exported: it should be a relative link"
    assert LIVE_URL.rstrip("/") + reverse("delivery:login") in report.live_links


def test_every_page_of_the_plan_is_exported(export, published_plan):
    seeds = seed_paths(published_plan)
    actions = Action.objects.filter(priority__plan=published_plan).count()
    missing = [path for path in seeds if not (export.out / output_name(path)).is_file()]
    assert not missing
    assert len(list((export.out / "priorities").glob("*/actions/*/index.html"))) == actions == 68
    for path in [
        "/",
        "/actions/",
        "/measures/",
        "/values/",
        "/partners/",
        "/about/",
        "/methods/",
        "/statuses/",
        "/what-we-heard/",
        "/what-we-heard/who-we-heard-from/",
        "/you-said-we-did/",
    ]:
        assert (export.out / output_name(path)).is_file(), path
    # Downloads: each published indicator's CSV and the published counts of what we heard.
    assert len(list((export.out / "indicators").glob("*.csv"))) > 50
    assert (export.out / "what-we-heard" / "published-counts.csv").read_text(encoding="utf-8").strip()
    for document in ["open-data/index.html", "api/index.html"]:  # when the site has them, the export does too
        if any(output_name(path) == document for path in seeds):
            assert (export.out / document).is_file()


def test_the_sitemap_lists_every_page_under_the_base_url(export):
    locations = [
        element.text
        for element in ET.parse(export.out / "sitemap.xml").getroot()
        if element.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}url"
        for element in element
    ]
    pages = []
    for page in _pages(export.out):
        name = page.relative_to(export.out).as_posix()
        if name != "404.html":
            pages.append(BASE_URL + name.removesuffix("index.html"))
    assert sorted(locations) == sorted(pages) == locations
    assert (export.out / "robots.txt").read_text() == f"User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\n"


def test_the_404_page_works_at_any_address(export):
    text = (export.out / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in text
    urls = [ref.url for ref in html_references(text)]
    stylesheet = next(url for url in urls if url.endswith(".css"))
    assert stylesheet.startswith(f"{BASE_URL}static/")
    # Nothing relative: the host serves this page at whatever address was missing.
    assert all(url.startswith(("#", "data:", "https://", "http://")) for url in urls), urls


def test_no_page_or_stylesheet_uses_root_relative_urls(export):
    offenders = []
    site = ExportSite(export.out)
    for file in [*_pages(export.out), *export.out.rglob("*.css")]:
        text = file.read_text(encoding="utf-8")
        if "/static/" in text.replace(f"{BASE_URL}static/", "").replace("../static/", "").replace("./static/", ""):
            offenders.append(file.relative_to(export.out).as_posix())
        offenders += [f"{file.name}: {ref.url}" for ref in site.references(file) if re.match(r"/(?!/)", ref.url)]
    assert not offenders


def test_assets_are_hashed_and_only_those_the_pages_use(export):
    site = ExportSite(export.out, base_url=BASE_URL)
    used: set[Path] = set()
    queue = _pages(export.out)
    while queue:
        file = queue.pop()
        for ref in site.references(file):
            resolved = site.resolve(file, ref.url)
            if resolved.outcome is Outcome.FILE and resolved.file not in used:
                used.add(resolved.file)
                if resolved.file.suffix in (".css", ".js"):
                    queue.append(resolved.file)
    assets = set((export.out / "static").rglob("*"))
    assets = {file.resolve() for file in assets if file.is_file()}
    assert assets
    assert assets <= used, sorted(str(file) for file in assets - used)
    unhashed = [f.name for f in assets if f.suffix in (".css", ".js") and not re.search(r"\.[0-9a-f]{12}\.", f.name)]
    assert not unhashed


def test_page_weights_are_within_budget(export):
    weights = page_weights(export.out, base_url=BASE_URL)
    summary = summarise(weights)
    over = [f"{w.page}: {w.total:,} bytes {w.resource_bytes}" for w in weights if w.total > BUDGET]
    assert not over
    assert summary.median_bytes <= MEDIAN_BUDGET
    assert summary.median_bytes == statistics.median(w.total for w in weights)
    # Every page loads the site's stylesheet: the weight includes what it loads, not only the HTML.
    assert all(any(name.endswith(".css") for name in w.resource_bytes) for w in weights)


def test_the_actions_page_sends_searches_to_the_live_site(export):
    text = (export.out / "actions" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<form[^>]*action="[^"]*actions/', text)  # the header's place search is the only form
    assert f'href="{LIVE_URL}actions/">search actions on the live site</a>' in text
    assert text.count('class="os-result"') == 68
    home = (export.out / "index.html").read_text(encoding="utf-8")
    assert "?priority=" not in home
    assert 'href="priorities/climate-friendly/#actions"' in home


def test_a_file_style_export_works_opened_from_a_disk(published_plan, tmp_path):
    """--link-style file: every page link names its index.html, as a browser opening files needs."""
    out = tmp_path / "usb-stick"
    build_site(out=out, base_url=BASE_URL, live_url=LIVE_URL, link_style=LinkStyle.FILE)
    report = check_export(out, mount="/", live_url=LIVE_URL)  # file:///media/usb/... behaves like a root
    assert report.ok, "\n".join(map(str, report.problems[:50]))
    site = ExportSite(out, live_url=LIVE_URL)
    folder_links = []
    for page in _pages(out):
        for ref in site.references(page):
            resolved = site.resolve(page, ref.url)
            if resolved.outcome is Outcome.FILE and ref.url.split("#")[0].endswith("/"):
                folder_links.append(f"{page.relative_to(out)}: {ref.url}")
    assert not folder_links
    assert 'href="../../about/index.html"' in (out / "priorities" / "climate-friendly" / "index.html").read_text()
    assert 'href="static/' in (out / "404.html").read_text()  # nothing serves it at another address


def test_the_marker_lets_a_rebuild_replace_the_export(export):
    assert (export.out / MARKER_FILE).is_file()


def test_the_command_builds_the_same_bytes_again(export, tmp_path):
    """Same database, same export: a CDN sees no change, and the command reports what it wrote."""
    again = tmp_path / "again"
    result = CliRunner().invoke(
        cli,
        ["site", "build", "--out", str(again), "--base-url", BASE_URL.rstrip("/"), "--live-url", LIVE_URL],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    summary = rf"Wrote {export.pages} pages and {export.files} files \([\d,]+ bytes\) to .+ in [\d.]+ s"
    assert re.search(summary, result.output)
    first = {p.relative_to(export.out): p.read_bytes() for p in export.out.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_page_that_does_not_render_fails_the_build_naming_it(published_plan):
    renderer = Renderer(live_url=LIVE_URL)
    with renderer.configured():
        with pytest.raises(PageRenderError, match=r"/priorities/no-such-priority/ returned HTTP 404, expected 200"):
            crawl_site(renderer=renderer, seeds=["/", "/priorities/no-such-priority/"])
        with pytest.raises(PageRenderError, match=r"/gone/ \(linked from /about/\) returned HTTP 404"):
            renderer.get("/gone/", referrer="/about/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # a quiet test server
        pass


@contextlib.contextmanager
def _static_host(root: Path, mount: str) -> Iterator[str]:
    """Serve `root` at `mount` of a plain static file server (no application, no rewrites)."""
    document_root = root.parent / "www"
    (document_root / mount.strip("/")).parent.mkdir(parents=True)
    (document_root / mount.strip("/")).symlink_to(root, target_is_directory=True)
    handler = functools.partial(_QuietHandler, directory=str(document_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{mount}"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(document_root)


@pytest.mark.browser
def test_a_browser_uses_the_export_from_a_sub_path(export):
    """Chromium on a plain static server: styles apply, scripts load, no request fails, axe finds nothing."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with _static_host(export.out, MOUNT) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_context().new_page()
            failed: list[str] = []
            tab.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))

            def refused(response) -> None:
                if response.status >= 400:
                    failed.append(f"{response.url} {response.status}")

            tab.on("response", refused)
            for path in ["", "actions/", "indicators/imd-2025-lsoa/", "priorities/climate-friendly/actions/1/"]:
                tab.goto(url + path, wait_until="networkidle")
                assert tab.evaluate("getComputedStyle(document.body).marginTop") == "0px", path  # site.css applied
                assert tab.evaluate("document.body.classList.contains('govuk-frontend-supported')"), path
            # The module script ran: GOV.UK Frontend marks the components it initialised.
            assert tab.locator("[data-govuk-service-navigation-init]").count() == 1
            assert not failed
            tab.goto(url + "actions/", wait_until="networkidle")  # its export-only text, checked by axe-core
            violations = Axe().run(tab, options=AXE_OPTIONS).response["violations"]
            assert not violations, [violation["id"] for violation in violations]
            tab.get_by_role("link", name="About the plan").first.click()
            assert tab.url == url + "about/"
        finally:
            browser.close()


@pytest.mark.browser
def test_exported_pages_with_export_only_markup_are_valid_html(export):
    """The pages the export changes (search text, sign-in link, priority cards, 404) pass the Nu checker."""
    java = shutil.which("java")
    assert java, "the Nu checker needs Java (Debian package default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing; run `make setup`"
    pages = [export.out / name for name in ("index.html", "actions/index.html", "404.html")]
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert not messages, [(m.get("url", "").rsplit("/", 2)[-2:], m.get("lastLine"), m["message"]) for m in messages]
