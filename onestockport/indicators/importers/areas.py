"""What an ONS GSS code says about its area: the first three characters name the kind of area.

Publishers' files often say the area type in words that differ from file to file ("UA", "Local
authority", "Counties & UAs (from Apr 2023)"); the code's prefix is the one reliable signal.
"""

from __future__ import annotations

# Prefixes from the ONS Register of Geographic Codes, limited to the kinds of area the product uses.
LEVELS_BY_PREFIX = {
    "K02": "country",  # United Kingdom
    "K03": "country",  # Great Britain
    "K04": "country",  # England and Wales
    "E92": "country",
    "W92": "country",
    "S92": "country",
    "N92": "country",
    "E12": "region",
    "E47": "combined-authority",
    "E61": "combined-authority",  # Greater London Authority
    "E06": "local-authority",  # unitary authorities
    "E07": "local-authority",  # shire districts
    "E08": "local-authority",  # metropolitan boroughs
    "E09": "local-authority",  # London boroughs
    "E10": "local-authority",  # counties
    "W06": "local-authority",
    "S12": "local-authority",
    "N09": "local-authority",
    "E05": "ward",
    "W05": "ward",
    "S13": "ward",
    "N08": "ward",
    "E02": "msoa",
    "W02": "msoa",
    "E01": "lsoa",
    "W01": "lsoa",
}


def level_for(code: str) -> str:
    """The product's area level for a GSS code, or "" when the prefix is not one the product uses."""
    return LEVELS_BY_PREFIX.get(code[:3].upper(), "")
