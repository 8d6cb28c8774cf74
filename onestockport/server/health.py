"""`/healthz`: can this instance serve pages? It answers 200 when the database and the cache both work.

A load balancer takes an instance out of rotation on anything else (503). The answer names which check
failed but not why: the reason goes to the log, under the request's id.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_works() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database did not answer")
        return False


def cache_works() -> bool:
    """A value written to the shared cache reads back (so every instance would see it too)."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        found = cache.get(key)
        cache.delete(key)
        return found == value
    except Exception:
        logger.exception("Health check: the cache did not answer")
        return False


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_works(), "cache": cache_works()}
    healthy = all(checks.values())
    answers = {name: "ok" if works else "failed" for name, works in checks.items()}
    status = "ok" if healthy else "unavailable"
    return JsonResponse({"status": status, "checks": answers}, status=200 if healthy else 503)
