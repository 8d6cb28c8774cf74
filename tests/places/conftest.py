"""Fixtures for the places tests: the shipped data folder and the area register loaded from it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from onestockport.places.services import AreasReport, load_areas

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DATA = REPO_ROOT / "plans" / "one-stockport-2030" / "data" / "raw"
ARTEFACTS = REPO_ROOT / "test-artefacts" / "maps"


@pytest.fixture(scope="session")
def vendor_data() -> ModuleType:
    """scripts/vendor_data.py, imported as a module (scripts/ is not a package)."""
    name = "vendor_data"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "scripts" / "vendor_data.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def loaded_areas(db) -> AreasReport:
    """The area register loaded from the data shipped in the repository."""
    return load_areas(data_dir=SHIPPED_DATA)
