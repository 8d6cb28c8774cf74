"""What a stored page costs in Python: Django's page-cache middleware against the front that answers it first.

    ONESTOCKPORT_VAR_DIR=/tmp/q .venv/bin/python benchmarks/stored_page.py [--calls 3000] [PATH ...]

Calls the WSGI application in a loop, in-process, with no server and no network: first Django's own
handler (the page served from the page-cache middleware, as before the front existed), then
`StoredPageApplication` around it (as `onestockport serve` runs it), for the same page, after both have
stored it. Reports microseconds per request, best of three rounds, and the machine's load average.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["ONESTOCKPORT_REQUEST_LOG_LEVEL"] = "WARNING"  # as in benchmarks/load.py

DEFAULT_PATHS = ["/", "/measures/"]


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


def start_response(status: str, headers: list, exc_info: object = None) -> None:
    if not status.startswith("200"):
        raise SystemExit(f"expected 200, got {status}")


def per_request_us(application: Callable[..., Iterable[bytes]], path: str, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            body = application(environ(path), start_response)
            b"".join(body)
            getattr(body, "close", lambda: None)()
        best = min(best, (time.perf_counter() - started) / calls * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=None)
    parser.add_argument("--calls", type=int, default=3000)
    arguments = parser.parse_args()

    from django.core.wsgi import get_wsgi_application

    django_handler = get_wsgi_application()  # sets Django up: the imports below need it

    from onestockport.indicators.models import Indicator
    from onestockport.plans.selectors import get_plan
    from onestockport.server.page_cache import StoredPageApplication

    front = StoredPageApplication(django_handler)
    paths = arguments.paths
    if not paths:
        plan = get_plan()
        indicator = Indicator.objects.filter(plan=plan, observations__isnull=False).order_by("position").first()
        priority = plan.priorities.order_by("position").first()
        paths = [*DEFAULT_PATHS, f"/priorities/{priority.slug}/", f"/indicators/{indicator.slug}/"]
    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    print("| page | Django, page-cache middleware (µs) | front, StoredPageApplication (µs) | faster |")
    print("|---|---|---|---|")
    for path in paths:
        for application in (django_handler, front, front):  # stored, then held in this process's memory
            b"".join(application(environ(path), start_response))
        middleware = per_request_us(django_handler, path, arguments.calls)
        answered_first = per_request_us(front, path, arguments.calls)
        print(f"| `{path}` | {middleware:,.0f} | {answered_first:,.0f} | {middleware / answered_first:.1f}x |")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
