"""The production WSGI server, granian, run in-process by `onestockport serve`.

`make run` and production use the same server and settings; only the database, the secrets and the host
differ. granian handles HTTP in Rust and calls the Django application from a pool of threads in each
worker process; the application is built once, before the workers are forked, so they share it. Static
files are served by WhiteNoise inside the application, so the server needs no other configuration.
granian's own lines (start-up, workers) go through the site's logging, as JSON; its access log is off: the
application writes one JSON line per request (onestockport.server.request_log), with the request's id.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
from collections.abc import Callable
from typing import Any

from granian.constants import Interfaces
from granian.server import Server

SERVER_NAME = "granian"


def default_workers() -> int:
    """One process per core: requests waiting on the database wait in a worker's thread pool instead."""
    return int(os.environ.get("ONESTOCKPORT_WEB_WORKERS") or os.cpu_count() or 1)


def default_threads() -> int:
    return int(os.environ.get("ONESTOCKPORT_WEB_THREADS") or 4)


def log_config() -> dict[str, Any]:
    """The site's LOGGING, with granian's own loggers added: its messages in the same format, no access log."""
    from django.conf import settings

    config = copy.deepcopy(settings.LOGGING)
    config["loggers"] = {
        **config.get("loggers", {}),
        "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "granian.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    }
    return config


def server_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "address": host,
        "port": port,
        "interface": Interfaces.WSGI,
        "websockets": False,  # WSGI has none
        "workers": workers,
        "blocking_threads": threads,
        "backlog": 2048,
        "log_dictconfig": log_config(),
        "log_access": False,
        "respawn_failed_workers": True,  # a worker that dies is replaced
        "workers_kill_timeout": 20,
    }


def run_server(host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM); returns, or exits through SystemExit, so callers' `finally` runs."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.urls import get_resolver

    from .page_cache import StoredPageApplication

    application = StoredPageApplication(get_wsgi_application())
    get_resolver().check()  # import every view now: the forks share them, and no first visitor waits for them
    connections.close_all()  # each worker opens its own: a connection must never be shared across a fork
    # Forked, not spawned: the workers inherit the application built above instead of importing it again.
    multiprocessing.set_start_method("fork", force=True)
    server = Server("onestockport.server.wsgi_server:application", **server_options(host, port, workers, threads))
    server.serve(target_loader=_loader(application), wrap_loader=False)


def _loader(application: Callable[..., Any]) -> Callable[[], Callable[..., Any]]:
    return lambda: application
