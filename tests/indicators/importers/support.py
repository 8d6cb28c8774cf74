"""Helpers for the importer tests: the small real extracts live in tests/data/importers/."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestockport.errors import InvalidInputError
from onestockport.indicators.importers.base import Importer, ParsedObservation

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def read(importer: type[Importer], path: Path | str, **options: object) -> list[ParsedObservation]:
    """Parse a file from tests/data/importers (or any path) with the importer."""
    return importer(DATA / path if isinstance(path, str) else path, **options).read()


def problems(importer: type[Importer], path: Path | str, **options: object) -> list[str]:
    """The places the importer names in the InvalidInputError it must raise, e.g. "row 2, column 'value'"."""
    with pytest.raises(InvalidInputError) as caught:
        read(importer, path, **options)
    return [problem.path for problem in caught.value.problems]


def edited_copy(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    """A copy of an extract in tmp_path with one line (1 = the header) edited: the first `old` made `new`."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
