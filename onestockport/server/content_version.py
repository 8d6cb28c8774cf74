"""The public content's version: one row in the database that changes whenever published content may have.

Cached pages are stored under the version current when they were rendered, so changing it retires every
cached page at once, on every instance, with no timeout to wait for. It changes after any committed write to
a table of the apps whose data the public pages show (the plan, places, indicators, delivery, voice),
whoever made it: a page's form, a command, a background job, even a bulk update or a raw query. Each
database connection watches its own statements (a Django execute wrapper installed as it connects); a
write inside a transaction changes the version when the transaction commits, once, and a rolled-back
transaction changes nothing.

The row lives in the database, not the cache: every instance shares the database, a cache may evict keys,
and the read, once per stored page served, is one indexed select of one row.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache as memoise
from typing import Any

from django.apps import apps
from django.db import connection, transaction
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
        "onestockport.casestudies",
    }
)
_unpublished: ContextVar[bool] = ContextVar("unpublished_writes", default=False)
_WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


@dataclass(frozen=True)
class ContentVersion:
    token: str  # random, so a version made again (a restored database) never matches an older one
    changed_at: datetime


def current_version() -> ContentVersion:
    """The version (read once per page request), made as changed now if the database has none yet."""
    return once_per_request("content_version", _read_version)


def _read_version() -> ContentVersion:
    # This runs for every stored page served: one select on the driver's own cursor, since the ORM, and
    # even Django's cursor wrappers, would cost more than the query. It reads; no wrapper needs to see it.
    connection.ensure_connection()
    with connection.wrap_database_errors:  # the driver's errors, as Django's DatabaseError
        cursor = connection.connection.cursor()
        try:
            cursor.execute(f"SELECT token, changed_at FROM {_table()} WHERE id = 1")
            # fetchall: SQLite's statement is then finished, and cannot hold up the transaction's commit.
            rows = cursor.fetchall()
        finally:
            cursor.close()
    if not rows:
        _make_version(replace=False)  # of two instances starting at once, both use the row made first
        return _read_version()
    token, changed_at = rows[0]
    return ContentVersion(token, datetime.fromtimestamp(changed_at, tz=UTC))


def change_version() -> None:
    """Retire every cached page: published content has (or may have) changed."""
    _make_version(replace=True)


def _make_version(*, replace: bool) -> None:
    # One statement, in autocommit: outside a transaction this runs from inside the execute wrapper, while
    # the write that caused it may still be returning rows, and SQLite cannot commit a transaction then.
    conflict = "DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at" if replace else "DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} (id, token, changed_at) VALUES (1, %s, %s) ON CONFLICT (id) {conflict}",
            [uuid.uuid4().hex, int(timezone.now().timestamp())],
        )


def _table() -> str:
    from .models import PublishedVersion

    return PublishedVersion._meta.db_table


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


@contextmanager
def unpublished_writes() -> Iterator[None]:
    """Writes made inside leave the version alone: for records no public page shows until someone reviews
    them (a resident's comment and its suggested tags), so one comment does not retire every stored page.
    The review that makes them public is an ordinary write and changes the version."""
    token = _unpublished.set(True)
    try:
        yield
    finally:
        _unpublished.reset(token)


def watch_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    """A Django execute wrapper: after a statement that writes content, change the version on commit."""
    result = execute(sql, params, many, context)
    if writes_content(sql) and not _unpublished.get():
        connection = context["connection"]
        # Once per transaction: a 10,000-row import queues one change, not 10,000.
        if not any(callback is change_version for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(change_version, using=connection.alias)
    return result


def install_watcher(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: every new connection watches its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)
