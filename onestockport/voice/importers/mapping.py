"""Mapping files: which column of a survey export is which question or demographic.

A mapping is a small YAML file (see docs/voice.md and `mappings/citizen-space.yaml`). The engine ships
generic ones; a plan folder's `voice/` may hold its own, which replace the engine's of the same name
(so a place's survey questions live with its plan). Each entry of
`columns` names one column of the export, by its exact heading (`header`, matched ignoring case and
runs of spaces) or by a regular expression (`match`), and gives it a role:

* ``respondent_id``: the source system's identifier; stored only as a keyed hash. Exactly one.
* ``submitted_at``: when the response was submitted (ISO 8601 or dd/mm/yyyy [hh:mm[:ss]]).
* ``channel``: how the person took part (online survey, paper, forum...).
* ``question``: an answer to keep, `kind: text` (free text, tagged to priorities) or `kind: choice`.
* ``demographic``: one of the fields in `demographics.FIELDS`; `values` maps the export's answers to
  the canonical ones (Yes/No/Prefer not to say are understood without listing them).
* ``ward``: one of the place's wards in the area register, by name or GSS code (`values` may map other
  spellings to a ward name; "outside <place>" and "not stated" leave it blank).
* ``postcode``: a postcode; only its district (outward code, e.g. SK4) is kept.
* ``consent``: the answer to a consent-to-quote question; `values` maps answers to true/false.
* ``ignore``: a column to drop unread, e.g. a name or email address. Direct identifiers must be
  ignored: nothing stores them.

Every column of the export must be mapped, so a new or renamed column stops the import with its
name rather than being lost or, worse, stored unexamined.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from onestockport.errors import InvalidInputError, Problem

from ..demographics import FIELDS
from ..plan_folder import voice_dir

MAPPINGS_DIR = Path(__file__).resolve().parent.parent / "mappings"
Role = Literal[
    "respondent_id", "submitted_at", "channel", "question", "demographic", "ward", "postcode", "consent", "ignore"
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(Strict):
    header: str | None = None
    match: str | None = None
    role: Role
    required: bool = False
    key: str | None = Field(None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    kind: Literal["text", "choice"] | None = None
    text: str | None = None
    field: str | None = None
    values: dict[str, str | bool] = {}

    @model_validator(mode="after")
    def _check(self) -> Column:
        if (self.header is None) == (self.match is None):
            raise ValueError("give exactly one of `header` (the column heading) or `match` (a regular expression)")
        if self.match is not None:
            try:
                re.compile(self.match)
            except re.error as exc:
                raise ValueError(f"`match` is not a valid regular expression: {exc}") from None
        if self.role == "question":
            if not self.key or not self.kind:
                raise ValueError("a question needs a `key` (a slug such as better-place) and a `kind` (text or choice)")
        elif self.key or self.kind or self.text:
            raise ValueError("`key`, `kind` and `text` belong to role: question")
        if self.role == "demographic":
            if self.field not in FIELDS:
                raise ValueError(f"`field` must be one of: {', '.join(FIELDS)}")
            allowed = {value for value, _ in FIELDS[self.field].choices}
            wrong = sorted(str(v) for v in self.values.values() if v not in allowed)
            if wrong:
                raise ValueError(f"values must map to one of {', '.join(sorted(allowed))}; got {', '.join(wrong)}")
        elif self.field:
            raise ValueError("`field` belongs to role: demographic")
        if self.role == "consent" and any(not isinstance(v, bool) for v in self.values.values()):
            raise ValueError("consent `values` map each answer to true or false")
        if self.values and self.role not in ("demographic", "consent", "ward", "question"):
            raise ValueError(f"`values` has no meaning for role: {self.role}")
        return self

    @property
    def label(self) -> str:
        return self.header if self.header is not None else f"/{self.match}/"

    def matches(self, heading: str) -> bool:
        if self.header is not None:
            return normalise(self.header) == normalise(heading)
        return re.search(self.match or "", heading) is not None


class EngagementDefaults(Strict):
    channels: list[str] = []


class Mapping(Strict):
    name: str
    description: str = ""
    platform: str = ""
    engagement: EngagementDefaults = EngagementDefaults()
    columns: list[Column] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Mapping:
        ids = [column for column in self.columns if column.role == "respondent_id"]
        if len(ids) != 1:
            raise ValueError("map exactly one column with role: respondent_id (re-imports are matched on it)")
        keys = [column.key for column in self.columns if column.role == "question"]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"question keys must be unique; repeated: {', '.join(duplicates)}")
        if not keys:
            raise ValueError("map at least one column with role: question")
        return self

    @property
    def questions(self) -> list[Column]:
        return [column for column in self.columns if column.role == "question"]


def normalise(text: str) -> str:
    """Headings and answers compare ignoring case, surrounding space and runs of spaces."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def shipped_mappings() -> dict[str, Path]:
    """The mapping files that ship with the product, by name (file name without .yaml)."""
    return {path.stem: path for path in sorted(MAPPINGS_DIR.glob("*.yaml"))}


def plan_mappings(folder: Path | None = None) -> dict[str, Path]:
    """The mappings in the plan folder's voice/ (default: the site's plan), by name."""
    folder = folder if folder is not None else voice_dir()
    if folder is None or not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def available_mappings(folder: Path | None = None) -> dict[str, Path]:
    """The engine's mappings, each replaced by the plan's mapping of the same name, and the plan's others."""
    return shipped_mappings() | plan_mappings(folder)


def resolve_mapping(name_or_path: str) -> Path:
    shipped = available_mappings()
    if name_or_path in shipped:
        return shipped[name_or_path]
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    known = ", ".join(shipped)
    raise InvalidInputError(
        name_or_path,
        [Problem("(mapping)", f"no such mapping; give a YAML file or one of the mappings: {known}")],
    )


def read_mapping(path: Path) -> Mapping:
    """Parse and validate a mapping file; every problem names its place in the file and its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"cannot read the file: {exc.strerror}")]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInputError(
            str(path), [Problem("(document)", f"not valid YAML: {exc}", mark.line + 1 if mark else None)]
        ) from None
    lines = _lines(root)
    try:
        return Mapping.model_validate(document)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            location = tuple(error["loc"])
            where = _format(location)
            line = next((lines[location[:n]] for n in range(len(location), -1, -1) if location[:n] in lines), None)
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "extra_forbidden":
                message = "unknown key"
            problems.append(Problem(where, message, line))
        raise InvalidInputError(str(path), problems) from None


def _format(location: tuple) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def _lines(root: yaml.Node | None) -> dict[tuple, int]:
    """The line of every key and list item, by its location, for problems to point at."""
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, location: tuple) -> None:
        lines[location] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*location, key.value))
                lines[(*location, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*location, index))

    if root is not None:
        walk(root, ())
    return lines
