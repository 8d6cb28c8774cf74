"""A page for each current ward of the plan's place: where it is, deprivation, the plan's actions, residents' voice.

Plain functions over the area register, the plan and the voice records; the views only render what these return.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.text import slugify

from onestockport.places.geometry import polygons
from onestockport.places.maps import MapArea, outline_svg
from onestockport.places.models import Area, Deprivation
from onestockport.places.selectors import (
    WardDeprivation,
    best_fit_wards,
    boundaries_note,
    map_areas,
    place_wards,
    summarise_deciles,
)
from onestockport.plans.models import Action, Plan
from onestockport.plans.place import current_place
from onestockport.voice.disclosure import Cell, display, protect
from onestockport.voice.models import Quote
from onestockport.voice.redaction import place_redactor
from onestockport.voice.selectors import counted_respondents

WARD_VINTAGE = "2023"
LSOA_VINTAGE = "2021"
EDITION = "IoD2025"
DEPRIVATION_SOURCE = (
    "Ministry of Housing, Communities and Local Government, English Indices of Deprivation 2025: "
    "Index of Multiple Deprivation by 2021 LSOA"
)
DEPRIVATION_PERIOD = "2025 edition"
DEPRIVATION_UNIT = "small areas (lower layer super output areas, about 1,500 residents each)"
# Words that tell a ward's halves apart; a part without them is still a place resident knows ("Hilltop").
COMPASS = {"north", "south", "east", "west", "central"}


def ward_slug(name: str) -> str:
    """'Hilltop & Town Central' -> 'hilltop-and-town-central'."""
    return slugify(name.replace("&", " and "))


def current_wards(code: str | None = None) -> list[Area]:
    """The place's current wards, by name."""
    code = current_place().code if code is None else code
    vintage = _vintage()
    return [ward for ward in place_wards(code) if vintage in ward.vintages]


def _vintage() -> str:
    return current_place().boundaries.get("wards") or WARD_VINTAGE


@dataclass(frozen=True)
class WardLink:
    name: str
    slug: str


def ward_index(code: str | None = None) -> list[WardLink]:
    return [WardLink(ward.name, ward_slug(ward.name)) for ward in current_wards(code)]


def find_ward(slug: str) -> Area | None:
    return next((ward for ward in current_wards() if ward_slug(ward.name) == slug), None)


# --- Place names in text ------------------------------------------------------------------------


def ward_terms(name: str, *, place_name: str = "") -> list[str]:
    """Names a text may use for the ward: its name, its parts split on '&'/'and', and each part without
    a compass word ('Hilltop North' -> 'Hilltop'). The place's own name is left out: it names the whole place."""
    parts = [part.strip() for part in re.split(r"\s*&\s*|\s+and\s+", name) if part.strip()]
    terms = [name, *parts]
    for part in parts:
        words = part.split()
        kept = [word for word in words if word.casefold() not in COMPASS]
        if kept and len(kept) < len(words):
            terms.append(" ".join(kept))
    excluded = place_name.casefold()
    return list(dict.fromkeys(term for term in terms if term.casefold() != excluded))


def names_any(text: str, terms: Iterable[str]) -> bool:
    """Whole-word, case-insensitive match of any term in the text."""
    return any(re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) for term in terms)


def actions_naming(plan: Plan, terms: Sequence[str]) -> list[Action]:
    found = []
    for action in Action.objects.filter(priority__plan=plan).select_related("priority"):
        text = " ".join([action.title, action.text, *(str(item) for item in action.sub_items or [])])
        if names_any(text, terms):
            found.append(action)
    return found


# --- Where it is --------------------------------------------------------------------------------


def _vertices(geometry: dict) -> set[tuple[float, float]]:
    return {(round(x, 4), round(y, 4)) for polygon in polygons(geometry) for ring in polygon for x, y in ring}


def neighbours(shapes: Sequence[MapArea], code: str) -> list[str]:
    """Names of the areas whose boundary shares a point with this one's (the boundaries come from one file)."""
    own = next((shape for shape in shapes if shape.code == code), None)
    if own is None:
        return []
    points = _vertices(dict(own.geometry))
    return sorted(s.name for s in shapes if s.code != code and points & _vertices(dict(s.geometry)))


# --- Deprivation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Neighbourhood:
    label: str
    code: str
    decile: int | None


@dataclass(frozen=True)
class DeprivationRow:
    """One row of the wards table: counts of neighbourhoods and their shares, ready to show."""

    name: str
    slug: str
    lsoas: int
    most_deprived_10: int
    most_deprived_20: int
    share_10: str
    share_20: str
    current: bool = False


def _row(row: WardDeprivation, *, slug: str = "", current: bool = False) -> DeprivationRow:
    return DeprivationRow(
        row.name,
        slug,
        row.lsoas,
        row.most_deprived_10,
        row.most_deprived_20,
        _share(row.most_deprived_10, row.lsoas),
        _share(row.most_deprived_20, row.lsoas),
        current,
    )


@dataclass(frozen=True)
class PlaceDeprivation:
    ward: DeprivationRow
    whole: DeprivationRow  # the place as a whole, summed over its wards
    neighbourhoods: list[Neighbourhood]
    all_wards: list[DeprivationRow]
    source: str = DEPRIVATION_SOURCE
    period: str = DEPRIVATION_PERIOD
    unit: str = DEPRIVATION_UNIT


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "\u2013"


def deprivation_for(ward: Area, wards: Sequence[Area]) -> PlaceDeprivation | None:
    council = ward.parent
    if council is None:
        return None
    fits = best_fit_wards(council, lsoa_vintage=LSOA_VINTAGE, ward_vintage=_vintage())
    rows = Deprivation.objects.filter(edition=EDITION, area__code__in=list(fits)).select_related("area")
    deciles = {row.area.code: row.decile for row in rows}
    if not deciles:
        return None
    summary = summarise_deciles(wards, fits, deciles)
    mine = next(row for row in summary if row.code == ward.code)
    whole = WardDeprivation(
        council.code,
        council.name,
        sum(row.lsoas for row in summary),
        sum(row.most_deprived_10 for row in summary),
        sum(row.most_deprived_20 for row in summary),
    )
    names = {row.area.code: row.area.name for row in rows}
    neighbourhoods = [
        Neighbourhood(f"{ward.name}, {names[code].split()[-1]}", code, deciles[code])
        for code in sorted(code for code, container in fits.items() if container == ward.code and code in deciles)
    ]
    rows_out = [_row(row, slug=ward_slug(row.name), current=row.code == ward.code) for row in summary]
    return PlaceDeprivation(_row(mine), _row(whole), neighbourhoods, rows_out)


# --- What residents said ------------------------------------------------------------------------


@dataclass(frozen=True)
class WardVoice:
    respondents: Cell
    respondents_display: str
    threshold: int
    quotes: list[str] = field(default_factory=list)


def _respondents_in(ward: Area) -> Q:
    spelled = ward.name.replace("&", "and")
    return Q(ward_code=ward.code) | Q(ward__iexact=ward.name) | Q(ward__iexact=spelled)


def ward_voice(plan: Plan, ward: Area) -> WardVoice | None:
    respondents = counted_respondents(plan).filter(_respondents_in(ward))
    count = respondents.count()
    if not count:
        return None
    limit = int(settings.VOICE_DISCLOSURE_THRESHOLD)
    # One lone count on its own page: primary suppression only (nothing to difference it against).
    table = protect([(ward.code, ward.name, count)], publish_total=False, threshold=limit)
    cell = table.cells[0]
    quotes = Quote.objects.filter(
        approved=True,
        consent_recorded=True,
        priority__plan=plan,
        response__respondent__in=respondents,
    ).order_by("priority__position", "-approved_at", "pk")
    redactor = place_redactor()
    return WardVoice(cell, display(cell.count, cell.status, limit), limit, [redactor.redact(q.text) for q in quotes])


# --- The page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WardPage:
    ward: Area
    place_name: str
    ward_count: int
    map_svg: str
    map_note: str
    neighbours: list[str]
    deprivation: PlaceDeprivation | None
    actions: list[Action]
    voice: WardVoice | None


def ward_page(plan: Plan, ward: Area) -> WardPage:
    place = current_place()
    wards = current_wards()
    shapes = map_areas(wards, vintage=_vintage())
    svg = ""
    if shapes:
        svg = outline_svg(
            shapes,
            title=f"Where {ward.name} is in {place.name}",
            id_prefix="map-ward",
            highlight=[ward.code],
            description=f"{ward.name} is filled dark among the {place.kind_word}'s wards.",
            width=320,
        )
    return WardPage(
        ward=ward,
        place_name=place.name,
        ward_count=len(wards),
        map_svg=svg,
        map_note="" if svg else boundaries_note(wards),
        neighbours=neighbours(shapes, ward.code),
        deprivation=deprivation_for(ward, wards),
        actions=actions_naming(plan, ward_terms(ward.name, place_name=place.name)),
        voice=ward_voice(plan, ward),
    )
