"""The one cleaning rule for free text people type into delivery tracking, used by every form and service.

Removed: control characters (C0 except tab and newline, DEL, C1) and the bidirectional embedding,
override and isolate controls (U+202A to U+202E, U+2066 to U+2069), which make text display in another
order than it is stored in: "report<U+202E>fdp.exe" shows as "reportexe.pdf". Kept: the plain direction
marks U+200E, U+200F and U+061C, which reorder nothing beyond their neighbours and which names and
phrases in right-to-left scripts need, and every letter of every script.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")
# C0 controls except tab (09) and newline (0A), DEL, C1 controls, and the bidirectional controls.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"[\t\n]+")


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Text as stored: Unix line ends, no hidden controls, no surrounding blank space.

    A single-line value (a title, a file name) also has its tabs and line breaks turned into spaces.
    """
    cleaned = _HIDDEN.sub("", _LINE_BREAKS.sub("\n", text))
    if not multiline:
        cleaned = _SPACES.sub(" ", cleaned)
    return cleaned.strip()
