"""Page weight of an export: what a first visit to each page downloads, gzip-compressed as hosts serve it.

Each HTML page plus every stylesheet, script, image and font it loads (fonts and images named by its
stylesheets included, whether or not the page uses them: an upper bound), each compressed with gzip at
level 6, the usual default of web servers and CDNs. Source maps and linked pages are not counted.
"""

from __future__ import annotations

import gzip
import statistics
from dataclasses import dataclass
from pathlib import Path

from .linkcheck import ExportSite

GZIP_LEVEL = 6


@dataclass(frozen=True)
class PageWeight:
    page: str  # the page's file in the export, e.g. "measures/index.html"
    html_bytes: int  # the page, compressed
    resource_bytes: dict[str, int]  # each file it loads, compressed

    @property
    def total(self) -> int:
        return self.html_bytes + sum(self.resource_bytes.values())


@dataclass(frozen=True)
class WeightSummary:
    pages: int
    largest: PageWeight
    median_bytes: float


def compressed_size(file: Path, cache: dict[Path, int]) -> int:
    if file not in cache:
        cache[file] = len(gzip.compress(file.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))
    return cache[file]


def page_weights(root: Path, *, base_url: str | None = None) -> list[PageWeight]:
    """The weight of every HTML page in the export, heaviest first (base_url: the 404 page's absolute links)."""
    site = ExportSite(root, base_url=base_url)
    cache: dict[Path, int] = {}
    weights = []
    for page in site.html_files():
        resources = {
            file.relative_to(site.root).as_posix(): compressed_size(file, cache) for file in site.loaded_files(page)
        }
        name = page.relative_to(site.root).as_posix()
        weights.append(PageWeight(page=name, html_bytes=compressed_size(page, cache), resource_bytes=resources))
    return sorted(weights, key=lambda weight: (-weight.total, weight.page))


def summarise(weights: list[PageWeight]) -> WeightSummary:
    return WeightSummary(
        pages=len(weights), largest=weights[0], median_bytes=statistics.median(weight.total for weight in weights)
    )
