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
