"""What the browser tests share with their conftest: the pages, the limits and the recorded weights."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ARTEFACTS = REPO_ROOT / "test-artefacts"
SCREENSHOTS = ARTEFACTS / "screenshots"
HTML_SNAPSHOTS = ARTEFACTS / "html"
WEIGHTS_FILE = ARTEFACTS / "page-weights.json"
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

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
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}

WEIGHT_BUDGET = 102_400  # bytes transferred per page: document, CSS, JS, images, headers included
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200
    contains: tuple[str, ...] = ()


PAGES = [
    Page("home", "/", contains=("The plan on a page", "How is Stockport doing?")),
    Page("theme", "/themes/one-heart/"),
    Page("priority", "/priorities/climate-friendly/", contains=("11,500", "How it is doing", "Status of this measure")),
    Page("action", "/priorities/caring-and-growing/actions/1/", contains=("Dated commitments",)),
    Page("actions", "/actions/", contains=("Search actions",)),
    Page("actions-filtered", "/actions/?q=trees&priority=climate-friendly", contains=("found",)),
    Page("actions-overdue", "/actions/?status=overdue", contains=("Overdue", "with no completion recorded")),
    Page("values", "/values/"),
    Page("partners", "/partners/"),
    Page("about", "/about/"),
    Page("measures", "/measures/", contains=("Measures of success", "Compared with England")),
    Page("measures-worse", "/measures/?filter=worse-than-england", contains=("figures worse than England",)),
    Page("measures-sorted", "/measures/?priority=climate-friendly&sort=status", contains=("ordered by status",)),
    Page("indicator", "/indicators/healthy-life-expectancy-female/", contains=("95% confidence interval",)),
    Page("indicator-target", "/indicators/greenhouse-gas-emissions-per-capita/", contains=("Carbon neutral by 2038",)),
    Page(
        "indicator-computed-intervals",
        "/indicators/ultra-low-emission-vehicles-share/",
        contains=("a 95% confidence interval worked out from the counts",),
    ),
    Page("indicator-ward-map", "/indicators/claimant-count-ward-2015-2017/", contains=("Brinnington",)),
    Page("indicator-lsoa-map", "/indicators/imd-2025-lsoa/", contains=("neighbourhood",)),
    Page(
        "indicator-lsoa-inequality",
        "/indicators/health-deprivation-lsoa-2025/",
        contains=("Most deprived fifth", "slope index of inequality"),
    ),
    Page("census-figure", "/places/figures/households-deprived/", contains=("Most deprived fifth", "England")),
    Page("indicator-local-data", "/indicators/settings-good-or-outstanding/", contains=("Local data needed",)),
    Page("methods", "/methods/", contains=("Wilson",)),
    Page("statuses", "/statuses/", contains=("What each status means",)),
    Page("partner", "/partners/stockport-council/", contains=("Actions it leads",)),
    Page("what-we-heard", "/what-we-heard/", contains=("3,800",)),
    Page("what-we-heard-priority", "/priorities/climate-friendly/what-we-heard/", contains=("What the plan heard",)),
    Page("who-we-heard-from", "/what-we-heard/who-we-heard-from/", contains=("Stockport's residents by age",)),
    Page("you-said-we-did", "/you-said-we-did/", contains=("We will",)),
    Page("have-your-say", "/have-your-say/?priority=climate-friendly", contains=("Have your say on this priority",)),
    Page("have-your-say-thanks", "/have-your-say/thank-you/?priority=climate-friendly", contains=("Thank you",)),
    Page("case-studies", "/case-studies/", contains=("Case studies", "case study to come")),
    Page("open-data", "/open-data/", contains=("datapackage.json", "Open Government Licence v3.0")),
    Page("api", "/api/", contains=("openapi.json", "If-None-Match")),
    Page("places", "/places/", contains=("Brinnington & Stockport Central",)),
    Page(
        "place-ward",
        "/places/brinnington-and-stockport-central/",
        contains=("most deprived 10%", "English Indices of Deprivation 2025"),
    ),
    Page("place-neighbourhood", "/places/reddish-vale-view/", contains=("Reddish North, 001A", "It borders")),
    Page("place-centre", "/places/marple/", contains=("Marple North", "What the plan says about it")),
    Page("place-search-choices", "/places/search/?q=Heatons", contains=("Heatons North", "Heatons South")),
    Page("place-search-outside", "/places/search/?q=M1+1AE", contains=("is not in",)),
    Page("not-found", "/no-such-page/", status=404, contains=("Page not found",)),
]


@dataclass
class PageWeight:
    path: str
    status: int
    transferred: int
    resources: list[dict] = field(default_factory=list)


# Filled as the pages are visited; the conftest prints it and writes WEIGHTS_FILE at the end.
page_weights: dict[str, PageWeight] = {}
