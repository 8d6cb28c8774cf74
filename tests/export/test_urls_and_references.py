"""The export's pure parts: where paths are written, relative URLs, finding and rewriting references."""

from __future__ import annotations

import pytest

from onestockport.export.errors import ExportError
from onestockport.export.references import Kind, css_references, html_references, replace_urls, source_maps
from onestockport.export.rewrite import Rewriter
from onestockport.export.scope import LinkStyle, TargetKind, classify, is_live_only, output_name, relative_url
from onestockport.export.sitemap import robots_txt, sitemap_xml
from onestockport.export.urls import checked_url

LIVE = "https://onestockport.example"


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "index.html"),
        ("/priorities/climate-friendly/", "priorities/climate-friendly/index.html"),
        ("/indicators/obesity-year-6.csv", "indicators/obesity-year-6.csv"),
        ("/api/v1/openapi.json", "api/v1/openapi.json"),
    ],
)
def test_each_path_is_written_under_its_own_name(path, name):
    assert output_name(path) == name


@pytest.mark.parametrize("path", ["/a/../b/", "/a//b/", "/./"])
def test_paths_that_could_escape_the_folder_are_refused(path):
    with pytest.raises(ExportError, match="not a plain path"):
        output_name(path)


@pytest.mark.parametrize(
    ("source", "target", "style", "expected"),
    [
        ("/", "/actions/", LinkStyle.DIRECTORY, "actions/"),
        ("/", "/", LinkStyle.DIRECTORY, "./"),
        ("/priorities/x/actions/1/", "/", LinkStyle.DIRECTORY, "../../../../"),
        ("/priorities/x/", "/priorities/x/actions/2/", LinkStyle.DIRECTORY, "actions/2/"),
        ("/priorities/x/", "/static/site.1.css", LinkStyle.DIRECTORY, "../../static/site.1.css"),
        ("/static/onestockport/site.1.css", "/static/govuk/a.svg", LinkStyle.DIRECTORY, "../govuk/a.svg"),
        ("/about/", "/", LinkStyle.FILE, "../index.html"),
        ("/about/", "/about/", LinkStyle.FILE, "./index.html"),
        ("/indicators/a/", "/indicators/a.csv", LinkStyle.FILE, "../a.csv"),
    ],
)
def test_relative_urls(source, target, style, expected):
    assert relative_url(source=source, target=target, link_style=style) == expected


@pytest.mark.parametrize(
    ("url", "kind", "path"),
    [
        ("/actions/", TargetKind.PAGE, "/actions/"),
        ("actions/3/", TargetKind.PAGE, "/priorities/x/actions/3/"),
        ("/static/site.css", TargetKind.ASSET, "/static/site.css"),
        ("/actions/?priority=x", TargetKind.LIVE, "/actions/"),
        ("/delivery/sign-in/", TargetKind.LIVE, "/delivery/sign-in/"),
        ("/admin/", TargetKind.LIVE, "/admin/"),
        ("/api/v1/plan", TargetKind.LIVE, "/api/v1/plan"),
        ("/api/", TargetKind.PAGE, "/api/"),
        ("/api/v1/openapi.json", TargetKind.PAGE, "/api/v1/openapi.json"),
        ("#measures", TargetKind.UNCHANGED, ""),
        ("https://www.ons.gov.uk/", TargetKind.UNCHANGED, ""),
        ("mailto:a@example.org", TargetKind.UNCHANGED, ""),
        ("data:,", TargetKind.UNCHANGED, ""),
    ],
)
def test_classify(url, kind, path):
    target = classify(url, source="/priorities/x/")
    assert (target.kind, target.path) == (kind, path)


def test_only_the_schema_and_documentation_of_the_api_are_exported():
    assert not is_live_only("/api/")
    assert is_live_only("/api/v1/priorities/")
    assert is_live_only("/delivery/")


HTML = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/static/site.css"><link rel="canonical" href="/about/"><link rel="icon" href="data:,">
</head><body>
<!-- <a href="/commented-out/"> -->
<a class="x" href="/actions/?q=a&amp;priority=b" title="a > b">Actions</a>
<p>Text that mentions href="/not-a-link/" is escaped by templates, so only real tags count.</p>
<img src="/static/a.png" srcset="/static/a.png 1x, /static/b.png 2x" alt="">
<div style="background: url('/static/c.png')"></div>
<form action="/actions/" method="get"></form>
<script>document.body.className += ' js-enabled';</script>
<script type="module">
  import { initAll } from "/static/govuk/govuk-frontend.min.js";
  initAll();
</script>
</body></html>"""


def test_references_in_html_are_found_in_tags_only():
    found = [(ref.url, ref.kind) for ref in html_references(HTML)]
    assert found == [
        ("/static/site.css", Kind.RESOURCE),
        ("/about/", Kind.LINK),
        ("data:,", Kind.RESOURCE),
        ("/actions/?q=a&priority=b", Kind.LINK),
        ("/static/a.png", Kind.RESOURCE),
        ("/static/a.png", Kind.RESOURCE),
        ("/static/b.png", Kind.RESOURCE),
        ("/static/c.png", Kind.RESOURCE),
        ("/actions/", Kind.LINK),
        ("/static/govuk/govuk-frontend.min.js", Kind.RESOURCE),
    ]


def test_html_is_rewritten_to_relative_urls_and_live_links():
    source = "/priorities/x/"
    references = [(ref, classify(ref.url, source=source)) for ref in html_references(HTML)]
    out = Rewriter(live_url=LIVE).html(HTML, source=source, references=references)
    assert 'href="../../static/site.css"' in out
    assert 'href="../../about/"' in out
    # A query needs the application: the live site, with the query escaped again in the attribute.
    assert f'href="{LIVE}/actions/?q=a&amp;priority=b"' in out
    assert 'srcset="../../static/a.png 1x, ../../static/b.png 2x"' in out
    assert "url('../../static/c.png')" in out
    assert 'action="../../actions/"' in out
    assert 'from "../../static/govuk/govuk-frontend.min.js"' in out
    assert 'href="/commented-out/"' in out
    assert 'href="/not-a-link/"' in out
    assert 'title="a > b"' in out


def test_module_imports_from_the_root_page_start_with_a_dot():
    references = [(ref, classify(ref.url, source="/")) for ref in html_references(HTML)]
    out = Rewriter(live_url=LIVE).html(HTML, source="/", references=references)
    assert 'from "./static/govuk/govuk-frontend.min.js"' in out
    assert 'href="static/site.css"' in out


def test_the_404_page_gets_absolute_links_under_the_base_url():
    references = [(ref, classify(ref.url, source="/")) for ref in html_references(HTML)]
    rewriter = Rewriter(live_url=LIVE, absolute_base="https://example.org/plans/")
    out = rewriter.html(HTML, source="/", references=references)
    assert 'href="https://example.org/plans/static/site.css"' in out
    assert 'href="https://example.org/plans/about/"' in out


def test_file_links_name_index_html():
    references = [(ref, classify(ref.url, source="/about/")) for ref in html_references(HTML)]
    out = Rewriter(live_url=LIVE, link_style=LinkStyle.FILE).html(HTML, source="/about/", references=references)
    assert 'rel="canonical" href="./index.html"' in out
    assert 'href="../static/site.css"' in out  # files keep their names


def test_stylesheets_are_rewritten_and_report_what_they_use():
    css = (
        '.a{background:url("/static/govuk/assets/images/crest.1.svg")}'
        "@font-face{src:url(assets/fonts/bold.2.woff2) format('woff2'),url('data:font/woff;base64,AA')}"
        "/*# sourceMappingURL=site.css.map */"
    )
    text, used = Rewriter(live_url=LIVE).stylesheet(css, source="/static/onestockport/site.1.css")
    assert 'url("../govuk/assets/images/crest.1.svg")' in text
    assert used == [
        "/static/govuk/assets/images/crest.1.svg",
        "/static/onestockport/assets/fonts/bold.2.woff2",
        "/static/onestockport/site.css.map",
    ]
    assert [ref.url for ref in css_references(css)][-1] == "data:font/woff;base64,AA"


def test_source_maps_of_minified_scripts_are_found():
    assert [ref.url for ref in source_maps("var a=1;//# sourceMappingURL=app.min.js.map")] == ["app.min.js.map"]


def test_replace_keeps_untouched_text_byte_for_byte():
    text = '<a href="/a/">x</a><a href="/b/">y</a>'
    assert replace_urls(text, html_references(text), lambda ref: None) == text
    upper = replace_urls(text, html_references(text), lambda ref: ref.url.upper())
    assert upper == '<a href="/A/">x</a><a href="/B/">y</a>'


def test_sitemap_and_robots_use_the_base_url():
    xml = sitemap_xml(base_url="https://example.org/plans/", page_paths=["/b/", "/", "/a/?x&y"])
    assert xml.index("<loc>https://example.org/plans/</loc>") < xml.index("<loc>https://example.org/plans/b/</loc>")
    assert "https://example.org/plans/a/?x&amp;y" in xml  # escaped as XML
    assert robots_txt(base_url="https://example.org/plans/") == (
        "User-agent: *\nAllow: /\nSitemap: https://example.org/plans/sitemap.xml\n"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://example.org/plans", "https://example.org/plans/"), ("http://127.0.0.1:8000", "http://127.0.0.1:8000/")],
)
def test_addresses_are_normalised(url, expected):
    assert checked_url(url, option="--base-url") == expected


@pytest.mark.parametrize("url", ["example.org/plans/", "/plans/", "ftp://example.org/", "https://example.org/?a=1"])
def test_addresses_that_are_not_absolute_web_addresses_are_refused(url):
    with pytest.raises(ExportError, match="--base-url must be an absolute http or https address"):
        checked_url(url, option="--base-url")
