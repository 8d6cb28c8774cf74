"""The link checker and page weights on small hand-made exports: they must catch what breaks a site."""

from __future__ import annotations

import gzip
from pathlib import Path

from onestockport.export.linkcheck import check_export
from onestockport.export.weights import page_weights, summarise

MOUNT = "/plans/stockport/"
BASE = "https://example.org/plans/stockport/"
LIVE = "https://onestockport.example/"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _page(body: str, css: str = "static/site.css") -> str:
    return f'<!DOCTYPE html><html><head><link rel="stylesheet" href="{css}"></head><body>{body}</body></html>'


def _good_site(root: Path) -> Path:
    return _write(
        root,
        {
            "index.html": _page('<a href="about/">About</a> <a href="about/#team">Team</a>'),
            "about/index.html": _page(
                '<h2 id="team">Team</h2><a href="../">Home</a> <a href="../data.csv">CSV</a> '
                f'<a href="{LIVE}delivery/sign-in/">Sign in</a> <a href="https://www.ons.gov.uk/">ONS</a>',
                css="../static/site.css",
            ),
            "data.csv": "a,b\n1,2\n",
            "static/site.css": '.a{background:url("img/a.svg")} .b{background:url(data:image/png;base64,AA)}',
            "static/img/a.svg": "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
            "404.html": _page(f'<a href="{BASE}">Home</a>', css=f"{BASE}static/site.css"),
        },
    )


def test_a_sound_export_passes(tmp_path):
    report = check_export(_good_site(tmp_path), mount=MOUNT, base_url=BASE, live_url=LIVE)
    assert report.ok, "\n".join(map(str, report.problems))
    assert report.pages == 3
    assert report.stylesheets == 1
    assert report.live_links == {f"{LIVE}delivery/sign-in/"}
    assert "https://www.ons.gov.uk/" in report.external_links


def test_broken_links_missing_assets_escapes_queries_and_anchors_are_reported(tmp_path):
    root = _good_site(tmp_path)
    _write(
        root,
        {
            "index.html": _page(
                '<a href="no-such-page/">Missing</a> <img src="static/missing.png" alt=""> '
                '<a href="../../elsewhere/">Escapes</a> <a href="/about/">Root-relative</a> '
                '<a href="about/?q=trees">Query</a> <a href="about/#nobody">Anchor</a>'
            ),
            "static/site.css": '.a{background:url("img/gone.svg")}',
        },
    )
    report = check_export(root, mount=MOUNT, base_url=BASE, live_url=LIVE)
    found = {(problem.source, problem.url): problem.reason for problem in report.problems}
    assert found == {
        ("index.html", "no-such-page/"): "leads to a file that is not in the export",
        ("index.html", "static/missing.png"): "leads to a file that is not in the export",
        ("index.html", "../../elsewhere/"): "leads outside the folder the export is served from",
        # Fine at a domain's root, broken on a sub-path: exactly what the check must catch.
        ("index.html", "/about/"): "leads outside the folder the export is served from",
        ("index.html", "about/?q=trees"): "has a query string, which a static host ignores",
        ("index.html", "about/#nobody"): "names #nobody, not on that page",
        ("static/site.css", "img/gone.svg"): "leads to a file that is not in the export",
    }


def test_root_relative_links_pass_only_at_a_domain_root(tmp_path):
    root = _write(tmp_path, {"index.html": '<a href="/about/">About</a>', "about/index.html": "<p>About</p>"})
    assert check_export(root, mount="/").ok
    assert not check_export(root, mount=MOUNT).ok


def test_page_weight_counts_the_page_and_what_it_loads_compressed(tmp_path):
    root = _good_site(tmp_path)
    weights = {weight.page: weight for weight in page_weights(root)}
    home = weights["index.html"]
    css = (root / "static/site.css").read_bytes()
    svg = (root / "static/img/a.svg").read_bytes()
    assert home.resource_bytes == {
        "static/site.css": len(gzip.compress(css, compresslevel=6, mtime=0)),
        "static/img/a.svg": len(gzip.compress(svg, compresslevel=6, mtime=0)),
    }
    assert home.html_bytes == len(gzip.compress((root / "index.html").read_bytes(), compresslevel=6, mtime=0))
    # Linked pages and downloads are not part of the page's weight.
    assert "data.csv" not in weights["about/index.html"].resource_bytes
    summary = summarise(list(weights.values()))
    assert summary.pages == 3
    assert summary.largest.total == max(weight.total for weight in weights.values())
