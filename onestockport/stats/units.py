"""What kind of number an indicator's unit describes, and how to write its figures at the publisher's precision.

Catalogues describe units in free text ("percent of residents 16-64", "tonnes CO2e per person",
"kilotonnes CO2e", "rate per 100,000 aged 65+"). Two questions depend on the unit:

* Which rule says a difference is big enough to matter (`onestockport.stats.materiality`): percentages
  differ in percentage points, years in years, most other figures relative to each other.
* Whether two areas can be compared at all: a total (tonnes, businesses, vehicle miles) grows with the
  size of the area, so it is only comparable once divided by a population.

`unit_kind` answers both from the unit's words. `publisher_decimals` infers how many decimal places to
show when the catalogue does not say (docs/methods.md, "How we write figures"), and `format_value`
writes a figure with its unit: 19.6%, 3.50 tonnes CO2e per person, £24,864 per head.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable
from enum import StrEnum

from .trends import ValueType

__all__ = [
    "MAX_DECIMALS",
    "SIGNIFICANT_FIGURES",
    "UnitKind",
    "decimals_used",
    "format_number",
    "format_value",
    "publisher_decimals",
    "unit_kind",
    "unit_multiplier",
    "value_type_for_unit",
]

# No figure is shown with more decimals than this, or than it takes to give three significant figures
# of the indicator's typical value (a publisher's 19.5958614 is not a claim to eight decimals).
MAX_DECIMALS = 3
SIGNIFICANT_FIGURES = 3
_MOST_PLACES_CHECKED = 6  # beyond this a float's decimals are computation, not publication


class UnitKind(StrEnum):
    """What kind of figure a unit describes."""

    PERCENTAGE = "percentage"  # a share out of 100: differences in percentage points
    YEARS = "years"  # life expectancy and similar: differences in years
    SCORE = "score"  # a positive scale or index (wellbeing out of 10, deprivation scores)
    CENTRED_SCORE = "centred-score"  # a score whose figures include zero or below (Progress 8): no relative size
    TOTAL = "total"  # a count or amount for the whole area: depends on the area's size
    QUANTITY = "quantity"  # rates, amounts per person or per head, ratios: compared relative to each other


_TOTAL_WORDS = ("count", "number", "tonnes", "kilotonnes", "kt", "million", "thousand", "gwh", "mwh", "£")
_SCORE_WORDS = ("score", "rank", "decile", "index")


def _plain(unit: str) -> str:
    """The unit without parenthetical remarks or a second description after ';', lower case."""
    text = re.sub(r"\([^)]*\)", "", unit).split(";")[0]
    return " ".join(text.split()).lower()


def unit_kind(unit: str, values: Iterable[float | None] = ()) -> UnitKind:
    """The kind of figure a free-text unit describes (see the module docstring).

    `values`, the indicator's figures, tell a score centred on zero (some figures zero or below, like
    Progress 8) from a positive scale: only the latter has a meaningful relative difference.
    """
    text = _plain(unit)
    words = text.replace("/", " ").split()
    if text.startswith(("percent", "%")) or text.endswith("%"):
        return UnitKind.PERCENTAGE
    if text.startswith("years"):
        return UnitKind.YEARS
    if any(word in _SCORE_WORDS for word in words):
        if any(value is not None and value <= 0 for value in values):
            return UnitKind.CENTRED_SCORE
        return UnitKind.SCORE
    if " per " in f" {text} " or text.startswith(("rate", "ratio", "proportion")):
        return UnitKind.QUANTITY
    if words and (words[0] in _TOTAL_WORDS or words[0].startswith("£")):
        return UnitKind.TOTAL
    return UnitKind.QUANTITY


def unit_multiplier(unit: str) -> float | None:
    """How many of the unit make one: 100 for a percentage, 100,000 for "rate per 100,000 ..."; None if unsaid.

    Used to check that a figure really is `count / denominator x multiplier` before computing its interval.
    """
    text = _plain(unit)
    if unit_kind(unit) is UnitKind.PERCENTAGE:
        return 100.0
    match = re.search(r"per ([\d,]+)\b", text)
    if match:
        return float(match[1].replace(",", ""))
    if text.startswith("proportion"):
        return 1.0
    return None


def value_type_for_unit(unit: str) -> ValueType:
    """Proportion (Wilson intervals, chi-squared trend test), rate (Byar's) or other, from the unit's words."""
    text = unit.lower()
    if "percent" in text or text in ("%", "proportion"):
        return ValueType.PROPORTION
    if "rate" in text or "per " in text:
        return ValueType.RATE
    return ValueType.OTHER


def decimals_used(value: float) -> int:
    """The decimal places a published number carries: 3.5 -> 1, 66.60000000000001 -> 1, 1631.4539... -> 6."""
    for places in range(_MOST_PLACES_CHECKED + 1):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return places
    return _MOST_PLACES_CHECKED


def publisher_decimals(values: Iterable[float | None]) -> int:
    """The decimal places to show an indicator's figures with, inferred from the figures themselves.

    The most decimals the publisher used for any figure, but no more than it takes to give three
    significant figures of the typical (median) figure, and never more than three.
    """
    finite = [value for value in values if value is not None and math.isfinite(value)]
    if not finite:
        return 0
    used = max(decimals_used(value) for value in finite)
    non_zero = [abs(value) for value in finite if value != 0]
    if not non_zero:
        return 0
    typical = statistics.median(non_zero)
    needed = max(0, SIGNIFICANT_FIGURES - 1 - math.floor(math.log10(typical)))
    return min(used, needed, MAX_DECIMALS)


def format_number(value: float, decimals: int) -> str:
    """A number with thousands separators and a fixed number of decimals: 24864 -> '24,864'."""
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text  # no "-0.0"


def _unit_words(unit: str) -> str:
    """The words to write after a number: "rate per 100,000 aged 65+" -> "per 100,000 aged 65+"."""
    text = " ".join(re.sub(r"\([^)]*\)", "", unit).split(";")[0].split())
    lowered = text.lower()
    for prefix in ("rate ", "mean score ", "score ", "count of ", "count"):
        if lowered.startswith(prefix):
            return text[len(prefix) :].strip()
    if lowered in ("ratio", "proportion", "rank / decile", "rank", "index", "score"):
        return ""
    return text


def format_value(value: float, unit: str, decimals: int, *, short: bool = False) -> str:
    """A figure with its unit, at `decimals` places: '19.6%', '3.50 tonnes CO2e per person', '£24,864 per head'.

    `short` keeps only a symbol (% or £), for a figure in brackets after one already written in full.
    """
    number = format_number(value, decimals)
    if unit_kind(unit) is UnitKind.PERCENTAGE:
        return f"{number}%"
    words = _unit_words(unit)
    if words.startswith("£"):
        rest = words[1:].strip()
        signed = f"-£{number[1:]}" if number.startswith("-") else f"£{number}"
        return signed if short or not rest else f"{signed} {rest}"
    if short or not words:
        return number
    return f"{number} {words}"
