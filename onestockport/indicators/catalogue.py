"""The indicator catalogue file: which published statistics serve which measures, and where their rows are."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from onestockport.errors import InvalidInputError, Problem
from onestockport.plans.plan_file import format_location

Polarity = Literal["higher-is-better", "lower-is-better", "no-judgement"]
Match = Literal["direct", "partial", "context"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where an indicator's rows live: a file, its format, and what picks the rows out."""

    file: str
    format: str
    selectors: dict[str, str] = {}
    metadata: str | None = None
    value_column: str | None = None
    value_columns: list[str] = []
    area_column: str | None = None
    area_value: str | None = None
    la_column: str | None = None
    period_column: str | None = None
    period_filter: str | None = None
    category_column: str | None = None
    split_by: str | None = None
    numerator: list[str] = []
    denominator_excludes: list[str] = []
    numerator_column: str | None = None
    denominator_column: str | None = None


class Target(Strict):
    text: str
    year: int
    value: float
    basis: str


class CatalogueIndicator(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    title: str
    status: Literal["published", "local-data-needed"]
    unit: str
    polarity: Polarity
    publisher: str
    dataset: str
    frequency: str
    measures: list[str] = []  # empty for context indicators behind the plan's stated facts
    match: dict[str, Match] = {}
    definition: str = ""
    licence: str = ""
    geographies: list[str] = []
    source: Source | None = None
    data_needed: str = ""
    caveats: str = ""  # published on the page, in the API and open data: plain English for residents
    # Analysts' notes (file names, codes, importer quirks, checks to make). Validated here and
    # deliberately neither stored nor published: caveats had been carrying them to the public.
    notes: str = ""
    target: Target | None = None
    # Descriptive notes kept with the entry for analysts; not used by the engine.
    small_area: dict[str, Any] | str | None = None
    comparators_in_file: dict[str, Any] = {}
    confidence_intervals: str = ""
    publisher_metadata: str = ""
    compared_to_england_column: str = ""
    plan_facts: list[str] = []
    plan_statements: list[str] = []
    also_in: list[dict[str, Any]] = []
    la_summary: dict[str, Any] | None = None
    commitment: str = ""


class ComparatorArea(Strict):
    code: str = Field(pattern=r"^[EWSNK]\d{8}$")
    name: str
    level: str | None = None


class CatalogueMeasure(Strict):
    measure: str
    text: str
    status: Literal["covered", "partial", "local-data-needed"]
    direct: list[str] = []
    partial: list[str] = []
    context: list[str] = []
    local_data_indicators: list[str] = []
    data_needed: str = ""


class Catalogue(Strict):
    schema_version: Literal[1]
    plan: str
    area: ComparatorArea
    raw_data_root: str
    comparators: dict[str, Any]
    formats: dict[str, str] = {}
    small_area_indicators: list[dict[str, Any]] = []
    measures: list[CatalogueMeasure]
    commitments_needing_local_data: list[dict[str, Any]] = []
    indicators: list[CatalogueIndicator]

    def comparator_groups(self) -> list[tuple[str, str, list[ComparatorArea]]]:
        """(slug, name, areas): the default comparators one by one, then the neighbour group."""
        groups = [
            (_slug(area.name), area.name, [ComparatorArea.model_validate(area)])
            for area in (ComparatorArea.model_validate(item) for item in self.comparators.get("default", []))
        ]
        neighbours = [ComparatorArea.model_validate(item) for item in self.comparators.get("gm_boroughs", [])]
        if neighbours:
            groups.append(("greater-manchester-boroughs", "Other Greater Manchester boroughs", neighbours))
        return groups


def _slug(name: str) -> str:
    return "-".join(name.lower().split())


def read_catalogue(path: Path, *, measure_keys: set[str] | None = None) -> Catalogue:
    """Parse and validate a catalogue; every problem is reported with its path."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInputError(str(path), [Problem("(document)", f"cannot read the catalogue: {exc}")]) from None
    try:
        catalogue = Catalogue.model_validate(document)
    except ValidationError as exc:
        problems = [Problem(format_location(tuple(e["loc"])), e["msg"]) for e in exc.errors()]
        raise InvalidInputError(str(path), problems) from None
    problems = _reference_problems(catalogue, measure_keys)
    if problems:
        raise InvalidInputError(str(path), problems)
    return catalogue


def _reference_problems(catalogue: Catalogue, measure_keys: set[str] | None) -> list[Problem]:
    problems = []
    ids = [indicator.id for indicator in catalogue.indicators]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(Problem("indicators", f"duplicate ids {duplicates}"))
    for index, indicator in enumerate(catalogue.indicators):
        if indicator.status == "published" and indicator.source is None:
            problems.append(Problem(f"indicators[{index}].source", "a published indicator needs a source"))
        if indicator.status == "local-data-needed" and not indicator.data_needed:
            problems.append(Problem(f"indicators[{index}].data_needed", "say what local data would serve it"))
        if measure_keys is not None:
            for position, key in enumerate(indicator.measures):
                if key not in measure_keys:
                    problems.append(
                        Problem(f"indicators[{index}].measures[{position}]", f"no measure {key!r} in the plan")
                    )
    known = set(ids)
    for index, measure in enumerate(catalogue.measures):
        for kind in ("direct", "partial", "context", "local_data_indicators"):
            for position, ref in enumerate(getattr(measure, kind)):
                if ref not in known:
                    problems.append(Problem(f"measures[{index}].{kind}[{position}]", f"no indicator {ref!r}"))
    return problems
