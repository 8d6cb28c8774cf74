"""How well tagging works, measured on the plan's own labelled text: its "what we heard" bullets.

Each priority's "what we heard" bullets are comments whose priority we know (68 in the shipped plan).
A bullet is scored against priority descriptions built *without* it, so no bullet is ever scored
against its own text:

* ``loo``: leave one out: each bullet against descriptions holding every other bullet.
* ``kfold``: k folds, stratified by priority and shuffled with a seed: each fold against
  descriptions without any of the fold's bullets; repeated over several seeds.
* ``zero-shot``: descriptions without any bullet (ambition, introduction, actions, measures only).

and, for each, ``examples=True`` adds the bullets outside the held-out set as confirmed examples
(the nearest-neighbour learning in `tagging.example_scores`): what officers' confirmed tags teach.
Top-1 accuracy: the best-scoring priority is the bullet's; top-3: it is among the three best.
Pure numpy on embeddings: each passage is embedded once, then every split re-uses them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .tagging import Embedder, PriorityProfile, Scoring, description_scores, example_scores


@dataclass(frozen=True)
class Accuracy:
    method: str
    examples: bool
    n: int
    top1: float
    top3: float
    top1_sd: float = 0.0  # across repeats (k-fold)
    top3_sd: float = 0.0


class _Embedded:
    def __init__(self, embedder: Embedder, profiles: Sequence[PriorityProfile]) -> None:
        self.profiles = list(profiles)
        texts = [passage.text for profile in profiles for passage in profile.passages]
        vectors = embedder.encode(texts)
        self.vectors: list[list[np.ndarray]] = []
        self.kinds: list[list[str]] = []
        start = 0
        for profile in profiles:
            count = len(profile.passages)
            self.vectors.append(list(vectors[start : start + count]))
            self.kinds.append([passage.kind for passage in profile.passages])
            start += count
        # The labelled set: (priority index, passage index) of every "what we heard" bullet.
        self.bullets = [(j, i) for j, kinds in enumerate(self.kinds) for i, kind in enumerate(kinds) if kind == "heard"]

    def evaluate(
        self, held_out: Sequence[tuple[int, int]], *, keep_heard: bool, examples: bool, scoring: Scoring
    ) -> tuple[int, int]:
        """(top-1 hits, top-3 hits) for the bullets `held_out`, scored without any of them."""
        out = set(held_out)
        passages = []
        for j, (vectors, kinds) in enumerate(zip(self.vectors, self.kinds, strict=True)):
            keep = [
                v
                for i, (v, k) in enumerate(zip(vectors, kinds, strict=True))
                if (j, i) not in out and (keep_heard or k != "heard")
            ]
            passages.append(np.stack(keep))
        comments = np.stack([self.vectors[j][i] for j, i in held_out])
        scores = description_scores(comments, passages, scoring)
        if examples:
            training = [(j, i) for j, i in self.bullets if (j, i) not in out]
            matrix = np.stack([self.vectors[j][i] for j, i in training])
            labels = np.array([j for j, _ in training])
            scores = example_scores(comments, scores, matrix, labels, scoring)
        order = np.argsort(-scores, axis=1)
        truth = np.array([j for j, _ in held_out])
        top1 = int((order[:, 0] == truth).sum())
        top3 = int((order[:, :3] == truth[:, None]).any(axis=1).sum())
        return top1, top3


def cross_validate(
    *,
    embedder: Embedder,
    profiles: Sequence[PriorityProfile],
    scoring: Scoring | None = None,
    folds: int = 5,
    repeats: int = 10,
    seed: int = 2030,
) -> list[Accuracy]:
    """Every method, with and without examples, on the plan's "what we heard" bullets."""
    scoring = scoring or Scoring()
    data = _Embedded(embedder, profiles)
    n = len(data.bullets)
    results = []
    for examples in (False, True):
        # Leave one out.
        hits = [data.evaluate([bullet], keep_heard=True, examples=examples, scoring=scoring) for bullet in data.bullets]
        results.append(_accuracy("loo", examples, n, [hits]))
        # Repeated stratified k-fold.
        runs = []
        for repeat in range(repeats):
            runs.append(
                [
                    data.evaluate(fold, keep_heard=True, examples=examples, scoring=scoring)
                    for fold in _stratified_folds(data.bullets, folds, seed + repeat)
                ]
            )
        results.append(_accuracy(f"{folds}-fold x{repeats}", examples, n, runs))
        # Zero-shot: no bullet in any description; examples (if any) from the other folds.
        if examples:
            runs = [
                [
                    data.evaluate(fold, keep_heard=False, examples=True, scoring=scoring)
                    for fold in _stratified_folds(data.bullets, folds, seed + repeat)
                ]
                for repeat in range(repeats)
            ]
            results.append(_accuracy(f"zero-shot, {folds}-fold x{repeats}", True, n, runs))
        else:
            hits = [data.evaluate(data.bullets, keep_heard=False, examples=False, scoring=scoring)]
            results.append(_accuracy("zero-shot", False, n, [hits]))
    return results


def _stratified_folds(items: Sequence[tuple[int, int]], folds: int, seed: int) -> list[list[tuple[int, int]]]:
    rng = random.Random(seed)
    by_class: dict[int, list[tuple[int, int]]] = {}
    for item in items:
        by_class.setdefault(item[0], []).append(item)
    out: list[list[tuple[int, int]]] = [[] for _ in range(folds)]
    offset = 0
    for members in by_class.values():
        members = members[:]
        rng.shuffle(members)
        for index, item in enumerate(members):
            out[(index + offset) % folds].append(item)
        offset += len(members)
    return [fold for fold in out if fold]


def _accuracy(method: str, examples: bool, n: int, runs: list[list[tuple[int, int]]]) -> Accuracy:
    top1 = [sum(h[0] for h in run) / n for run in runs]
    top3 = [sum(h[1] for h in run) / n for run in runs]
    return Accuracy(
        method=method,
        examples=examples,
        n=n,
        top1=float(np.mean(top1)),
        top3=float(np.mean(top3)),
        top1_sd=float(np.std(top1)),
        top3_sd=float(np.std(top3)),
    )
