"""How often the tagger's best suggestion is right at each score: the basis of VOICE_BULK_CONFIRM_MIN_SCORE.

    .venv/bin/python benchmarks/voice_bulk_threshold.py            # the default engine, onnx-l3

On the plan's 68 "what we heard" bullets (the only labelled real text: each bullet's priority is known),
leave-one-out as onestockport.voice.evaluation does it: each bullet is scored against descriptions built
without it, with and without the other bullets as officers' confirmed examples. For each threshold: how
many best suggestions reach it, and how many of those are the bullet's own priority (precision).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from onestockport.plans.plan_file import read_plan_file  # noqa: E402
from onestockport.voice.evaluation import _Embedded  # noqa: E402
from onestockport.voice.onnx_engine import OnnxMiniLML3Embedder  # noqa: E402
from onestockport.voice.tagging import Scoring, description_scores, example_scores, profiles_from_plan_file  # noqa: E402

PLAN_FILE = REPO / "plans" / "one-stockport-2030" / "plan.yaml"
THRESHOLDS = [round(0.40 + 0.025 * step, 3) for step in range(13)]


def best_scores(data: _Embedded, *, examples: bool) -> tuple[np.ndarray, np.ndarray]:
    """(best score, whether it is the right priority) for every bullet, left out of the descriptions."""
    scores, right = [], []
    for j, i in data.bullets:
        passages = [np.stack([v for k, v in enumerate(vs) if (p, k) != (j, i)]) for p, vs in enumerate(data.vectors)]
        comment = np.stack([data.vectors[j][i]])
        row = description_scores(comment, passages, Scoring())
        if examples:
            others = [(a, b) for a, b in data.bullets if (a, b) != (j, i)]
            matrix = np.stack([data.vectors[a][b] for a, b in others])
            row = example_scores(comment, row, matrix, np.array([a for a, _ in others]), Scoring())
        best = int(np.argmax(row[0]))
        scores.append(float(row[0, best]))
        right.append(best == j)
    return np.array(scores), np.array(right)


def main() -> None:
    profiles = profiles_from_plan_file(read_plan_file(PLAN_FILE).plan)
    data = _Embedded(OnnxMiniLML3Embedder(threads=1), profiles)
    for examples in (False, True):
        scores, right = best_scores(data, examples=examples)
        quartiles = ", ".join(f"{q:.3f}" for q in np.quantile(scores, [0.25, 0.5, 0.75, 0.9]))
        print(
            f"examples={examples}: {len(scores)} bullets, top-1 {right.mean():.3f}; score quartiles and p90 {quartiles}"
        )
        print(f"  mean best score when right {scores[right].mean():.3f}, when wrong {scores[~right].mean():.3f}")
        for threshold in THRESHOLDS:
            kept = scores >= threshold
            if kept.any():
                print(f"  >= {threshold:.3f}: {kept.sum():2d} kept, precision {right[kept].mean():.3f}")


if __name__ == "__main__":
    main()
