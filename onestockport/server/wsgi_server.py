"""The production WSGI server, gunicorn, run in-process by `onestockport serve`.

`make run` and production use the same server and settings; only the database, the secrets and the host
differ. Static files are served by WhiteNoise inside the application, so the server needs no other
configuration. gunicorn's own lines (start-up, workers) go through the site's logging, as JSON; its access
log is off: the application writes one JSON line per request (onestockport.server.request_log), with the
request's id.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    """One process per core and one more, each with a few threads for requests waiting on the database."""
    return int(os.environ.get("ONESTOCKPORT_WEB_WORKERS") or (os.cpu_count() or 1) + 1)


def default_threads() -> int:
    return int(os.environ.get("ONESTOCKPORT_WEB_THREADS") or 4)


def log_config() -> dict[str, Any]:
    """The site's LOGGING, with gunicorn's own loggers added: its messages in the same format, no access log."""
    from django.conf import settings

    config = copy.deepcopy(settings.LOGGING)
    config["loggers"] = {
        **config.get("loggers", {}),
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    }
    return config


def server_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": 60,  # a worker silent for this long is restarted (a board pack runs as a job, not here)
        "graceful_timeout": 20,
        "keepalive": 5,
        "max_requests": 2000,  # recycle workers now and then, so slow growth in memory cannot build up
        "max_requests_jitter": 200,
        "accesslog": None,
        "logconfig_dict": log_config(),
        "proc_name": "onestockport",
        "control_socket_disable": True,  # one fixed path per user: two instances on one machine would share it
    }


class SiteServer(BaseApplication):
    """gunicorn serving an application object already built in this process (loaded once, shared by forks)."""

    def __init__(self, application: Callable[..., Any], options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application


def run_server(host: str, port: int, workers: int, threads: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM); returns through SystemExit, so callers' `finally` runs."""
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.urls import get_resolver

    application = get_wsgi_application()
    get_resolver().check()  # import every view now: the forks share them, and no first visitor waits for them
    connections.close_all()  # each worker opens its own: a connection must never be shared across a fork
    SiteServer(application, server_options(host, port, workers, threads)).run()
