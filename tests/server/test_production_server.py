"""`onestockport serve` runs granian, the production server, with the jobs worker beside it; and Django's
deployment checks pass with the production settings.

Each test runs the real command in a subprocess on its own SQLite file, so it needs no test database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.core.management.utils import get_random_secret_key

COMMAND = [sys.executable, "-m", "onestockport.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONESTOCKPORT_"))}
    environment.pop("DATABASE_URL", None)
    return {**environment, "ONESTOCKPORT_VAR_DIR": str(tmp_path / "var"), **extra}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _get(url: str, deadline: float) -> urllib.request.addinfourl:
    while True:
        try:
            request = urllib.request.Request(url, headers={"X-Request-ID": "ci-check-1"})
            return urllib.request.urlopen(request, timeout=5)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_runs_granian_logs_json_and_stops_with_its_worker(tmp_path):
    environment = _environment(tmp_path)
    subprocess.run([*COMMAND, "migrate"], env=environment, check=True, capture_output=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen(
        [*COMMAND, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = _get(f"http://127.0.0.1:{port}/healthz", deadline=time.monotonic() + 60)
        assert response.status == 200
        assert json.loads(response.read()) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
        assert response.headers["Server"] == "granian"
        assert response.headers["X-Request-ID"] == "ci-check-1"
    finally:
        server.send_signal(signal.SIGTERM)
        stdout, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr
    worker_pid = int(stdout.split("Started the background-jobs worker (process ")[1].split(")")[0])
    deadline = time.monotonic() + 30
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid), "the jobs worker outlived the site"
    assert "Starting granian" in stderr
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert any(line["logger"] == "_granian" and line["message"].startswith("Starting granian") for line in lines)
    [request] = [line for line in lines if line.get("path") == "/healthz"]
    assert request["request_id"] == "ci-check-1"
    assert request["status"] == 200
    assert request["method"] == "GET"


def test_the_deployment_checks_pass_with_production_settings(tmp_path):
    environment = _environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=get_random_secret_key() + get_random_secret_key(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        DJANGO_ALLOWED_HOSTS="plan.example.org",
        EMAIL_HOST="smtp.example.org",
        ONESTOCKPORT_SITE_URL="https://plan.example.org",
        ONESTOCKPORT_VOICE_HASH_KEY=get_random_secret_key(),
    )
    result = subprocess.run(
        [*COMMAND, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_s3_bucket_becomes_the_default_storage(tmp_path):
    environment = _environment(
        tmp_path,
        ONESTOCKPORT_S3_BUCKET="council-plan-uploads",
        ONESTOCKPORT_S3_ENDPOINT_URL="https://objects.example.org",
        ONESTOCKPORT_S3_REGION="uk-london-1",
    )
    show = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.region_name, s.default_acl, s.file_overwrite)"
    )
    result = subprocess.run(
        [*COMMAND, "manage", "shell", "-v", "0", "-c", show], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "council-plan-uploads",
        "https://objects.example.org",
        "uk-london-1",
        "private",
        "False",
    ]
