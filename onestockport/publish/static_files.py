"""Static files the public pages never request: sources, templates and bundles of the front-end packages.

Leaving them out of collectstatic only saves time (the whole GOV.UK Frontend folder takes ~25 s to
compress). A page that did request one would fail to render, as the manifest would not know it, so
nothing breaks silently: the browser tests and the static export collect with this list.
"""

UNUSED_STATIC = [
    "admin",
    "*.scss",
    "*.scss.map",
    "*.njk",
    "*.md",
    "*.json",
    "*.yaml",
    "*.html",
    "*.mjs",
    "*.mjs.map",
    "*.bundle.js",
    "*.bundle.js.map",
]
