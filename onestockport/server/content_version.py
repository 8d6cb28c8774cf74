"""The public content's version: one value in the shared cache that changes whenever published content may have.

Cached pages are stored under the version current when they were rendered, so changing it retires every
cached page at once, on every instance, with no timeout to wait for. It changes after any committed write to
a table of the apps whose data the public pages show (the plan, places, indicators, delivery, voice),
whoever made it: a page's form, a command, a background job, even a bulk update or a raw query. Each
database connection watches its own statements (a Django execute wrapper installed as it connects); a
write inside a transaction changes the version when the transaction commits, once, and a rolled-back
transaction changes nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache as memoise
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .request_memo import once_per_request

# Apps whose tables the public pages are drawn from (by AppConfig.name).
CONTENT_APPS = frozenset(
    {
        "onestockport.plans",
        "onestockport.places",
        "onestockport.indicators",
        "onestockport.delivery",
        "onestockport.voice",
    }
)
VERSION_KEY = "onestockport:content-version"
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class ContentVersion:
    token: str  # random, so a version lost from the cache and made again never matches an older one
    changed_at: datetime


def current_version() -> ContentVersion:
    """The version (read once per page request), made as changed now if the cache has none, e.g. after the
    cache was cleared."""
    return once_per_request("content_version", _read_version)


def _read_version() -> ContentVersion:
    found = cache.get(VERSION_KEY)
    if isinstance(found, ContentVersion):
        return found
    fresh = ContentVersion(uuid.uuid4().hex, timezone.now().replace(microsecond=0))
    # add, not set: of two instances starting at once, both use the one that got there first
    cache.add(VERSION_KEY, fresh, timeout=None)
    found = cache.get(VERSION_KEY)
    return found if isinstance(found, ContentVersion) else fresh


def change_version() -> None:
    """Retire every cached page: published content has (or may have) changed."""
    cache.set(VERSION_KEY, ContentVersion(uuid.uuid4().hex, timezone.now().replace(microsecond=0)), timeout=None)


@memoise
def content_tables() -> frozenset[str]:
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name in CONTENT_APPS
    )


def writes_content(sql: str) -> bool:
    match = _WRITE.match(sql)
    return bool(match and match.group(1) in content_tables())


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """A Django execute wrapper: after a statement that writes content, change the version on commit."""
    result = execute(sql, params, many, context)
    if writes_content(sql):
        connection = context["connection"]
        # Once per transaction: a 10,000-row import queues one change, not 10,000.
        if not any(callback is change_version for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(change_version, using=connection.alias)
    return result


def install_watcher(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: every new connection watches its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
