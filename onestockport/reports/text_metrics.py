"""Measuring and wrapping text with Liberation Sans's own metrics, for layouts with no layout engine (SVG).

Widths are the fonts' advance widths without kerning; kerning only ever narrows Latin text slightly,
so a line measured here never comes out wider when a renderer draws it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import LayoutError

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/liberation2"))
FONT_FILES = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
FONT_FAMILY = "'Liberation Sans', Arial, sans-serif"  # Arial has the same advance widths


@dataclass(frozen=True)
class FontMetrics:
    units_per_em: int
    advances: dict[int, int]  # code point -> advance width in font units
    fallback: int  # advance of a character the font lacks (its .notdef glyph)

    def width(self, text: str, size: float) -> float:
        """Width of `text` set at `size` (in the caller's unit: mm, pt or px)."""
        units = sum(self.advances.get(ord(char), self.fallback) for char in text)
        return units * size / self.units_per_em


@functools.cache
def metrics(*, bold: bool = False) -> FontMetrics:
    from fontTools.ttLib import TTFont  # a WeasyPrint dependency; loaded only when a poster is drawn

    path = _font_file(FONT_FILES[bold])
    font = TTFont(path, lazy=True)
    horizontal = font["hmtx"]
    advances = {code: horizontal[glyph][0] for code, glyph in font.getBestCmap().items()}
    return FontMetrics(units_per_em=font["head"].unitsPerEm, advances=advances, fallback=horizontal[".notdef"][0])


def _font_file(name: str) -> Path:
    for directory in FONT_DIRS:
        if (directory / name).exists():
            return directory / name
    raise LayoutError(
        f"the font file {name} is not installed; install Liberation Sans (Debian: apt-get install fonts-liberation)"
    )


def wrap(text: str, *, width: float, size: float, bold: bool = False) -> list[str]:
    """`text` split at spaces into lines no wider than `width`.

    A word wider than a whole line (a long web address) starts a new line and is broken between
    characters, as CSS `overflow-wrap: anywhere` breaks it, so any text can be set in any box.
    """
    font = metrics(bold=bold)
    lines: list[str] = []
    for word in text.split():
        if lines and font.width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while len(word) > 1 and font.width(word, size) > width:
            cut = _fitting_prefix(font, word, size=size, width=width)
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines


def _fitting_prefix(font: FontMetrics, word: str, *, size: float, width: float) -> int:
    """How many of the word's first characters fit in `width` (at least one, so wrapping always ends)."""
    used, count = 0.0, 0
    for char in word:
        used += font.width(char, size)
        if used > width:
            break
        count += 1
    return max(count, 1)
