"""Load on loopback: the application (granian, as `make run` serves it) beside nginx serving the same pages
from the static export, in the same run, with wrk.

    ONESTOCKPORT_VAR_DIR=/tmp/q .venv/bin/onestockport setup      # the shipped plan and data, once
    ONESTOCKPORT_VAR_DIR=/tmp/q .venv/bin/python benchmarks/load.py [--duration 60] [--connections 32]

Needs Debian's wrk and nginx (`apt-get install wrk nginx-light`). It builds the static export into a
temporary folder, starts nginx on it and `onestockport serve --no-worker` on the same database, then runs
wrk against each page on each server in turn (the API list is live only: nginx has no copy of it). It
reports requests per second, p50 and p99 latency, and errors (socket errors, timeouts and non-2xx/3xx
answers), as a Markdown table. Everything runs on 127.0.0.1 and stops when the script ends; the whole
run takes about (pages x 2) x duration.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "onestockport.cli"]
NGINX_CONFIG = """
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    gzip on; gzip_types text/css application/javascript application/json image/svg+xml;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


@dataclass(frozen=True)
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def parse_wrk(output: str) -> Result:
    """wrk --latency's summary: the latency distribution, requests, errors and the rate."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if socket_errors := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in socket_errors.groups())
    if bad := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(bad.group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Result(rate, _milliseconds(latency["50"]), _milliseconds(latency["99"]), errors, requests)


def run_wrk(url: str, connections: int, duration: int) -> Result:
    output = subprocess.run(
        ["wrk", "--latency", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def pages() -> list[tuple[str, str, bool]]:
    """(label, path, in the static export) for a page of each kind the issue names, read from the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from onestockport.indicators.models import Indicator
    from onestockport.plans.selectors import get_plan

    plan = get_plan()
    priority = plan.priorities.order_by("position").first()
    indicator = Indicator.objects.filter(plan=plan, observations__isnull=False).order_by("position").first()
    return [
        ("home", "/", True),
        ("priority", f"/priorities/{priority.slug}/", True),
        ("indicator", f"/indicators/{indicator.slug}/", True),
        ("measures", "/measures/", True),
        ("API list", "/api/v1/indicators", False),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per page and server")
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is not installed: apt-get install wrk nginx-light")
    chosen = pages()
    root = Path(tempfile.mkdtemp(prefix="onestockport-load-"))
    root.chmod(0o755)  # nginx's workers run as an unprivileged user and must read the export
    (root / "tmp").mkdir()
    site = root / "site"
    print(f"Building the static export into {site} …", file=sys.stderr)
    subprocess.run([*COMMAND, "site", "build", "--out", str(site)], check=True, capture_output=True)
    nginx_port, app_port = free_port(), free_port()
    (root / "nginx.conf").write_text(NGINX_CONFIG.format(root=root, port=nginx_port, site=site))
    nginx = subprocess.Popen(["nginx", "-c", str(root / "nginx.conf"), "-g", "daemon off;"])
    environment = {**os.environ, "ONESTOCKPORT_REQUEST_LOG_LEVEL": "WARNING"}
    app = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(app_port), "--no-worker"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{nginx_port}/")
        wait_for(f"http://127.0.0.1:{app_port}/healthz")
        print(f"| page | server | requests/s | p50 (ms) | p99 (ms) | errors | requests in {arguments.duration} s |")
        print("|---|---|---|---|---|---|---|")
        for label, path, exported in chosen:
            targets = [("application", app_port)] + ([("nginx, static export", nginx_port)] if exported else [])
            for server, port in targets:
                url = f"http://127.0.0.1:{port}{path}"
                urllib.request.urlopen(url, timeout=60).read()  # warm: the first render fills the caches
                run_wrk(url, arguments.connections, 2)  # and every worker's memory copy, before the count
                result = run_wrk(url, arguments.connections, arguments.duration)
                print(
                    f"| {label} `{path}` | {server} | {result.requests_per_second:,.0f} | {result.p50_ms:.1f} "
                    f"| {result.p99_ms:.1f} | {result.errors} | {result.requests:,} |",
                    flush=True,
                )
    finally:
        app.send_signal(signal.SIGTERM)
        nginx.send_signal(signal.SIGQUIT)
        app.wait(timeout=60)
        nginx.wait(timeout=60)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
