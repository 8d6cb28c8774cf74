"""Where the plan's own text names a place: its vision, introduction, narrative sections, priorities and actions.

Plain functions over the loaded plan: each passage carries where it is shown on the site (a URL with an
anchor), so a place page can quote it and link to it. Matching is whole-word and case-insensitive; a name
that is the start of a longer name in the same list ("Hilltop" in "Hilltop Green") is not counted there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.urls import reverse

from onestockport.plans.models import Action, Plan, Priority


@dataclass(frozen=True)
class Passage:
    """One paragraph or bullet of the plan, with where it is on the site."""

    where: str  # "The plan's introduction", "Priority: A caring and growing ...", "Action 3: ..."
    url: str
    text: str
    kind: str = ""  # "action" for an action's text; else the part of the plan it is from


def _texts(items: Iterable[object]) -> Iterator[str]:
    """Strings out of a JSON list of paragraphs, or of {text, sub_items} bullets."""
    for item in items or []:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            if isinstance(item.get("text"), str):
                yield item["text"]
            yield from _texts(item.get("sub_items") or [])


def plan_passages(plan: Plan) -> list[Passage]:
    """Every passage of the plan's vision, introduction, narrative sections, priorities and actions."""
    home, about = reverse("publish:home"), reverse("publish:about")
    passages: list[Passage] = []
    vision = plan.vision or {}
    for key in ("statement", "lead_in", "closing"):
        if isinstance(vision.get(key), str) and vision[key]:
            passages.append(Passage("The plan's vision", home, vision[key]))
    passages += [Passage("The plan's vision", home, text) for text in _texts(vision.get("aspirations") or [])]
    passages += [Passage("The plan's introduction", about, text) for text in _texts(plan.introduction)]
    for section in plan.sections or []:
        if not isinstance(section, dict):
            continue
        url = f"{about}#{section.get('slug', '')}" if section.get("slug") else about
        where = str(section.get("heading") or "About the plan")
        for key in ("paragraphs", "bullets"):
            passages += [Passage(where, url, text) for text in _texts(section.get(key) or [])]
    for priority in Priority.objects.filter(plan=plan).order_by("position"):
        passages += _priority_passages(priority)
    for action in Action.objects.filter(priority__plan=plan).select_related("priority"):
        url = reverse("publish:action", args=[action.priority.slug, action.number])
        where = f"Action {action.number}: {action.title}"
        texts = [action.title, action.text, *_texts(action.sub_items)]
        passages += [Passage(where, url, text, "action") for text in texts if text]
    return passages


def _priority_passages(priority: Priority) -> list[Passage]:
    url = reverse("publish:priority", args=[priority.slug])
    where = f"Priority: {priority.name}"
    found = [Passage(where, url, text) for text in (priority.name, priority.ambition) if text]
    found += [Passage(where, f"{url}#introduction", text) for text in _texts(priority.introduction)]
    found += [Passage(where, f"{url}#what-we-heard", text) for text in _texts(priority.what_we_heard)]
    return found


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def names_term(text: str, term: str, longer: Sequence[str] = ()) -> bool:
    """Whether `text` names `term` as a whole word, not counting where it is part of a `longer` name."""
    for name in longer:
        text = _pattern(name).sub(" ", text)
    return bool(_pattern(term).search(text))


def longer_names(term: str, names: Iterable[str]) -> list[str]:
    """The names that contain `term` as a whole word and are longer than it ("Hilltop Green" for "Hilltop")."""
    return [name for name in names if len(name) > len(term) and _pattern(term).search(name)]


def passages_naming(passages: Iterable[Passage], term: str, others: Iterable[str] = ()) -> list[Passage]:
    longer = longer_names(term, others)
    return [passage for passage in passages if names_term(passage.text, term, longer)]
