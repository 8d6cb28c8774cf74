"""Settings shared by every environment. The environment is read here and only here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Where local state (the SQLite database, uploads) lives; one place for every command.
VAR_DIR = Path(os.environ.get("ONESTOCKPORT_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-local-development-key")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "govuk_frontend_django",
    "onestockport.plans",
    "onestockport.places",
    "onestockport.indicators",
    "onestockport.publish",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onestockport.publish.context_processors.site",
            ],
        },
    },
]


def database_from_environment(default_sqlite: Path) -> dict:
    """DATABASE_URL when set (PostgreSQL in production), else the local SQLite file."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite}


DATABASES = {"default": database_from_environment(VAR_DIR / "onestockport.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# GOV.UK Frontend's compiled assets, installed by npm; only its dist/ folder is served.
STATICFILES_DIRS = [("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# The plan the public site shows, and the file `onestockport plan load` reads by default.
ONESTOCKPORT_PLAN_SLUG = os.environ.get("ONESTOCKPORT_PLAN_SLUG", "one-stockport-2030")
ONESTOCKPORT_PLAN_FILE = Path(
    os.environ.get("ONESTOCKPORT_PLAN_FILE", BASE_DIR / "plans" / "one-stockport-2030" / "plan.yaml")
)
# The indicator catalogue and the official data files shipped with the plan.
ONESTOCKPORT_CATALOGUE_FILE = Path(
    os.environ.get("ONESTOCKPORT_CATALOGUE_FILE", ONESTOCKPORT_PLAN_FILE.parent / "indicators.yaml")
)
ONESTOCKPORT_DATA_DIR = Path(os.environ.get("ONESTOCKPORT_DATA_DIR", ONESTOCKPORT_PLAN_FILE.parent / "data"))
ONESTOCKPORT_SITE_NAME = "One Stockport"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ONESTOCKPORT_LOG_LEVEL", "WARNING")},
}
