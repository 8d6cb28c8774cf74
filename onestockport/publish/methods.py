"""Where each judgement's method is explained: the section of docs/methods.md (served at /methods/) to link to.

The anchors are the sections' headings as `markdown.render_document` makes ids of them; a test checks
that each one exists, so renaming a heading cannot leave the pages linking to nowhere.
"""

from __future__ import annotations

from django.urls import reverse

METHOD_SECTIONS: dict[str, str] = {
    # How a figure is compared with another area, by basis (stats.comparisons.ComparisonBasis).
    "published-intervals": "better-similar-or-worse-than-england",
    "computed-intervals": "intervals-we-work-out-from-counts",
    "difference": "judging-a-difference-by-its-size",
    "none": "comparing-when-there-is-no-confidence-interval",
    # Direction of travel, an indicator's status, a measure's status, delivery against outcomes.
    "direction": "which-way-a-measure-is-going",
    "status": "how-each-measure-is-doing",
    "measure-status": "when-a-measure-of-success-has-several-figures",
    "disagreement": "when-delivery-and-measures-disagree",
    "target": "progress-towards-targets",
    "trend": "recent-trends",
}


def method_url(topic: str) -> str:
    """/methods/#section for a topic of METHOD_SECTIONS (the page itself for an unknown topic)."""
    anchor = METHOD_SECTIONS.get(topic)
    return reverse("publish:methods") + (f"#{anchor}" if anchor else "")
