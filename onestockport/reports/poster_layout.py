"""Where every box and line of the plan-on-a-page poster goes, in millimetres on A3 landscape sheets.

Plain records in, plain records out (no Django), every line measured with Liberation Sans's own
metrics (`text_metrics`). The poster takes one of two shapes:

- the grid: the themes side by side, each over one or more columns, its priorities in boxes that
  fill the sheet down to the values along the bottom. Any plan that fits one sheet this way gets it.
- the columns: headings and boxes flowing down three or four columns like a newspaper, a box split
  between columns where it must, over as many sheets as it takes.

Type starts at full size and shrinks in steps, never below each style's floor (7pt for body text);
what still does not fit continues on another sheet, so real content always lays out.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .errors import LayoutError
from .poster_parts import (
    GAP,
    GUTTER,
    INNER,
    MARGIN,
    PADDING,
    PANEL,
    PURPLE,
    RULE,
    SAFETY,
    SCALES,
    STYLES,
    WHITE,
    Panel,
    Piece,
    PosterContent,
    PosterLayout,
    Text,
    needed,
    priority_items,
    restack,
    sheet_frame,
    stack,
    values_band,
    wrap_cached,
)

MAX_GRID_COLUMNS = 5  # narrower grid columns would set long names a few words a line
FLOW_COLUMNS = (3, 4)
GRID_PREFERENCE = 0.15  # the grid wins over the columns unless the columns set type this much larger
MAX_SHEETS = 40  # far beyond any plan: at the floor a sheet holds about 20,000 words


# ---------------------------------------------------------------------------------------------- the grid


def _allocations(content: PosterContent) -> list[tuple[int, ...]]:
    """How many grid columns each theme could take, most preferred first.

    Preferred: no empty cells in a theme's grid, then the themes' columns ending level (the same
    number of rows), then fewer, wider columns. Two lone priorities go side by side, not one above
    the other in lines the width of the sheet.
    """
    counts = [len(theme.priorities) for theme in content.themes]
    if len(counts) > MAX_GRID_COLUMNS:
        return []
    least = max(len(counts), min(2, sum(counts)))
    options = [
        columns
        for columns in itertools.product(*(range(1, max(n, 1) + 1) for n in counts))
        if least <= sum(columns) <= MAX_GRID_COLUMNS
    ]

    def preference(columns: tuple[int, ...]) -> tuple[int, int, int, tuple[int, ...]]:
        rows = [math.ceil(n / k) for n, k in zip(counts, columns, strict=True)]
        empty = sum(k * r - n for n, k, r in zip(counts, columns, rows, strict=True))
        return (empty, max(rows) - min(rows), sum(columns), columns)

    return sorted(options, key=preference)


def _grid(content: PosterContent, columns: tuple[int, ...], *, scale: float) -> PosterLayout | None:
    """The themes side by side on one sheet, `columns` grid columns each; None if something does not fit."""
    frame = sheet_frame(content, sheet=0, sheets=1, scale=scale)
    values, values_top = values_band(content, bottom=frame.bottom, scale=scale)
    bottom = values_top - 6 if values else frame.bottom
    total = sum(columns)
    column_width = (INNER - GUTTER * (total - 1)) / total
    starts = [sum(columns[:index]) for index in range(len(columns))]
    widths = [k * column_width + (k - 1) * GUTTER for k in columns]
    headings = [
        stack([("theme", theme.name), ("tagline", theme.tagline)], width=width - 2 * PADDING, scale=scale)
        for theme, width in zip(content.themes, widths, strict=True)
    ]
    heading_height = max(needed(texts) for texts in headings) + 1.0  # the top rule takes 1mm more than padding
    priorities_top = frame.top + heading_height + GAP
    room = bottom - priorities_top
    panels = list(frame.panels)
    for index, theme in enumerate(content.themes):
        x = MARGIN + starts[index] * (column_width + GUTTER)
        group = f"theme-{index + 1}"
        panels.append(
            Panel(x, frame.top, widths[index], heading_height, headings[index], WHITE, top_rule=PURPLE, group=group)
        )
        k = columns[index]
        rows = math.ceil(len(theme.priorities) / k)
        if not rows:
            continue
        box_height = (room - (rows - 1) * GAP) / rows  # the theme's boxes share its column's room
        for number, priority in enumerate(theme.priorities):
            texts = stack(priority_items(priority), width=column_width - 2 * PADDING - RULE, scale=scale)
            if needed(texts) > box_height:
                return None
            row, column = divmod(number, k)
            panels.append(
                Panel(
                    x + column * (column_width + GUTTER),
                    priorities_top + row * (box_height + GAP),
                    column_width,
                    box_height,
                    texts,
                    fill=PANEL,
                    left_rule=PURPLE,
                    group=group,
                )
            )
    if room <= 0:
        return None
    return PosterLayout(content=content, panels=panels + values, scale=scale, shape="grid")


# ---------------------------------------------------------------------------------------------- the columns


@dataclass(frozen=True)
class _Block:
    """A box in the flow: a theme's heading, a priority, the values' title or a value."""

    texts: list[Text]
    title: str  # named at the top of a part continued in the next column
    section: str  # the theme (or "Our values") a column continuing it is labelled with
    starts_section: bool = False
    fill: str | None = None
    top_rule: str | None = None
    left_rule: str | None = None
    padding: float = PADDING
    group: str = ""

    @property
    def height(self) -> float:
        return needed(self.texts, self.padding) + (1.0 if self.top_rule else 0.0)

    def head_height(self) -> float:
        """The least of this block that may end a column: its first text and two lines more."""
        first = self.texts[0]
        height = first.height + 2 * self.padding + (1.0 if self.top_rule else 0.0)
        if len(self.texts) > 1:
            second = self.texts[1]
            height += first.style.space_after + min(2, len(second.lines)) * second.style.line_height
        return min(height, self.height)


def _blocks(content: PosterContent, *, width: float, scale: float, values: bool) -> list[_Block]:
    blocks = []
    text_width = width - 2 * PADDING - RULE
    for index, theme in enumerate(content.themes):
        group = f"theme-{index + 1}"
        heading = stack([("theme", theme.name), ("tagline", theme.tagline)], width=width - 2 * PADDING, scale=scale)
        blocks.append(_Block(heading, theme.name, theme.name, True, WHITE, top_rule=PURPLE, group=group))
        for priority in theme.priorities:
            texts = stack(priority_items(priority), width=text_width, scale=scale)
            blocks.append(_Block(texts, priority.name, theme.name, fill=PANEL, left_rule=PURPLE, group=group))
    if values and content.values:
        title = stack([("values", "Our values")], width=width, scale=scale)
        blocks.append(_Block(title, "Our values", "Our values", True, padding=0, group="values"))
        for value in content.values:
            texts = stack([("value", value.name), ("statement", value.statement)], width=text_width, scale=scale)
            blocks.append(_Block(texts, value.name, "Our values", fill=PANEL, left_rule=PURPLE, group="values"))
    return blocks


def _split(block: _Block, room: float, *, fresh: bool, width: float, scale: float) -> tuple[_Block, _Block] | None:
    """The block cut between lines so its first part fits `room`; None if no useful first part does.

    The first part keeps the block's heading and at least one line more, unless the block starts a
    fresh column (then any line will do, so the flow always moves on).
    """
    lines = [(index, line) for index, text in enumerate(block.texts) for line in text.lines]
    least = 1 if fresh else len(block.texts[0].lines) + 1
    for cut in range(len(lines) - 1, least - 1, -1):
        first = _part(block, lines[:cut])
        if first.height <= room:
            label = STYLES["continued"].at(scale)
            inner = width - 2 * block.padding - (RULE if block.left_rule else 0.0) - SAFETY
            title = list(wrap_cached(f"{block.title} (continued)", inner, label.size, True))
            heading = Piece("continued", label, title, "")
            return first, _part(block, lines[cut:], heading=heading)
    return None


def _part(block: _Block, lines: list[tuple[int, str]], *, heading: Piece | None = None) -> _Block:
    pieces = [replace(heading, text=" ".join(heading.lines))] if heading else []
    for index, group in itertools.groupby(lines, key=lambda item: item[0]):
        source = block.texts[index]
        part = [line for _, line in group]
        whole = len(part) == len(source.lines)
        pieces.append(Piece(source.kind, source.style, part, source.text if whole else " ".join(part)))
    return replace(block, texts=restack(pieces))


def _columns(
    content: PosterContent, count: int, *, scale: float, sheets: int, band_values: bool
) -> PosterLayout | None:
    """Everything flowing down `count` columns over `sheets` sheets; None if it needs more sheets.

    The values go along the bottom of the last sheet (`band_values`), or else into the flow after the themes.
    """
    width = (INNER - GUTTER * (count - 1)) / count
    frames = [sheet_frame(content, sheet=sheet, sheets=sheets, scale=scale) for sheet in range(sheets)]
    panels = [panel for frame in frames for panel in frame.panels]
    if band_values and content.values:
        last = frames[-1]
        band, values_top = values_band(content, bottom=last.bottom, scale=scale)
        panels.extend(replace(panel, sheet=sheets - 1) for panel in band)
        frames[-1] = replace(last, bottom=values_top - 6)
    slots = [(sheet, MARGIN + c * (width + GUTTER)) for sheet in range(sheets) for c in range(count)]
    queue = deque(_blocks(content, width=width, scale=scale, values=not band_values))
    section = ""
    for sheet, x in slots:
        frame = frames[sheet]
        y = top = frame.top
        if queue and not queue[0].starts_section and section:
            label = stack([("continued", f"{section} (continued)")], width=width, scale=scale)
            panels.append(Panel(x, y, width, needed(label, 0), label, padding=0, group="continued", sheet=sheet))
            y = top = y + needed(label, 0) + 1.5
        while queue:
            block, room = queue[0], frame.bottom - y
            following = queue[1].head_height() + GAP if block.starts_section and len(queue) > 1 else 0.0
            if block.height + following <= room:
                queue.popleft()
            elif (not block.starts_section or y == top) and (
                pieces := _split(block, room, fresh=y == top, width=width, scale=scale)
            ):
                block, queue[0] = pieces
            else:
                break
            panels.append(_place(block, x=x, y=y, width=width, sheet=sheet))
            y += block.height + GAP
            section = block.section
        if not queue:
            return PosterLayout(content=content, panels=panels, sheets=sheets, scale=scale, shape="columns")
    return None


def _place(block: _Block, *, x: float, y: float, width: float, sheet: int) -> Panel:
    return Panel(
        x,
        y,
        width,
        block.height,
        block.texts,
        fill=block.fill,
        top_rule=block.top_rule,
        left_rule=block.left_rule,
        padding=block.padding,
        group=block.group,
        sheet=sheet,
    )


# ---------------------------------------------------------------------------------------------- choosing


def layout_poster(content: PosterContent) -> PosterLayout:
    """Every box and line of the poster: the largest type that fits one sheet, else more sheets."""
    if not content.themes:
        raise LayoutError("the plan has no themes to put on the poster")
    allocations = _allocations(content)
    grid = next(
        (found for scale in SCALES for columns in allocations if (found := _grid(content, columns, scale=scale))),
        None,
    )
    if grid is not None:  # the columns only if they set the type clearly larger
        larger = [scale for scale in SCALES if scale > round(grid.scale + GRID_PREFERENCE, 2)]
        return _first_flow(content, larger, sheets=1) or grid
    for sheets in range(1, MAX_SHEETS + 1):
        if flow := _first_flow(content, SCALES, sheets=sheets):
            return flow
    raise LayoutError(f"the plan's text needs more than {MAX_SHEETS} A3 sheets")


def _first_flow(content: PosterContent, scales: Sequence[float], *, sheets: int) -> PosterLayout | None:
    return next(
        (
            found
            for scale in scales
            for count in FLOW_COLUMNS
            for band in ((True, False) if content.values else (False,))
            if (found := _columns(content, count, scale=scale, sheets=sheets, band_values=band))
        ),
        None,
    )
