"""Reading and validating a plan file, reporting every problem with its path and line."""

from __future__ import annotations

import difflib
import hashlib
import types
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from onestockport.errors import InvalidInputError, Problem

from .schema import PlanFile

_Location = tuple[str | int, ...]
# libyaml's safe loader when PyYAML was built with it: several times faster on a whole plan.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ValidPlanFile:
    path: Path
    plan: PlanFile
    checksum: str


def read_plan_file(path: Path) -> ValidPlanFile:
    """Parse and validate `path`; raise InvalidInputError listing every problem found."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError(source, [Problem("(file)", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(source, [Problem("(file)", f"not UTF-8 text (byte {exc.start})")]) from None
    try:
        root = yaml.compose(text, Loader=_Loader)
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InvalidInputError(source, [Problem("(document)", f"not valid YAML: {exc}", line)]) from None
    lines, problems = _index_lines(root)
    if not isinstance(document, dict):
        raise InvalidInputError(source, [Problem("(document)", "expected a mapping of plan sections at the top level")])
    try:
        plan = PlanFile.model_validate(document)
    except ValidationError as exc:
        problems += [_problem_from_error(error, lines) for error in exc.errors()]
    else:
        problems += reference_problems(plan, lines)
    if problems:
        raise InvalidInputError(source, problems)
    return ValidPlanFile(path=path, plan=plan, checksum=hashlib.sha256(raw).hexdigest())


def format_location(location: _Location) -> str:
    """('priorities', 3, 'actions') -> 'priorities[3].actions'."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def reference_problems(plan: PlanFile, lines: dict[_Location, int] | None = None) -> list[Problem]:
    """Checks that span the document: references resolve, slugs and numbers are unique."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(location: _Location, message: str) -> None:
        problems.append(Problem(format_location(location), message, lines.get(location)))

    if plan.place_settings() is None:
        add(("place",), "say which place the plan is for: a `place` section with site_name, name and kind")
    if not any(priority.actions or priority.measures for priority in plan.priorities):
        add(("priorities",), "a plan needs at least one action or one measure in some priority")
    numbers = [priority.number for priority in plan.priorities if priority.number is not None]
    if len(numbers) != len(set(numbers)):
        add(("priorities",), f"priority numbers must be unique; got {numbers}")
    theme_slugs = [theme.slug for theme in plan.themes]
    partner_slugs = {partner.slug for partner in plan.partners}
    for index, priority in enumerate(plan.priorities):
        if priority.theme not in theme_slugs:
            add(("priorities", index, "theme"), f"unknown theme {priority.theme!r}; expected one of {theme_slugs}")
        numbers = [action.number for action in priority.actions]
        if numbers != list(range(1, len(numbers) + 1)):
            add(
                ("priorities", index, "actions"),
                f"actions must be numbered 1 to {len(numbers)} in order; got {numbers}",
            )
        _duplicate_slugs(("priorities", index, "measures"), [m.slug for m in priority.measures], add)
        for action_index, action in enumerate(priority.actions):
            for key, slugs in (("lead_partner", [action.lead_partner]), ("partners", action.partners or [])):
                for slug in slugs:
                    if slug is not None and slug not in partner_slugs:
                        add(
                            ("priorities", index, "actions", action_index, key),
                            f"unknown partner {slug!r}; expected one of the partners listed in `partners`",
                        )
    for name in ("themes", "values", "priorities", "partners"):
        _duplicate_slugs((name,), [item.slug for item in getattr(plan, name)], add)
    bodies: dict[str, object] = {}
    for index, priority in enumerate(plan.priorities):
        delivery = priority.delivered_through
        for body_index, body in enumerate(delivery.bodies if delivery else []):
            seen = bodies.setdefault(body.slug, body)
            if seen != body:
                add(
                    ("priorities", index, "delivered_through", "bodies", body_index),
                    f"delivery body {body.slug!r} is described differently elsewhere; "
                    "use the same name, kind, status and url",
                )
    return problems


def _duplicate_slugs(location: _Location, slugs: list[str], add: typing.Callable[[_Location, str], None]) -> None:
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        add(location, f"duplicate slugs {duplicates}; each must be unique")


def _problem_from_error(error: dict, lines: dict[_Location, int]) -> Problem:
    location: _Location = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(location[-1])
        allowed = _allowed_keys(location[:-1])
        hint = difflib.get_close_matches(key, allowed, n=1)
        message = f"unknown key {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else "")
        message += f" Expected one of: {', '.join(allowed)}"
    elif kind == "missing":
        message = "required but missing"
        location_for_line = location[:-1]
        return Problem(format_location(location), message, _nearest_line(location_for_line, lines))
    else:
        message = error["msg"].removeprefix("Value error, ")
        if "input" in error and not isinstance(error["input"], dict | list):
            message += f" (got {error['input']!r})"
    return Problem(format_location(location), message, _nearest_line(location, lines))


def _nearest_line(location: _Location, lines: dict[_Location, int]) -> int | None:
    while location not in lines and location:
        location = location[:-1]
    return lines.get(location)


def _allowed_keys(location: _Location) -> list[str]:
    model: type[BaseModel] = PlanFile
    for part in location:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found:
                return found
    return None


def _index_lines(root: yaml.Node | None) -> tuple[dict[_Location, int], list[Problem]]:
    """Map each location in the YAML document to its line; report duplicate keys on the way."""
    lines: dict[_Location, int] = {}
    problems: list[Problem] = []

    def walk(node: yaml.Node, location: _Location) -> None:
        lines[location] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    problems.append(
                        Problem(format_location((*location, key)), "key appears twice", key_node.start_mark.line + 1)
                    )
                seen.add(key)
                walk(value_node, (*location, key))
                lines[(*location, key)] = key_node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*location, index))

    if root is not None:
        walk(root, ())
    return lines, problems
