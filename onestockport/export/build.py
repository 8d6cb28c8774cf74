"""Build the static export: render, rewrite, copy the assets the pages use, add sitemap, robots and 404.

`build_site` is what `onestockport site build` runs; the benchmark and tests call it too.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from onestockport.plans.selectors import get_plan

from .assets import hashed_static_files, static_file
from .crawl import Crawl, Document, Progress, Renderer, can_fork_workers, crawl_site
from .output import staging_folder
from .references import html_references
from .rewrite import Rewriter
from .scope import LinkStyle, TargetKind, classify, output_name
from .seeds import seed_paths
from .sitemap import robots_txt, sitemap_xml

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    out: Path
    pages: int  # HTML pages, the 404 page included
    files: int  # every file written: pages, downloads, assets, sitemap, robots
    total_bytes: int
    seconds: float
    page_paths: tuple[str, ...]  # site paths of the exported pages, as the sitemap lists them


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.total_bytes = 0

    def write(self, name: str, content: bytes | str) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files += 1
        self.total_bytes += len(data)


def build_site(
    *,
    out: Path,
    base_url: str,
    live_url: str,
    link_style: LinkStyle = LinkStyle.DIRECTORY,
    workers: int = 1,
    progress: Progress | None = None,
) -> BuildResult:
    """Write the whole public site to `out` as static files that work from any host, sub-path or disk.

    With workers > 1, pages are rendered by that many forked processes when the database allows it (see
    can_fork_workers); the output is the same whatever the number. One is the default: on a busy shared
    machine the extra processes cost more than they gain (docs/PERFORMANCE.md).
    """
    started = time.perf_counter()
    renderer = Renderer(live_url=live_url)
    rewriter = Rewriter(live_url=live_url, link_style=link_style)
    with (
        staging_folder(out) as staging,
        tempfile.TemporaryDirectory(prefix="onestockport-static-") as static_dir,
        hashed_static_files(Path(static_dir)) as static_root,
        renderer.configured(),
    ):
        plan = get_plan()
        seeds = seed_paths(plan)
        if not can_fork_workers():
            workers = 1
        # Rendered first: it also warms the caches (middleware, compiled templates) that workers inherit.
        not_found = renderer.not_found_page()
        crawl = crawl_site(renderer=renderer, seeds=seeds, progress=progress, workers=workers)
        writer = _Writer(staging)
        page_paths = _write_documents(writer, crawl, rewriter)
        _write_not_found(writer, crawl, not_found, rewriter, base_url=base_url)
        _write_assets(writer, crawl, rewriter, static_root)
        writer.write("sitemap.xml", sitemap_xml(base_url=base_url, page_paths=page_paths))
        writer.write("robots.txt", robots_txt(base_url=base_url))
    seconds = time.perf_counter() - started
    pages = len(page_paths) + 1
    logger.info("exported %d pages, %d files, %d bytes in %.1f s", pages, writer.files, writer.total_bytes, seconds)
    return BuildResult(
        out=out,
        pages=pages,
        files=writer.files,
        total_bytes=writer.total_bytes,
        seconds=seconds,
        page_paths=tuple(page_paths),
    )


def _write_documents(writer: _Writer, crawl: Crawl, rewriter: Rewriter) -> list[str]:
    """Write every page (rewritten) and download (as rendered), in path order; return the pages' paths."""
    pages = []
    for path in sorted(crawl.documents):
        document = crawl.documents[path]
        if document.is_html:
            pages.append(path)
            text = rewriter.html(document.text(), source=path, references=crawl.references[path])
            writer.write(output_name(path), text)
        else:
            writer.write(output_name(path), document.body)
    return pages


def _write_not_found(writer: _Writer, crawl: Crawl, page: Document, rewriter: Rewriter, *, base_url: str) -> None:
    """404.html: hosts serve it at whatever address was missing, where relative links would break, so on
    a web host its links are absolute under the export's address (on a disk nothing serves it)."""
    if rewriter.link_style is LinkStyle.DIRECTORY:
        rewriter = replace(rewriter, absolute_base=base_url)
    text = page.text()
    references = [(ref, classify(ref.url, source="/")) for ref in html_references(text)]
    for _, target in references:
        if target.kind is TargetKind.ASSET:
            crawl.assets.setdefault(target.path, "the 404 page")
    writer.write("404.html", rewriter.html(text, source="/", references=references))


def _write_assets(writer: _Writer, crawl: Crawl, rewriter: Rewriter, static_root: Path) -> None:
    """Copy each static file a page uses, and what those files use in turn (fonts, images, source maps)."""
    queue = deque(sorted(crawl.assets))
    seen = set(queue)
    while queue:
        path = queue.popleft()
        source = static_file(static_root, path, referrer=crawl.assets[path])
        used: list[str] = []
        if path.endswith(".css"):
            text, used = rewriter.stylesheet(source.read_text(encoding="utf-8"), source=path)
            writer.write(output_name(path), text)
        elif path.endswith((".js", ".mjs")):
            text, used = rewriter.script(source.read_text(encoding="utf-8"), source=path)
            writer.write(output_name(path), text)
        else:
            writer.write(output_name(path), source.read_bytes())
        for asset in used:
            if asset not in seen:
                seen.add(asset)
                crawl.assets[asset] = path
                queue.append(asset)
