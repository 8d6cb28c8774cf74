"""Benchmark resident-voice tagging: accuracy on the plan's own evidence, and throughput on SYNTHETIC comments.

    .venv/bin/python benchmarks/voice_tagging.py                      # every engine, 3,000 comments, 2 threads
    .venv/bin/python benchmarks/voice_tagging.py --engines minilm,onnx,onnx-l3,static
    .venv/bin/python benchmarks/voice_tagging.py --engines minilm --comments 1000

Accuracy: onestockport.voice.evaluation.cross_validate on the plan's 68 "what we heard" bullets
(leave-one-out, stratified 5-fold x10 and zero-shot; each bullet is scored against priority
descriptions built without it), with and without officers' confirmed examples (the other bullets).

Throughput: the whole tagging step (embed, score against the nine cached descriptions, keep the top
three) on SYNTHETIC comments made from templates (about 25 words each, like a survey's free-text
answer), with torch (and ONNX Runtime) limited to --threads threads; best of --repeat runs, after a warm-up. Reports
comments per second of wall-clock time, and the machine's load average, since other work on a
shared machine slows it. The static engine is distilled first if its cache is empty (not timed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from onestockport.plans.plan_file import read_plan_file  # noqa: E402
from onestockport.voice.evaluation import cross_validate  # noqa: E402
from onestockport.voice.onnx_engine import OnnxMiniLMEmbedder, OnnxMiniLML3Embedder  # noqa: E402
from onestockport.voice.tagging import (  # noqa: E402
    MiniLMEmbedder,
    ModelUnavailableError,
    StaticEmbedder,
    Tagger,
    profiles_from_plan_file,
)

PLAN_FILE = REPO / "plans" / "one-stockport-2030" / "plan.yaml"
OPENINGS = ["I think", "Please", "We really need", "In my area", "My family would like", "It would be good to see"]
TOPICS = [
    "more buses from {place} into the town centre and cheaper fares for young people",
    "better mental health support and shorter waits to see a GP near {place}",
    "affordable homes for local families in {place} who cannot afford the rent",
    "more trees, safer cycle lanes and less traffic pollution around {place}",
    "jobs, apprenticeships and training for school leavers who want to stay in {place}",
    "faster broadband and help for older people in {place} to get online",
    "youth clubs and things for children to do in the holidays in {place}",
    "safer streets at night and fewer people dealing drugs near the park in {place}",
    "support for carers and for children with special educational needs in {place}",
    "events, culture and markets to bring people into {place}",
]
PLACES = ["Reddish", "Marple", "Edgeley", "Brinnington", "Cheadle Hulme", "Hazel Grove", "the Heatons", "Bramhall"]
ENDINGS = [
    "",
    " It has got worse since Covid.",
    " Thank you for asking.",
    " Nobody listens to us.",
    " This matters to everyone.",
]


def synthetic_comments(count: int, seed: int = 2030) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(OPENINGS)} {rng.choice(TOPICS).format(place=rng.choice(PLACES))}.{rng.choice(ENDINGS)}"
        for _ in range(count)
    ]


def throughput(tagger: Tagger, comments: list[str], repeat: int) -> dict:
    tagger.tag(comments[:64])  # warm-up: the model loaded, the descriptions embedded and cached
    best = None
    for _ in range(repeat):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        tagger.tag(comments)
        wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    wall, cpu = best
    return {
        "comments": len(comments),
        "seconds": round(wall, 3),
        "comments_per_second": round(len(comments) / wall, 1),
        "cpu_seconds": round(cpu, 3),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="minilm,onnx,onnx-l3,static")
    parser.add_argument("--comments", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=REPO / "var" / "models")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args()

    try:  # torch is only in the minilm extra: the onnx engines run without it
        import torch

        torch.set_num_threads(args.threads)
        torch_version, torch_threads = torch.__version__, torch.get_num_threads()
    except ImportError:
        torch_version = torch_threads = None
    import onnxruntime

    profiles = profiles_from_plan_file(read_plan_file(PLAN_FILE).plan)
    comments = synthetic_comments(args.comments)
    words = sum(len(comment.split()) for comment in comments) / len(comments)
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "torch_threads": torch_threads,
            "python": platform.python_version(),
            "torch": torch_version,
            "onnxruntime": onnxruntime.__version__,
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        },
        "comments": {"count": len(comments), "mean_words": round(words, 1), "synthetic": True},
        "engines": {},
    }
    print(f"{os.cpu_count()} CPUs, {args.threads} threads; load average: {os.getloadavg()}")
    for name in args.engines.split(","):
        if name == "minilm":
            embedder = MiniLMEmbedder(threads=args.threads)
        elif name == "onnx":  # ONNX Runtime's own thread pool, limited like torch's
            embedder = OnnxMiniLMEmbedder(threads=args.threads)
        elif name == "onnx-l3":
            embedder = OnnxMiniLML3Embedder(threads=args.threads)
        else:
            embedder = StaticEmbedder(cache_dir=args.cache_dir)
        try:
            embedder.encode(["warm up"])
        except ModelUnavailableError as exc:  # minilm and static need the minilm extra (PyTorch)
            print(f"\n{name}: skipped, {exc}")
            continue
        accuracy = cross_validate(embedder=embedder, profiles=profiles)
        speed = throughput(Tagger(embedder=embedder, profiles=profiles), comments, args.repeat)
        results["engines"][name] = {"accuracy": [a.__dict__ for a in accuracy], "throughput": speed}
        print(
            f"\n{name}: {speed['comments_per_second']:,} comments/s ({speed['comments']} in {speed['seconds']} s, "
            f"{speed['cpu_seconds']} CPU s; load average after {speed['load_average_after']})"
        )
        for a in accuracy:
            examples = "with examples" if a.examples else "plan text only"
            print(
                f"  {a.method:26} {examples:15} top-1 {a.top1:.3f} (sd {a.top1_sd:.3f})  "
                f"top-3 {a.top3:.3f} (sd {a.top3_sd:.3f})  n={a.n}"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
