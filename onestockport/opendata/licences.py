"""The licences the package names, and reading them from the catalogue's licence wording."""

from __future__ import annotations

OGL = {
    "name": "OGL-3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "title": "Open Government Licence v3.0",
}
CC_BY = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
KNOWN = (OGL, CC_BY)

# How the catalogue (indicators.yaml) writes each licence, lower-cased.
_WORDINGS = {
    "OGL-3.0": ("open government licence", "ogl v3", "ogl-3"),
    "CC-BY-4.0": ("cc by 4.0", "cc-by-4.0", "cc-by 4.0"),
}


def licences_in(text: str) -> list[dict[str, str]]:
    """The licences a catalogue entry states, e.g. 'CC BY 4.0 (mySociety); underlying OGL v3.0' names both:
    the figures as the intermediary publishes them are under its licence, the statistics under theirs."""
    lowered = text.lower()
    return [licence for licence in KNOWN if any(word in lowered for word in _WORDINGS[licence["name"]])]


def union(groups: list[list[dict[str, str]]]) -> list[dict[str, str]]:
    """Every licence named in any group, in the package's own order (OGL first)."""
    names = {licence["name"] for group in groups for licence in group}
    return [licence for licence in KNOWN if licence["name"] in names]
