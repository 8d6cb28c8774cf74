"""Whether a quote may be published: the checks run when an officer approves it on the desk.

* **Personal data remains** (blocks approval): anything the redaction rules find in the quote as it
  stands: a name, a house number and street, an email address, a phone number, a national insurance
  number or a postcode. The officer edits the quote (or redacts it) first.
* **Edit first** (a flag): the quote is mostly redaction placeholders (more than
  MAX_PLACEHOLDER_SHARE of its words), or it says who or where the person is ("My name is [name] and
  I live at [address]"): the placeholders do not make such a sentence worth publishing, and the words
  around them may still identify the person.

Either can be overridden only with a reason, recorded on the quote with who and when (services.approve_quote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .redaction import KIND_NAMES, PLACEHOLDERS, Redactor, place_redactor

# More than this share of a quote's words being placeholders leaves too little of what the person said.
MAX_PLACEHOLDER_SHARE = 0.30
_PLACEHOLDER = "|".join(re.escape(placeholder) for placeholder in PLACEHOLDERS.values())
TOKEN = re.compile(rf"{_PLACEHOLDER}|[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
# Placeholders that stand for who or where someone is (a redacted email or phone number is a contact detail,
# counted only in the placeholders' share).
_IDENTIFYING = "|".join(re.escape(PLACEHOLDERS[kind]) for kind in ("name", "address", "postcode", "ni_number"))
# A cue that introduces the person themselves, closely followed by such a placeholder: "my name is [name]",
# "I'm [name]", "I live at [address]".
SELF_IDENTIFICATION = re.compile(
    r"\b(?:my name is|my name's|i am called|i'm called|i am|i'm|im|this is|call me|i live (?:at|on|in)|"
    r"my address is|(?:my|our) (?:house|home|flat) is|my (?:ni|national insurance) number is)\b"
    rf"[^.!?\n]{{0,12}}?(?:{_IDENTIFYING})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def described(self) -> str:
        return f"{KIND_NAMES[self.kind]} (“{self.text}”)"


@dataclass(frozen=True)
class QuoteCheck:
    personal_data: tuple[Finding, ...]
    placeholder_share: float
    placeholders: int
    words: int
    self_identification: str  # the words that identify the person, or ""

    @property
    def blocked(self) -> bool:
        return bool(self.personal_data)

    @property
    def edit_first(self) -> bool:
        return self.placeholder_share > MAX_PLACEHOLDER_SHARE or bool(self.self_identification)

    @property
    def clear(self) -> bool:
        return not self.blocked and not self.edit_first

    @property
    def reasons(self) -> list[str]:
        """Why the quote may not be published as it stands, one sentence each, for the officer."""
        reasons = []
        if self.personal_data:
            found = ", ".join(finding.described for finding in self.personal_data)
            reasons.append(f"Personal data remains: {found}. Edit the quote, or redact it, before approving it.")
        if self.placeholder_share > MAX_PLACEHOLDER_SHARE:
            reasons.append(
                f"Mostly redaction placeholders: {self.placeholders} of its {self.words} words "
                f"({self.placeholder_share:.0%}, more than {MAX_PLACEHOLDER_SHARE:.0%}). Edit first."
            )
        if self.self_identification:
            reasons.append(f"It says who the person is or where they live (“{self.self_identification}”). Edit first.")
        return reasons


def check_quote(text: str, redactor: Redactor | None = None) -> QuoteCheck:
    """The checks for `text` as it would be published (default: the rules with the place's protected names)."""
    redactor = redactor or place_redactor()
    personal = tuple(Finding(found.kind, text[found.start : found.end]) for found in redactor.find(text))
    redacted = redactor.redact(text)
    tokens = TOKEN.findall(redacted)
    placeholders = sum(token in PLACEHOLDERS.values() for token in tokens)
    share = placeholders / len(tokens) if tokens else 0.0
    identifying = SELF_IDENTIFICATION.search(redacted)
    return QuoteCheck(
        personal_data=personal,
        placeholder_share=share,
        placeholders=placeholders,
        words=len(tokens),
        self_identification=identifying.group() if identifying else "",
    )
