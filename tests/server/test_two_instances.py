"""Two application instances on one PostgreSQL database behind nginx, round robin: nothing lives in one
instance. A partner signed in on one is signed in on the other; an update written through one is approved
through the other; evidence uploaded through one downloads from the other; a page stored by one is retired
on both when content changes; failed sign-ins count across both.

Each instance is `onestockport serve` (granian) with its own var folder (its own static files and local
disk), sharing only the database and ONESTOCKPORT_MEDIA_ROOT, the folder that stands in for the shared
storage of a real deployment. `.ci/run` runs this on PostgreSQL with Debian's nginx installed; elsewhere it
is skipped (ONESTOCKPORT_REQUIRE_TWO_INSTANCES=1 makes a missing nginx or PostgreSQL a failure).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest
import requests

COMMAND = [sys.executable, "-m", "onestockport.cli"]
PASSWORD = "a-long-test-password-4417"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REQUIRED = os.environ.get("ONESTOCKPORT_REQUIRE_TWO_INSTANCES") == "1"

missing = [
    why
    for why, absent in [
        ("PostgreSQL in DATABASE_URL", not DATABASE_URL.startswith(("postgres://", "postgresql://"))),
        ("Debian's nginx", NGINX is None),
    ]
    if absent
]
if missing and REQUIRED:
    raise RuntimeError(f"the two-instance test needs {' and '.join(missing)}")
pytestmark = pytest.mark.skipif(bool(missing), reason=f"needs {' and '.join(missing)} (.ci/run has both)")

SET_UP = """
from django.contrib.auth import get_user_model
from onestockport.delivery import services
from onestockport.delivery.permissions import Role
from onestockport.plans.models import Action, Partner
action = Action.objects.order_by("priority__position", "number").first()
action.lead_partner = Partner.objects.order_by("position").first()
action.save()
User = get_user_model()
for username, role, partner in [("lead", Role.PARTNER_LEAD, action.lead_partner),
                                ("officer", Role.PERFORMANCE_OFFICER, None),
                                ("throttled", Role.PERFORMANCE_OFFICER, None)]:
    user = User.objects.create_user(username, password="%s")
    services.assign_role(user=user, role=role, partner=partner)
print("action", action.pk, action.priority.slug, action.number)
"""

NGINX_CONFIG = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    upstream instances {{ server 127.0.0.1:{first}; server 127.0.0.1:{second}; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://instances;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"{url}: the server stopped (exit {process.returncode})"
        try:
            if requests.get(url, timeout=30).status_code == 200:  # a busy machine can be slow to answer at first
                return
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, f"{url} did not answer in {seconds} s"
        time.sleep(0.3)


@dataclass
class Deployment:
    first: str  # an instance's own address
    second: str
    balanced: str  # nginx, round robin over both
    action_pk: int
    action_path: str  # the action's public page


def _run(args: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run([*COMMAND, *args], env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"onestockport {' '.join(args)}: {result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    import psycopg

    root = tmp_path_factory.mktemp("two-instances")
    name = f"two_instances_{uuid.uuid4().hex[:12]}"
    server = dj_database_url.parse(DATABASE_URL)
    admin = {
        "host": server["HOST"],
        "port": server["PORT"] or 5432,
        "user": server["USER"],
        "dbname": server["NAME"],
        "password": server["PASSWORD"] or None,
    }
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"
    shared_storage = root / "shared-storage"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ONESTOCKPORT_"))}
    common = {**base, "DATABASE_URL": url, "ONESTOCKPORT_MEDIA_ROOT": str(shared_storage)}
    processes: list[subprocess.Popen] = []
    try:
        first_env = {**common, "ONESTOCKPORT_VAR_DIR": str(root / "instance-1")}
        second_env = {**common, "ONESTOCKPORT_VAR_DIR": str(root / "instance-2")}
        _run(["migrate"], first_env)
        _run(["plan", "load"], first_env)
        printed = _run(["manage", "shell", "-v", "0", "-c", SET_UP % PASSWORD], first_env)
        action_pk, slug, number = re.search(r"^action (\d+) (\S+) (\d+)$", printed, re.MULTILINE).groups()
        ports = [_free_port() for _ in range(3)]
        for environment, port in ((first_env, ports[0]), (second_env, ports[1])):
            _run(["manage", "collectstatic", "--no-input", "-v", "0"], environment)
            processes.append(
                subprocess.Popen(
                    [*COMMAND, "serve", "--port", str(port), "--workers", "1", "--threads", "4", "--no-worker"],
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        (root / "tmp").mkdir()
        config = root / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(root=root, first=ports[0], second=ports[1], port=ports[2]))
        processes.append(subprocess.Popen([NGINX, "-c", str(config), "-g", "daemon off;"], stderr=subprocess.DEVNULL))
        addresses = [f"http://127.0.0.1:{port}" for port in ports]
        for address, process in zip(addresses, processes, strict=True):
            _wait_for(f"{address}/healthz", process)
        yield Deployment(*addresses, int(action_pk), f"/priorities/{slug}/actions/{number}/")
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sign_in(session: requests.Session, address: str, username: str, password: str = PASSWORD) -> requests.Response:
    page = session.get(f"{address}/delivery/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{address}/delivery/sign-in/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": f"{address}/delivery/sign-in/"},
        allow_redirects=False,
    )


def _token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text).group(1)


def _post(session: requests.Session, address: str, path: str, data: dict, **kwargs) -> requests.Response:
    data = {"csrfmiddlewaretoken": session.cookies["csrftoken"], **data}
    return session.post(
        f"{address}{path}", data=data, headers={"Referer": f"{address}{path}"}, allow_redirects=False, **kwargs
    )


def test_the_balancer_sends_requests_to_both_instances(deployment):
    upstreams = {requests.get(f"{deployment.balanced}/healthz").headers["X-Upstream"] for _ in range(4)}
    assert len(upstreams) == 2


def test_a_session_begun_on_one_instance_holds_on_the_other(deployment):
    session = requests.Session()
    assert _sign_in(session, deployment.first, "lead").status_code == 302
    own_page = session.get(f"{deployment.second}/delivery/", allow_redirects=False)
    assert own_page.status_code == 200
    assert "Sign out" in own_page.text
    through_balancer = [session.get(f"{deployment.balanced}/delivery/", allow_redirects=False) for _ in range(4)]
    assert {page.status_code for page in through_balancer} == {200}
    assert len({page.headers["X-Upstream"] for page in through_balancer}) == 2


def test_an_update_written_on_one_instance_is_approved_on_the_other(deployment):
    lead, officer = requests.Session(), requests.Session()
    _sign_in(lead, deployment.first, "lead")
    _sign_in(officer, deployment.second, "officer")
    for address in (deployment.first, deployment.second):
        requests.get(f"{address}{deployment.action_path}")
        assert requests.get(f"{address}{deployment.action_path}").headers["X-Cache"] == "hit"  # stored

    new = f"/delivery/actions/{deployment.action_pk}/updates/new/"
    _token(lead, f"{deployment.first}{new}")
    written = _post(
        lead,
        deployment.first,
        new,
        {"version": 1, "status": "on-track", "narrative": "Written on the first instance, approved on the second."},
        files={"evidence_file": ("progress-report.pdf", PDF, "application/pdf")},
    )
    assert written.status_code == 302, written.text[-500:]
    update_path = written.headers["Location"]
    assert _post(lead, deployment.first, f"{update_path}submit/", {"version": 1}).status_code == 302

    review = officer.get(f"{deployment.second}{update_path}").text
    evidence = re.search(r'href="(/delivery/evidence/\d+/)"', review).group(1)
    download = officer.get(f"{deployment.second}{evidence}")
    assert download.status_code == 200
    assert download.content == PDF  # uploaded through the first instance, read through the second
    _token(officer, f"{deployment.second}{update_path}")
    assert _post(officer, deployment.second, f"{update_path}approve/", {"version": 2}).status_code == 302

    for address in (deployment.first, deployment.second):  # approval on the second retired the page on both
        page = requests.get(f"{address}{deployment.action_path}")
        assert page.headers["X-Cache"] == "miss"
        assert "Written on the first instance, approved on the second." in page.text


def test_failed_sign_ins_count_across_instances(deployment):
    for attempt in range(5):
        address = (deployment.first, deployment.second)[attempt % 2]
        assert _sign_in(requests.Session(), address, "throttled", "wrong password").status_code in (200, 429)
    refused = _sign_in(requests.Session(), deployment.second, "throttled")  # the right password, now too late
    assert refused.status_code == 429
