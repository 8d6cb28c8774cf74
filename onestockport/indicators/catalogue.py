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


class NeighbourGroup(Strict):
    """Councils the place is compared with as one group, e.g. the other boroughs of its county."""

    name: str = Field(min_length=1, description="How pages name the group, e.g. 'Other ... boroughs'.")
    areas: list[ComparatorArea] = Field(min_length=1)

    @property
    def slug(self) -> str:
        return _slug(self.name)


# Older catalogues listed the neighbour group under this key, without a name.
LEGACY_NEIGHBOURS_KEY = "gm_boroughs"
LEGACY_NEIGHBOURS_NAME = "Neighbouring councils"


class Comparators(Strict):
    """The catalogue's `comparators`: `default` areas, each its own group, and one named group of
    `neighbours`. Any other key is an analysts' note (e.g. `not_default`), kept but not used."""

    model_config = ConfigDict(extra="allow", frozen=True)

    default: list[ComparatorArea] = []
    neighbours: NeighbourGroup | None = None

    def __getitem__(self, key: str) -> Any:
        """`comparators["default"]`, or a note by its key, as in the file."""
        if key in type(self).model_fields:
            return getattr(self, key)
        return (self.model_extra or {})[key]

    def neighbour_group(self) -> NeighbourGroup | None:
        """The neighbours, or an older catalogue's unnamed list under LEGACY_NEIGHBOURS_KEY."""
        if self.neighbours is not None:
            return self.neighbours
        legacy = (self.model_extra or {}).get(LEGACY_NEIGHBOURS_KEY)
        if not legacy:
            return None
        return NeighbourGroup(name=LEGACY_NEIGHBOURS_NAME, areas=[ComparatorArea.model_validate(a) for a in legacy])


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
    comparators: Comparators
    formats: dict[str, str] = {}
    small_area_indicators: list[dict[str, Any]] = []
    measures: list[CatalogueMeasure]
    commitments_needing_local_data: list[dict[str, Any]] = []
    indicators: list[CatalogueIndicator]

    def comparator_groups(self) -> list[tuple[str, str, list[ComparatorArea]]]:
        """(slug, name, areas): the default comparators one by one, then the neighbour group."""
        groups = [(_slug(area.name), area.name, [area]) for area in self.comparators.default]
        neighbours = self.comparators.neighbour_group()
        if neighbours is not None:
            groups.append((neighbours.slug, neighbours.name, list(neighbours.areas)))
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
