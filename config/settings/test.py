"""Tests: SQLite in memory unless DATABASE_URL names a PostgreSQL server."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
if not os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render pages without running collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# One log line per request would fill the captured output of every failing test; tests of the line turn it on.
LOGGING["loggers"]["onestockport.requests"]["level"] = "WARNING"  # noqa: F405
# Pages are rendered afresh in tests, which change content inside transactions that never commit (the
# stored pages would outlive them); tests/server covers the page cache with it turned on.
ONESTOCKPORT_PAGE_CACHE = False
# Each process's own memory, as before the shared cache: in the database, a computed overview would vanish
# with each test's rolled-back transaction and be computed again (seconds) for every test that shows one.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
