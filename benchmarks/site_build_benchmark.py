"""Benchmark the static export of the Stockport site against mirroring it over HTTP one request at a time.

    .venv/bin/python benchmarks/site_build_benchmark.py            # the local database (after `make run`)
    .venv/bin/python benchmarks/site_build_benchmark.py --fresh    # a new SQLite database loaded as `make run` does
    .venv/bin/python benchmarks/site_build_benchmark.py --repeat 5 --json

Times the whole `onestockport site build` command as a user runs it (Python start-up, Django set-up and
imports included): folder checks, collecting hashed static files, rendering every page and download,
rewriting links, copying assets, sitemap. It alternates one rendering process (the default) with --workers
processes, --repeat times each, and checks both give the same bytes. The baseline, in the same run
because the machine is shared and noisy, mirrors the same pages and downloads from an already running
`onestockport serve` over HTTP one request at a time, as `wget --mirror` would (without wget's link
rewriting or asset fetching, and without the server's start-up: the baseline is if anything flattered).
Then the export is checked as if served from a sub-path (every link and asset must resolve) and its page
weights measured (gzip level 6, page plus everything it loads). Budget: the whole site in 15 s on a
2-core machine. The data is the real shipped plan and official data; nothing is synthetic.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BUDGET_SECONDS = 15.0
MOUNT = "/plans/stockport/"
BASE_URL = "https://example.org/plans/stockport/"
LIVE_URL = "https://onestockport.example/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def mirror_over_http(paths: list[str], *, env: dict[str, str], into: Path) -> float:
    """Seconds to fetch every path from a running `onestockport serve`, one request at a time, to disk."""
    port = _free_port()
    command = [str(REPO / ".venv" / "bin" / "onestockport"), "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        root = f"http://127.0.0.1:{port}"
        _wait_for(root + "/about/", server)
        started = time.perf_counter()
        for path in paths:
            with urllib.request.urlopen(root + path, timeout=60) as response:
                body = response.read()
            target = into / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
        return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def site_paths(export: Path) -> list[str]:
    """The site paths of the export's pages and downloads (not its static assets, sitemap or 404 page)."""
    paths = []
    for file in sorted(export.rglob("*")):
        name = file.relative_to(export).as_posix()
        if not file.is_file() or name.startswith(("static/", ".")) or name in ("404.html", "sitemap.xml", "robots.txt"):
            continue
        paths.append("/" + (name.removesuffix("index.html") if name.endswith("index.html") else name))
    return paths


def build_with_command(out: Path, *, workers: int, env: dict[str, str]) -> tuple[float, float, str]:
    """Run `onestockport site build` as a user would: (wall-clock seconds, seconds it reports, its output)."""
    command = [str(REPO / ".venv" / "bin" / "onestockport"), "site", "build", "--out", str(out)]
    command += ["--base-url", BASE_URL, "--live-url", LIVE_URL, "--workers", str(workers)]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    reported = re.search(r" in ([\d.]+) s$", done.stdout.strip())
    return wall, float(reported.group(1)) if reported else float("nan"), done.stdout.strip()


def same_files(first: Path, second: Path) -> bool:
    a = {p.relative_to(first): p.read_bytes() for p in first.rglob("*") if p.is_file()}
    b = {p.relative_to(second): p.read_bytes() for p in second.rglob("*") if p.is_file()}
    return a == b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fresh", action="store_true", help="load a new SQLite database first, as `make run` does")
    parser.add_argument("--repeat", type=int, default=3, help="builds to time per setting (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="the parallel setting to compare (default 2)")
    parser.add_argument("--no-baseline", action="store_true", help="skip mirroring over HTTP")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    from onestockport.export.linkcheck import check_export  # plain Python: no Django needed to check files
    from onestockport.export.weights import page_weights, summarise

    work = Path(tempfile.mkdtemp(prefix="site-build-benchmark-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DATABASE_URL", None)
    if args.fresh:
        env["ONESTOCKPORT_VAR_DIR"] = str(work / "var")
        started = time.perf_counter()
        subprocess.run([str(REPO / ".venv" / "bin" / "onestockport"), "setup"], env=env, check=True)
        print(f"loaded a fresh database in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    # Alternate the settings so that a busy spell on the shared machine does not favour one of them.
    settings = {"1 worker (default)": 1, f"{args.workers} workers": args.workers}
    runs: dict[str, list[tuple[float, float]]] = {label: [] for label in settings}
    output = ""
    for _ in range(args.repeat):
        for label, workers in settings.items():
            wall, reported, output = build_with_command(work / f"workers-{workers}", workers=workers, env=env)
            runs[label].append((wall, reported))
    identical = same_files(work / "workers-1", work / f"workers-{args.workers}")
    out = work / "workers-1"
    paths = site_paths(out)
    baseline = None if args.no_baseline else mirror_over_http(paths, env=env, into=work / "mirror")
    report = check_export(out, mount=MOUNT, base_url=BASE_URL, live_url=LIVE_URL)
    weights = page_weights(out, base_url=BASE_URL)
    summary = summarise(weights)
    best = {label: min(wall for wall, _ in timings) for label, timings in runs.items()}
    build_best = min(reported for timings in runs.values() for _, reported in timings)
    results = {
        "database": "fresh SQLite" if args.fresh else "var/onestockport.sqlite3",
        "command_output": output,
        "command_seconds": {label: [round(wall, 2) for wall, _ in timings] for label, timings in runs.items()},
        "build_seconds_reported": {label: [reported for _, reported in timings] for label, timings in runs.items()},
        "best_command_seconds": best,
        "within_budget": min(best.values()) <= BUDGET_SECONDS,
        "identical_output_whatever_the_workers": identical,
        "best_build_seconds_reported": build_best,
        "http_mirror_seconds": baseline,
        "http_mirror_requests": len(paths),
        "pages": len(list(out.rglob("*.html"))),
        "links_checked": report.checked,
        "broken_links": len(report.problems),
        "largest_page": {"page": summary.largest.page, "bytes": summary.largest.total},
        "median_page_bytes": summary.median_bytes,
        "pages_over_100kb": sum(weight.total > 102_400 for weight in weights),
        "cpu_count": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"database            {results['database']}")
        print(f"command             {output}")
        for label, timings in runs.items():
            walls = ", ".join(f"{wall:.1f}" for wall, _ in timings)
            inner = ", ".join(f"{reported:.1f}" for _, reported in timings)
            print(f"{label:<19} command {walls} s (build itself {inner} s); best {best[label]:.1f} s")
        print(
            f"budget              {BUDGET_SECONDS:.0f} s for the whole command: "
            f"{'met' if results['within_budget'] else 'MISSED'}"
        )
        print(f"same bytes          {'yes' if identical else 'NO'}, with 1 worker and with {args.workers}")
        if baseline is not None:
            print(
                f"HTTP mirror         {baseline:.1f} s for {len(paths)} requests one at a time, server already "
                f"running; the build itself, best: {build_best:.1f} s ({baseline / build_best:.2f}x)"
            )
        print(f"links               {report.checked:,} checked from {MOUNT}, {len(report.problems)} broken")
        print(
            f"page weight         largest {summary.largest.total:,} bytes ({summary.largest.page}), "
            f"median {summary.median_bytes:,.0f} bytes, {results['pages_over_100kb']} over 100 KB"
        )
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"machine             {os.cpu_count()} cores, load average {load}")
    for problem in report.problems[:20]:
        print(f"broken: {problem}", file=sys.stderr)


if __name__ == "__main__":
    main()
