"""Columns of an uploaded survey export mapped to what they hold, as the engagement desk's officers choose.

Each column gets one *choice* ("respondent_id", "question:text", "demographic:age_band", ...), offered
first from the mapping saved for the engagement, then from the Citizen Space preset
(mappings/citizen-space.yaml, or the plan folder's own copy), then from a guess on the heading and the
values. The choices become a mapping document in the structure of a mapping YAML file, so the import
reads the file exactly as `onestockport voice import --mapping` would; answer translations (`values`)
come from the saved or preset column of the same kind, as a person editing the YAML would copy them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from .demographics import FIELDS
from .importers.mapping import Column, Mapping, available_mappings, normalise, read_mapping

PRESET = "citizen-space"
IGNORE = "ignore"
CHOICES: list[tuple[str, str]] = [
    (IGNORE, "Ignore: not stored"),
    ("respondent_id", "Respondent identifier"),
    ("submitted_at", "Date submitted"),
    ("channel", "How they took part"),
    ("question:text", "Free-text question"),
    ("question:choice", "Choice question"),
    ("consent", "Consent to be quoted"),
    ("ward", "Ward"),
    ("postcode", "Postcode (only its district is kept)"),
    *((f"demographic:{name}", f"About them: {field.label}") for name, field in FIELDS.items()),
]
CHOICE_LABELS = dict(CHOICES)
# Choices only one column may take: a second would overwrite the first in each respondent's record.
SINGLE = {choice for choice, _ in CHOICES if choice not in (IGNORE, "question:text", "question:choice")}
# Guesses from the heading alone, in this order: direct identifiers first, so "email address" is dropped.
HEADING_GUESSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), choice)
    for pattern, choice in (
        (r"\b(name|e-?mail|phone|telephone|mobile|address|organi[sz]ation)\b", IGNORE),
        (r"\b(id|identifier|reference)\b|respondent", "respondent_id"),
        (r"submitted|timestamp|\bdate\b", "submitted_at"),
        (r"post ?code", "postcode"),
        (r"\bward\b", "ward"),
        (r"consent|quote|publish", "consent"),
        (r"\bage\b|how old", "demographic:age_band"),
        (r"\bsex\b|gender", "demographic:sex"),
        (r"ethnic", "demographic:ethnic_group"),
        (r"disab", "demographic:disability"),
        (r"care leaver|been in care", "demographic:care_leaver"),
        (r"carer|look after", "demographic:carer"),
        (r"lgbt", "demographic:lgbtq"),
        (r"veteran|armed forces", "demographic:veteran"),
        (r"channel", "channel"),
        (r"comment|tell us|anything else|\bwhy\b|suggest|describe|explain", "question:text"),
    )
]
LONG_ANSWER = 40  # characters (or more than LONG_WORDS words): an answer this long is free text, not a choice
LONG_WORDS = 5
FEW_CHOICES = 12  # distinct answers among the sample: no more, and it may be a choice question


@dataclass(frozen=True)
class Guess:
    choice: str
    source: str  # "saved", "preset" or "guess": where the choice came from, shown beside the select
    column: Column | None = None  # the saved or preset column that matched the heading


def choice_of(column: Column) -> str:
    if column.role == "question":
        return f"question:{column.kind}"
    if column.role == "demographic":
        return f"demographic:{column.field}"
    return column.role


def preset_mapping() -> Mapping | None:
    """The Citizen Space preset (the plan folder's copy when it has one)."""
    path = available_mappings().get(PRESET)
    return read_mapping(path) if path is not None else None


def _matching(mapping: Mapping | None, heading: str) -> Column | None:
    if mapping is None:
        return None
    return next((column for column in mapping.columns if column.matches(heading)), None)


def guess_from_values(samples: Sequence[str]) -> str:
    """A column not recognised by its heading: free text, a choice, or nothing worth keeping."""
    answers = [value for value in samples if value.strip()]
    if not answers:
        return IGNORE
    if any(len(value) > LONG_ANSWER or len(value.split()) > LONG_WORDS for value in answers):
        return "question:text"
    return "question:choice" if len({normalise(v) for v in answers}) <= FEW_CHOICES else "question:text"


def guess_columns(
    headings: Sequence[str], samples: Sequence[Sequence[str]], *, saved: Mapping | None, preset: Mapping | None
) -> list[Guess]:
    """A choice for each heading: the saved mapping's, else the preset's, else a guess; one identifier only."""
    guesses: list[Guess] = []
    for heading, values in zip(headings, samples, strict=True):
        for source, mapping in (("saved", saved), ("preset", preset)):
            column = _matching(mapping, heading)
            if column is not None:
                guesses.append(Guess(choice_of(column), source, column))
                break
        else:
            text = normalise(heading)
            choice = next((c for pattern, c in HEADING_GUESSES if pattern.search(text)), None)
            guesses.append(Guess(choice or guess_from_values(values), "guess"))
    taken: set[str] = set()
    for index, guess in enumerate(guesses):  # a second column guessed for a single field falls back to its values
        if guess.choice in SINGLE and guess.choice in taken and guess.source == "guess":
            guesses[index] = Guess(guess_from_values(samples[index]), "guess")
        taken.add(guesses[index].choice)
    return guesses


def _template(choice: str, heading: str, saved: Mapping | None, preset: Mapping | None) -> Column | None:
    """The saved or preset column to copy `values` and a question's key from, for this heading and choice."""
    for mapping in (saved, preset):
        column = _matching(mapping, heading)
        if column is not None and choice_of(column) == choice:
            return column
    if choice.startswith("question"):
        return None  # a question's key and answers belong to its own heading
    for mapping in (saved, preset):
        found = next((c for c in (mapping.columns if mapping else []) if choice_of(c) == choice and c.values), None)
        if found is not None:
            return found
    return None


def _key(heading: str, template: Column | None, used: set[str]) -> str:
    base = template.key if template is not None and template.key else slugify(heading)[:50].strip("-") or "question"
    key, number = base, 2
    while key in used:
        key, number = f"{base[:46]}-{number}", number + 1
    used.add(key)
    return key


def build_document(
    headings: Sequence[str],
    choices: Sequence[str],
    *,
    saved: Mapping | None,
    preset: Mapping | None,
    name: str,
) -> dict:
    """The mapping document for these choices (one `header` entry per heading), in a mapping YAML's structure."""
    columns: list[dict] = []
    used: set[str] = set()
    for heading, choice in zip(headings, choices, strict=True):
        role, _, detail = choice.partition(":")
        template = _template(choice, heading, saved, preset)
        entry: dict = {"header": heading, "role": role}
        if role == "question":
            entry |= {"key": _key(heading, template, used), "kind": detail}
        elif role == "demographic":
            entry["field"] = detail
        if template is not None and template.values and role in ("question", "demographic", "consent", "ward"):
            entry["values"] = dict(template.values)
        columns.append(entry)
    channels = list(preset.engagement.channels) if preset is not None else []
    if saved is not None:
        channels = list(saved.engagement.channels)
    return {
        "name": name,
        "description": "Columns mapped on the engagement desk",
        "engagement": {"channels": channels},
        "columns": columns,
    }
