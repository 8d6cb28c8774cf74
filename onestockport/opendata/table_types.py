"""The shapes of the open data package's tables: fields, foreign keys and the table itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from onestockport.plans.models import Plan

Row = dict[str, object]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date, boolean
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()

    def descriptor(self) -> dict[str, object]:
        out: dict[str, object] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, object] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str  # the referenced table; "" means this table itself
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Plan], Iterator[Row]]
    foreign_keys: tuple[ForeignKey, ...] = ()
    statistics: bool = False  # holds the publishers' statistics (their licences and sources apply)
    # Left out of the package while it has no rows: frictionless cannot read an empty JSON table as a table.
    omit_when_empty: bool = False
    field_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_names", tuple(f.name for f in self.fields))
