"""Where the crawl starts: every page the plan implies, read from the plan's selectors.

Following links would find most of these anyway; seeding them means a page nobody links to yet is still
exported. Pages of other parts of the site (open data, API documentation) are seeded only when the
running site has them, and their own links bring in their files.
"""

from __future__ import annotations

from django.urls import Resolver404, resolve, reverse

from onestockport.delivery import selectors as delivery_selectors
from onestockport.indicators import selectors as indicator_selectors
from onestockport.plans import selectors as plan_selectors
from onestockport.plans.models import Plan
from onestockport.publish.census_figures import figure_slugs
from onestockport.publish.place_directory import place_directory
from onestockport.publish.place_search import postcode_districts

# Fixed public pages, by URL name.
FIXED_PAGES = [
    "publish:home",
    "publish:actions",
    "publish:indicators",
    "publish:values",
    "publish:partners",
    "publish:about",
    "publish:methods",
    "publish:places",
    "delivery_public:statuses",
    "voice:what-we-heard",
    "voice:who-we-heard-from",
    "voice:published-counts",
    "voice:you-said-we-did",
    "casestudies:index",  # its links bring in each approved case study and its images
]
# Documents other apps serve at fixed paths; exported when the site serves them.
OPTIONAL_PATHS = ["/open-data/", "/api/", "/api/v1/openapi.json"]


def _served(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def seed_paths(plan: Plan) -> list[str]:
    """Site paths of the plan's pages, in a stable order."""
    # A plan without values has no values page (it answers 404), so the export leaves it out.
    paths = [reverse(name) for name in FIXED_PAGES if name != "publish:values" or plan.values.exists()]
    for theme in plan_selectors.themes_with_priorities(plan):
        paths.append(reverse("publish:theme", args=[theme.slug]))
        for priority in theme.priorities.all():
            paths.append(reverse("publish:priority", args=[priority.slug]))
            paths.append(reverse("voice:priority", args=[priority.slug]))
    for action in delivery_selectors.actions_of_plan(plan).order_by("priority__position", "number"):
        paths.append(reverse("publish:action", args=[action.priority.slug, action.number]))
    for partner in plan_selectors.partners_with_actions(plan).order_by("slug"):
        paths.append(reverse("delivery_public:partner", args=[partner.slug]))
    for indicator in indicator_selectors.published_indicators(plan).order_by("slug"):
        paths.append(reverse("publish:indicator", args=[indicator.slug]))
    for place in place_directory():  # wards, neighbourhoods and centres
        paths.append(reverse("publish:place", args=[place.slug]))
    # Place search in a copy without a server: its page, and the indexes place-search.js answers from.
    paths.append(reverse("publish:place-search"))
    paths.append(reverse("publish:place-search-names"))
    for district in postcode_districts():
        paths.append(reverse("publish:place-search-district", args=[district]))
    for slug in figure_slugs():
        paths.append(reverse("publish:census-figure", args=[slug]))
    paths.extend(path for path in OPTIONAL_PATHS if _served(path))
    return list(dict.fromkeys(paths))
