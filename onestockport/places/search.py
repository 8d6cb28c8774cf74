"""Finding a place from what a resident types: a postcode (full or partial) or a place name.

`search(text, index)` is pure: it reads only the `SearchIndex` it is given. `load_search_index()`
builds that index from the database (the postcodes and names `load_areas` stores).

Outcomes:
- "found": one place to go to (`targets` has one entry; `related` may list near relations);
  `related` also names a town or village the text matched ("centre"), which a plan may give a page;
- "choices": a short list, when the text fits several places equally;
- "outside": a postcode (or postcode district) that is not in the place;
- "none": nothing matched.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .postcodes import (
    match_key,
    normalise_postcode,
    outward_code,
    partial_postcodes,
    read_place_names,
    read_postcodes,
    sector_code,
)

MAX_CHOICES = 10
# How close a misspelt word must be to a known one (difflib ratio): "bramhal" ~ "bramhall" is 0.93.
WORD_CUTOFF = 0.8
NAME_CUTOFF = 0.75


@dataclass(frozen=True)
class Target:
    code: str  # GSS code of the ward or neighbourhood (MSOA)
    name: str
    kind: str  # "ward" or "neighbourhood"


@dataclass(frozen=True)
class SearchResult:
    outcome: str  # "found", "choices", "outside" or "none"
    query: str
    targets: tuple[Target, ...] = ()
    related: tuple[Target, ...] = ()
    postcode: str = ""  # the postcode, district or sector as read ("SK1 3XE", "SK4", "SK1 3")
    note: str = ""  # why, in plain words, when the result is not a straight answer

    @property
    def target(self) -> Target | None:
        return self.targets[0] if self.outcome == "found" else None


@dataclass(frozen=True)
class NameEntry:
    name: str
    kind: str  # "ward", "neighbourhood" or "built-up-area"
    code: str
    ward_codes: tuple[str, ...] = ()


@dataclass
class SearchIndex:
    """Everything search needs: postcode -> ward code, ward names, and the names to match."""

    postcode_wards: Mapping[str, str]
    ward_names: Mapping[str, str]
    names: list[NameEntry]
    # Postcode -> LSOA 2021 and LSOA -> its neighbourhood (MSOA): a full postcode also names its neighbourhood.
    postcode_lsoas: Mapping[str, str] = field(default_factory=dict)
    lsoa_neighbourhoods: Mapping[str, Target] = field(default_factory=dict)
    _districts: dict[str, Counter[str]] = field(init=False, repr=False)
    _sectors: dict[str, Counter[str]] = field(init=False, repr=False)
    _keys: list[tuple[str, NameEntry]] = field(init=False, repr=False)
    _words: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._districts = defaultdict(Counter)
        self._sectors = defaultdict(Counter)
        for postcode, ward in self.postcode_wards.items():
            self._districts[outward_code(postcode)][ward] += 1
            self._sectors[sector_code(postcode)][ward] += 1
        self._keys = [(match_key(entry.name), entry) for entry in self.names]
        self._words = {word for key, _ in self._keys for word in key.split()}

    def wards_of(self, kind: str, code: str) -> list[str]:
        """Ward codes with postcodes in the district or sector, the most postcodes first."""
        counts = (self._districts if kind == "district" else self._sectors).get(code, Counter())
        return [ward for ward, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def ward(self, code: str) -> Target:
        return Target(code, self.ward_names.get(code, code), "ward")


def search(text: str, index: SearchIndex) -> SearchResult:
    """Where `text` (a postcode or a place name) leads, within the place the index covers."""
    query = " ".join(text.split())
    if not query:
        return SearchResult("none", query)
    postcode = normalise_postcode(query)
    if postcode is not None:
        return _full_postcode(query, postcode, index)
    readings = partial_postcodes(query)
    if readings:
        return _partial_postcode(query, readings, index)
    return _name(query, index)


def _full_postcode(query: str, postcode: str, index: SearchIndex) -> SearchResult:
    ward = index.postcode_wards.get(postcode)
    if ward is not None:
        neighbourhood = index.lsoa_neighbourhoods.get(index.postcode_lsoas.get(postcode, ""))
        related = (neighbourhood,) if neighbourhood else ()
        return SearchResult("found", query, (index.ward(ward),), related, postcode=postcode)
    # Not a live postcode here: if its sector or district is, offer those wards instead.
    for kind, code in (("sector", sector_code(postcode)), ("district", outward_code(postcode))):
        wards = index.wards_of(kind, code)
        if wards:
            note = f"{postcode} was not found; these wards have postcodes in {code}"
            return _from_wards(query, wards, index, postcode=postcode, note=note)
    return SearchResult("outside", query, postcode=postcode)


def _partial_postcode(query: str, readings: list[tuple[str, str]], index: SearchIndex) -> SearchResult:
    for kind, code in readings:
        wards = index.wards_of(kind, code)
        if wards:
            return _from_wards(query, wards, index, postcode=code)
    # A district-like word may still be a name ("M1" is not, but be safe): try names before "outside".
    by_name = _name(query, index)
    if by_name.outcome != "none":
        return by_name
    return SearchResult("outside", query, postcode=readings[0][1])


def _from_wards(query: str, wards: list[str], index: SearchIndex, *, postcode: str, note: str = "") -> SearchResult:
    targets = tuple(index.ward(code) for code in wards[:MAX_CHOICES])
    outcome = "found" if len(targets) == 1 and not note else "choices"
    return SearchResult(outcome, query, targets, postcode=postcode, note=note)


def _name(query: str, index: SearchIndex) -> SearchResult:
    key = match_key(query)
    if not key:
        return SearchResult("none", query)
    result = _exact_or_contained(query, key, index)
    if result is not None:
        return result
    corrected = " ".join(_closest_word(word, index) for word in key.split())
    if corrected != key:
        result = _exact_or_contained(query, corrected, index)
        if result is not None:
            return SearchResult(result.outcome, query, result.targets, result.related, note=f"read as {corrected!r}")
    keys = [entry_key for entry_key, _ in index._keys]
    close = set(difflib.get_close_matches(key, keys, n=MAX_CHOICES, cutoff=NAME_CUTOFF))
    if close:
        entries = [entry for entry_key, entry in index._keys if entry_key in close]
        return _answer(query, _targets(entries, index), index, related=_centres(entries), note="closest names")
    return SearchResult("none", query)


def _exact_or_contained(query: str, key: str, index: SearchIndex) -> SearchResult | None:
    exact = [entry for entry_key, entry in index._keys if entry_key == key]
    contained = [entry for entry_key, entry in index._keys if f" {key} " in f" {entry_key} " and entry not in exact]
    if exact:
        targets = _targets(exact, index)
        # A ward and a neighbourhood of the same name ("Edgeley"): go to the ward, mention the other.
        wards = tuple(target for target in targets if target.kind == "ward")
        first = wards or targets
        also = [target for target in (*targets, *_targets(contained, index)) if target not in first]
        related = (*_centres(exact), *also)
        return _answer(query, first, index, related=tuple(dict.fromkeys(related))[:MAX_CHOICES])
    if contained:
        return _answer(query, _targets(contained, index), index, related=_centres(contained))
    return None


def _answer(
    query: str, targets: tuple[Target, ...], index: SearchIndex, *, related: tuple[Target, ...] = (), note: str = ""
) -> SearchResult:
    outcome = "found" if len(targets) == 1 else "choices"
    return SearchResult(outcome, query, targets[:MAX_CHOICES], related, note=note)


def _centres(entries: Iterable[NameEntry]) -> tuple[Target, ...]:
    """Towns and villages among the entries, as places in their own right (a plan may give one a centre page)."""
    return tuple(Target(entry.code, entry.name, "centre") for entry in entries if entry.kind == "built-up-area")


def _targets(entries: Iterable[NameEntry], index: SearchIndex) -> tuple[Target, ...]:
    """Where the entries lead (a built-up area leads to its wards), without repeats, wards first."""
    found: dict[str, Target] = {}
    for entry in entries:
        if entry.kind == "neighbourhood":
            found.setdefault(entry.code, Target(entry.code, entry.name, "neighbourhood"))
        else:
            for code in entry.ward_codes or (entry.code,):
                found.setdefault(code, index.ward(code))
    return tuple(sorted(found.values(), key=lambda target: (target.kind != "ward", target.name)))


def _closest_word(word: str, index: SearchIndex) -> str:
    if word in index._words or word.isdigit():
        return word
    close = difflib.get_close_matches(word, index._words, n=1, cutoff=WORD_CUTOFF)
    return close[0] if close else word


def index_from_files(raw: Path, place_code: str, place_name: str) -> SearchIndex:
    """The index straight from a raw data folder (no database): for tests and a static export."""
    names = [NameEntry(r.name, r.kind, r.code, r.ward_codes) for r in read_place_names(raw, place_code, place_name)]
    ward_names = {entry.code: entry.name for entry in names if entry.kind == "ward"}
    postcode_wards = {r.postcode: r.ward_code for r in read_postcodes(raw, place_code)}
    return SearchIndex(postcode_wards=postcode_wards, ward_names=ward_names, names=names)


def load_search_index() -> SearchIndex:
    """The index from the database: every stored postcode and place name."""
    from .models import Area, PlaceName, Postcode

    names = [
        NameEntry(name, kind, code, tuple(ward_codes.split()))
        for code, name, kind, ward_codes in PlaceName.objects.values_list("code", "name", "kind", "ward_codes")
    ]
    ward_codes = {code for entry in names for code in entry.ward_codes}
    postcode_wards = dict(Postcode.objects.values_list("postcode", "ward_code"))
    ward_codes |= set(postcode_wards.values())
    ward_names = dict(Area.objects.filter(code__in=ward_codes).values_list("code", "name"))
    ward_names.update({entry.code: entry.name for entry in names if entry.kind == "ward"})
    postcode_lsoas = dict(Postcode.objects.exclude(lsoa_code="").values_list("postcode", "lsoa_code"))
    return SearchIndex(
        postcode_wards=postcode_wards,
        ward_names=ward_names,
        names=names,
        postcode_lsoas=postcode_lsoas,
        lsoa_neighbourhoods=_lsoa_neighbourhoods(names),
    )


def _lsoa_neighbourhoods(names: list[NameEntry]) -> dict[str, Target]:
    """LSOA 2021 code -> its neighbourhood (the MSOA it nests in), under the friendly name where there is one."""
    from onestockport.plans.place import current_place

    from . import selectors

    place_code = current_place().code
    if not place_code:
        return {}
    friendly = {entry.code: entry.name for entry in names if entry.kind == "neighbourhood"}
    found = {}
    for msoa in selectors.neighbourhoods(place_code):
        target = Target(msoa.code, friendly.get(msoa.code) or msoa.name, "neighbourhood")
        for lsoa in selectors.neighbourhood_lsoas(msoa.code):
            found[lsoa] = target
    return found
