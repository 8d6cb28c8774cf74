"""The easy-read summary: short sentences in plain words, one idea per line, from the snapshot's own figures.

Nothing here is written by hand about the plan: every line is a count or a name taken from the
snapshot, so the summary can never say more than the report does.
"""

from __future__ import annotations

from dataclasses import dataclass

from onestockport.delivery.selectors import NO_UPDATE

from .snapshot import PrioritySnapshot, Snapshot

# Each delivery status as a plain sentence ending, for one action and for several.
_STATUS_WORDS = {
    "not-started": ("has not started", "have not started"),
    "on-track": ("is on track", "are on track"),
    "at-risk": ("is at risk", "are at risk"),
    "off-track": ("is off track", "are off track"),
    "complete": ("is complete", "are complete"),
    NO_UPDATE: ("has no published update yet", "have no published update yet"),
}

# How each England comparison reads in plain words; "not compared" figures are counted separately.
_COMPARISON_WORDS = {
    "better": "better than",
    "similar": "about the same as",
    "worse": "worse than",
    "higher": "higher than",
    "lower": "lower than",
}


@dataclass(frozen=True)
class EasyReadSection:
    heading: str
    lines: list[str]


def easy_read(snapshot: Snapshot) -> list[EasyReadSection]:
    priorities = snapshot.priorities
    sections = [_overview(snapshot, priorities)]
    sections.extend(_priority(snapshot, priority) for priority in priorities)
    sections.append(_heard(snapshot))
    return sections


def _overview(snapshot: Snapshot, priorities: list[PrioritySnapshot]) -> EasyReadSection:
    actions = [action for priority in priorities for action in priority.actions]
    measures = [measure for priority in priorities for measure in priority.measures]
    with_figures = sum(1 for measure in measures if measure.figures)
    lines = [
        f"This is about {snapshot.plan.title}.",
        f"It says how things stood on {snapshot.date:%-d %B %Y}.",
        f"The plan is a {snapshot.plan.status.lower()}.",
        f"The plan has {len(snapshot.themes)} themes.",
        f"The plan has {len(priorities)} priorities.",
        f"The partners will take {len(actions)} actions.",
        *_status_lines(actions),
        f"We check {len(measures)} measures of success.",
        f"{_count(with_figures, 'measure has', 'measures have')} official figures.",
        f"{_count(len(measures) - with_figures, 'measure needs', 'measures need')} local figures.",
        "We do not have those figures yet.",
    ]
    return EasyReadSection("The plan in short", lines)


def _priority(snapshot: Snapshot, priority: PrioritySnapshot) -> EasyReadSection:
    figures = [figure for measure in priority.measures for figure in measure.figures]
    lines = [
        f"This priority has {_count(len(priority.actions), 'action', 'actions')}.",
        *_status_lines(priority.actions),
        f"It has {_count(len(priority.measures), 'measure', 'measures')} of success.",
    ]
    if figures:
        lines.append(f"We have {_count(len(figures), 'official figure', 'official figures')} for it.")
    else:
        lines.append("We have no official figures for it yet.")
    compared: dict[str, int] = {}
    for figure in figures:
        if figure.comparison in _COMPARISON_WORDS:
            compared[figure.comparison] = compared.get(figure.comparison, 0) + 1
    for comparison, words in _COMPARISON_WORDS.items():
        if comparison in compared:
            lines.append(f"{_count(compared[comparison], 'figure is', 'figures are')} {words} England.")
    return EasyReadSection(priority.name, lines)


def _heard(snapshot: Snapshot) -> EasyReadSection:
    if not snapshot.engagements:
        lines = [
            "People told us what matters to them when we wrote the plan.",
            "We have not published any new survey answers since then.",
        ]
    else:
        lines = ["People told us what matters to them when we wrote the plan."]
        for engagement in snapshot.engagements:
            lines.append(f"{engagement.name}: {engagement.respondents_display} people answered.")
        lines.append(f"We do not show numbers smaller than {snapshot.disclosure_threshold}.")
        lines.append("This keeps people from being identified.")
    return EasyReadSection("What people told us", lines)


def _status_lines(actions) -> list[str]:
    """One line per status that any action has, most common first; "no update" said plainly."""
    counts: dict[str, int] = {}
    for action in actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    if not actions:
        return []
    if set(counts) == {NO_UPDATE}:
        return ["No progress update has been checked and published yet."]
    lines = []
    for status, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        one, many = _STATUS_WORDS.get(status, (f"is {status}", f"are {status}"))
        noun = "action" if count == 1 else "actions"
        lines.append(f"{count} {noun} {one if count == 1 else many}.")
    return lines


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
