"""Redaction: personal data in resident's words replaced by placeholders before anything is published.

Pure functions, rules only (no model, no network): what the rules find is replaced by `[email]`,
`[phone]`, `[postcode]`, `[address]`, `[NI number]` or `[name]`.

* email addresses; national insurance numbers (two letters, six digits and A-D, spaced or not);
  UK phone numbers (10 or 11 digits starting 0, or +44, in the usual groupings);
  full UK postcodes in the Royal Mail format (a postcode district alone, "SK4", is not personal and stays);
* street addresses: a house number (with an optional flat) followed by up to four words and a street
  suffix ("12 Acacia Avenue", "Flat 3, 7 Wellington Road South");
* names: after a title (Mr, Mrs, Dr, Cllr...), after a cue ("my name is", "I'm", "called", "my
  neighbour"), in a sign-off ("Thanks, Sarah"), or a capitalised given name from first_names.txt with
  the surname that follows it.

The place's places and organisations are never redacted as names: the engine's generic list
(data/protected_terms.txt: "NHS", "Town Centre"...), the plan folder's voice/protected_terms.txt
(districts, parks, local organisations), and, from the database, the place's name, its wards in the
area register and the plan's partners. Nor is a given name that starts the name of a place or
organisation ("Victoria Park", "St Thomas' Hospital", "Grace Academy").
Addresses, postcodes, phones and emails win over protected names: "12 Hazel Grove" is an address.

Rules miss what they cannot see (a surname alone, an unusual name with no cue, a house name), so a
quote is published only after an officer approves it; tests/voice/data/redaction_cases.yaml measures
the rules' recall and precision.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .plan_folder import voice_dir

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACEHOLDERS = {kind: f"[{kind}]" for kind in ("name", "email", "phone", "postcode", "address")}
PLACEHOLDERS["ni_number"] = "[NI number]"
# What each kind is called in a sentence ("a phone number remains").
KIND_NAMES = {
    "name": "a name",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "address": "a house number and street",
    "ni_number": "a national insurance number",
}

EMAIL = re.compile(r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
# HMRC's shape (two letters, six digits, A-D), any letters: a mistyped or unallocated number is redacted too.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
POSTCODE = re.compile(rf"\b{_OUTWARD}\s?[0-9][ABD-HJLNP-UW-Z]{{2}}\b", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+£$€])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d \-().]{7,15}\d(?![\d£%])")
STREET_SUFFIXES = (
    "Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Crescent|Cres|Grove|Gr|Place|Pl|Court|Ct|"
    "Gardens|Gdns|Terrace|Terr|Walk|Square|Sq|Mews|Rise|View|Hill|Brow|Fold|Row|Parade|Croft|Meadows?|Bank|"
    "Vale|Heights|Chase|Green|Park|Boulevard|Gate|Wynd|Dene|Nook|Hollow|Lea|End|Mount|Fields?"
)
ADDRESS = re.compile(
    r"(?:\b(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?,?\s+)?"
    r"\b\d{1,4}[A-Za-z]?,?\s+"
    r"(?:(?:[A-Z][a-z'\u2019]+(?:-[A-Z]?[a-z]+)?|St\.?)\s+){1,4}"
    rf"(?:{STREET_SUFFIXES})\b\.?"
    r"(?:\s+(?:North|South|East|West)\b)?"
)
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lady|Lord|Cllr|Councillor|Rev|Reverend|Father|Sister|Nurse)"
_CAP = r"[A-Z][a-z'\u2019]+(?:-[A-Z][a-z'\u2019]+)*"
TITLED = re.compile(rf"\b{_TITLE}\.?\s+(?:[A-Z]\.?\s+)?{_CAP}(?:\s+{_CAP})?")
# "my name is X", "I'm X": the next one or two words are the name (strong cues take any capitalised word).
STRONG_CUE = re.compile(r"\b(?:my name is|my name's|i am called|i'm called|call me|name:)\s+", re.IGNORECASE)
WEAK_CUE = re.compile(r"\b(?:i am|i'm|im|this is|it's|its)\s+", re.IGNORECASE)
PERSON_NOUNS = (
    "son|daughter|husband|wife|partner|mum|mom|mother|dad|father|brother|sister|neighbour|neighbor|friend|mate|"
    "carer|grandson|granddaughter|grandchild|nan|nana|gran|grandma|grandad|grandpa|child|kid|boy|girl|uncle|aunt|"
    "auntie|cousin|colleague|boss|manager|gp|doctor|teacher|nurse|social worker|support worker|key worker|lad|"
    "lady|man|woman|guy|bloke|chap|fella|person|someone|officer|councillor|landlord|tenant|niece|nephew|"
    "fiance|fiancee|stepson|stepdaughter|baby|twins?|brother-in-law|sister-in-law"
)
RELATION = re.compile(
    rf"\b(?:my|our|a|the|his|her|their)\s+(?:{PERSON_NOUNS})(?:\s+(?:called|named))?,?\s+", re.IGNORECASE
)
CALLED = re.compile(r"\b(?:called|named)\s+", re.IGNORECASE)
SIGN_OFF = re.compile(
    r"(?:^|(?<=[.!?\n])\s*|\s)(?:thanks|thank you|many thanks|regards|kind regards|best wishes|best|cheers|"
    r"yours sincerely|yours faithfully|sincerely|love|from)[,!.]?\s+"
    rf"(?P<name>{_CAP}(?:\s+{_CAP})?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
DASH_SIGNATURE = re.compile(rf"\s[-\u2013\u2014]\s*(?P<name>{_CAP}(?:\s+{_CAP})?)\s*$")
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z]+)*")
# A capitalised word after a given name that makes the pair a place or organisation, not a person.
NOT_A_PERSON_AFTER = {
    "park",
    "road",
    "street",
    "lane",
    "avenue",
    "close",
    "drive",
    "way",
    "hall",
    "house",
    "centre",
    "center",
    "college",
    "school",
    "academy",
    "primary",
    "high",
    "hospital",
    "church",
    "chapel",
    "court",
    "surgery",
    "practice",
    "library",
    "trust",
    "foundation",
    "ltd",
    "limited",
    "group",
    "club",
    "bridge",
    "square",
    "gardens",
    "station",
    "market",
    "cafe",
    "arms",
    "inn",
    "hotel",
    "mill",
    "works",
    "estate",
    "green",
    "grove",
    "terrace",
    "place",
    "crescent",
    "fields",
    "medical",
    "infirmary",
    "stadium",
    "theatre",
    "museum",
    "university",
    "nursery",
    "pharmacy",
    "shopping",
    "retail",
    "leisure",
}
# Capitalised words that never start or continue a name.
STOPWORDS = {
    "i",
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "in",
    "on",
    "at",
    "to",
    "of",
    "for",
    "with",
    "from",
    "by",
    "my",
    "our",
    "we",
    "you",
    "he",
    "she",
    "they",
    "it",
    "is",
    "was",
    "are",
    "be",
    "so",
    "if",
    "as",
    "not",
    "no",
    "yes",
    "this",
    "that",
    "there",
    "here",
    "when",
    "what",
    "why",
    "how",
    "who",
    "where",
    "also",
    "just",
    "very",
    "really",
    "thanks",
    "thank",
    "please",
    "hi",
    "hello",
    "dear",
    "council",
    "nhs",
    "gp",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "english",
    "british",
    "polish",
    "muslim",
    "christian",
    "jewish",
    "hindu",
    "sikh",
    "asian",
    "black",
    "white",
    "covid",
    "christmas",
    "easter",
    "eid",
    "diwali",
    "ramadan",
    "mum",
    "dad",
    "mr",
    "mrs",
    "ms",
}


@dataclass(frozen=True, order=True)
class Redaction:
    start: int
    end: int
    kind: str


class Redactor:
    def __init__(self, *, first_names: frozenset[str], protected: tuple[str, ...]) -> None:
        self.first_names = first_names
        phrases = sorted({_phrase_pattern(p) for p in protected if p.strip()}, key=len, reverse=True)
        self.protected = re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE) if phrases else None

    def redact(self, text: str) -> str:
        """`text` with every personal detail the rules find replaced by its placeholder."""
        pieces, last = [], 0
        for found in self.find(text):
            pieces.append(text[last : found.start])
            pieces.append(PLACEHOLDERS[found.kind])
            last = found.end
        pieces.append(text[last:])
        return "".join(pieces)

    def find(self, text: str) -> list[Redaction]:
        """Every span to redact, in order, none overlapping."""
        candidates: list[Redaction] = []
        for kind, pattern in (("email", EMAIL), ("ni_number", NI_NUMBER), ("postcode", POSTCODE), ("address", ADDRESS)):
            candidates += [Redaction(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        candidates += [Redaction(m.start(), m.end(), "phone") for m in PHONE.finditer(text) if _is_phone(m.group())]
        hard = _resolve(candidates)
        protected = [m.span() for m in self.protected.finditer(text)] if self.protected else []
        blocked = [(r.start, r.end) for r in hard] + protected
        names = [r for r in self._names(text) if not _overlaps((r.start, r.end), blocked)]
        return _resolve(hard + names)

    def _names(self, text: str) -> list[Redaction]:
        found: list[Redaction] = []
        for match in TITLED.finditer(text):
            end = _trim_name_end(text, match.start(), match.end())
            found.append(Redaction(match.start(), end, "name"))
        for match in STRONG_CUE.finditer(text):
            span = self._name_after(text, match.end(), any_capitalised=True)
            if span:
                found.append(Redaction(*span, "name"))
        for match in WEAK_CUE.finditer(text):
            span = self._name_after(text, match.end(), any_capitalised=False)
            if span:
                found.append(Redaction(*span, "name"))
        for match in RELATION.finditer(text):
            span = self._name_after(text, match.end(), any_capitalised=True, lowercase_known=True)
            if span:
                found.append(Redaction(*span, "name"))
        for match in CALLED.finditer(text):
            span = self._name_after(text, match.end(), any_capitalised=False)
            if span:
                found.append(Redaction(*span, "name"))
        for pattern in (SIGN_OFF, DASH_SIGNATURE):
            match = pattern.search(text)
            if match and match["name"].split()[0].casefold() not in STOPWORDS:
                found.append(Redaction(match.start("name"), match.end("name"), "name"))
        for match in WORD.finditer(text):
            word = match.group()
            if word[0].isupper() and _base(word).casefold() in self.first_names:
                span = self._name_after(text, match.start(), any_capitalised=False)
                if span:
                    found.append(Redaction(*span, "name"))
        return found

    def _name_after(
        self, text: str, position: int, *, any_capitalised: bool, lowercase_known: bool = False
    ) -> tuple[int, int] | None:
        """The name starting at `position` (a given name and perhaps a surname), or None."""
        words = list(WORD.finditer(text, position))
        if not words or words[0].start() != position:
            return None
        first = words[0].group()
        base = _base(first)
        known = base.casefold() in self.first_names
        capitalised = first[0].isupper()
        if base.casefold() in STOPWORDS or not (
            (capitalised and (any_capitalised or known)) or (lowercase_known and known)
        ):
            return None
        end = words[0].start() + len(base)
        if len(words) > 1:
            following = words[1]
            gap = text[words[0].end() : following.start()]
            after = _base(following.group())
            if after.casefold() in NOT_A_PERSON_AFTER and following.group()[0].isupper():
                return None
            if gap == " " and first == base and following.group()[0].isupper() and after.casefold() not in STOPWORDS:
                end = following.start() + len(after)
        if position > 0 and re.search(r"\b(?:St|Saint)\.?\s*$", text[:position]):
            return None
        return position, end


def _base(word: str) -> str:
    """A word without its possessive: "Sarah's" -> "Sarah"."""
    return re.sub(r"['\u2019]s?$", "", word)


def _trim_name_end(text: str, start: int, end: int) -> int:
    """A titled name stops before a word that makes it a place ("Dr Kershaw's Hospice" keeps "Hospice")."""
    words = list(WORD.finditer(text, start, end))
    if len(words) >= 3 and _base(words[-1].group()).casefold() in NOT_A_PERSON_AFTER:
        return words[-2].end()
    return end if not text[start:end].endswith(("'s", "\u2019s")) else end - 2


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip("(").startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits.startswith("0") and digits[1:2] != "0" and len(digits) in (10, 11)


def _phrase_pattern(phrase: str) -> str:
    words = [re.escape(word) for word in phrase.split()]
    return r"\s+".join(r"(?:and|&)" if word == "and" else word for word in words)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _resolve(candidates: list[Redaction]) -> list[Redaction]:
    """Overlapping candidates: the earliest wins, then the longest."""
    chosen: list[Redaction] = []
    for candidate in sorted(candidates, key=lambda r: (r.start, -(r.end - r.start))):
        if chosen and candidate.start < chosen[-1].end:
            continue
        chosen.append(candidate)
    return chosen


@functools.cache
def _read_list(path: Path) -> tuple[str, ...]:
    """The phrases of a list file, one a line, without comments; none when the file is not there."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return ()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@functools.cache
def _first_names() -> frozenset[str]:
    return frozenset(_read_list(DATA_DIR / "first_names.txt"))


@functools.lru_cache(maxsize=8)
def _redactor(protected: tuple[str, ...]) -> Redactor:
    return Redactor(first_names=_first_names(), protected=protected)


def file_terms(folder: Path | None = None) -> tuple[str, ...]:
    """The engine's generic protected terms and those of the plan folder's voice/ (default: the site's plan)."""
    folder = folder if folder is not None else voice_dir()
    plan = _read_list(folder / "protected_terms.txt") if folder is not None else ()
    return _read_list(DATA_DIR / "protected_terms.txt") + plan


def place_terms() -> tuple[str, ...]:
    """From the database: the place's name, its wards in the area register and the plan's partners."""
    from django.conf import settings

    from onestockport.places.selectors import place_wards
    from onestockport.plans.models import Partner
    from onestockport.plans.place import current_place

    place = current_place()
    names = [place.name] if place.code else []  # a place without a code is the neutral "the area"
    names += [ward.name for ward in place_wards(place.code)]
    names += Partner.objects.filter(plan__slug=settings.ONESTOCKPORT_PLAN_SLUG).values_list("name", flat=True)
    return tuple(sorted(set(names)))


def default_redactor() -> Redactor:
    """The rules with the protected terms of the files alone (no database): the engine's and the plan folder's."""
    return _redactor(file_terms())


def place_redactor() -> Redactor:
    """The rules with every protected term: the files' and the place's from the database."""
    return _redactor(file_terms() + place_terms())


def redact(text: str, redactor: Redactor | None = None) -> str:
    """`text` with names, emails, phone numbers, postcodes and street addresses replaced by placeholders.

    Uses the database for the place's protected names; pass a redactor to reuse one (or to do without it)."""
    return (redactor or place_redactor()).redact(text)
