"""The area register as plain records: what `register.build_register` reads from the raw files and
`services.load_areas` writes. No database, no file reading here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .sources import Checker

# Boundary vintages. A council's wards "2004" are those in the ONS May 2022 ward lookup (for most
# councils, the wards in force until their last boundary review); "2023" are the May 2023 wards.
WARDS_2004 = "2004"
WARDS_2023 = "2023"
LSOA_2011 = "2011"
LSOA_2021 = "2021"


@dataclass
class AreaRecord:
    code: str
    name: str
    level: str
    source: str
    vintages: set[str] = field(default_factory=set)
    parent: str | None = None

    @property
    def vintage(self) -> str:
        return " ".join(sorted(self.vintages))


@dataclass(frozen=True)
class BoundaryRecord:
    code: str
    vintage: str
    geometry: dict[str, Any]
    source: str


@dataclass(frozen=True)
class BestFitRecord:
    code: str
    area_vintage: str
    container: str
    method: str
    source: str


@dataclass(frozen=True)
class DeprivationRecord:
    code: str
    edition: str
    score: float | None
    rank: int | None
    decile: int | None
    population: int | None
    details: dict[str, Any]
    source: str


@dataclass
class Register:
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    boundaries: list[BoundaryRecord] = field(default_factory=list)
    best_fits: list[BestFitRecord] = field(default_factory=list)
    deprivation: list[DeprivationRecord] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # code -> why it is not in the register
    notes: list[str] = field(default_factory=list)  # name differences, best fits by nearest boundary
    not_shipped: list[str] = field(default_factory=list)  # the place's files the data folder lacks: what was skipped

    def define(
        self,
        check: Checker,
        line: int | None,
        *,
        code: str,
        name: str,
        level: str,
        vintage: str | None = None,
        parent: str | None = None,
    ) -> None:
        """Add an area, or check a known one against this source: same level; first name wins."""
        known = self.areas.get(code)
        if known is None:
            self.areas[code] = AreaRecord(code, name, level, check.path, {vintage} if vintage else set(), parent)
            return
        if known.level != level:
            check.problem(f"area {code} is a {level} here but a {known.level} in {known.source}", line)
            return
        if vintage:
            known.vintages.add(vintage)
        if parent and known.parent is None:
            known.parent = parent
        note = f"{code}: named {name!r} in {check.path}, kept {known.name!r} from {known.source}"
        if name != known.name and note not in self.notes:
            self.notes.append(note)

    def codes(self, level: str, vintage: str | None = None, parent: str | None = None) -> list[str]:
        return sorted(
            area.code
            for area in self.areas.values()
            if area.level == level
            and (vintage is None or vintage in area.vintages)
            and (parent is None or area.parent == parent)
        )
