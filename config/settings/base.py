"""Settings shared by every environment. The environment is read here and only here."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from onestockport.plans.locate import plan_slug_of

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Where local state (the SQLite database, uploads) lives; one place for every command.
VAR_DIR = Path(os.environ.get("ONESTOCKPORT_VAR_DIR", BASE_DIR / "var"))

LOCAL_SECRET_KEY = "insecure-local-development-key"  # for this machine only: production.py refuses it
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", LOCAL_SECRET_KEY)
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
    "onestockport.delivery",
    "onestockport.voice",
    "onestockport.casestudies",  # case studies: written by partners, approved by the performance team
    "onestockport.opendata",
    "onestockport.api",
    "onestockport.reports",
    "onestockport.publish",
    "onestockport.jobs",  # background jobs: the queue is django-tasks on the site's own database
    "django_tasks",
    "django_tasks_db",
    "onestockport.security",  # request limits, private-page caching, sign-in throttling (docs/security.md)
    "csp",  # django-csp: the Content-Security-Policy header (policy below)
    "onestockport.server",  # the production server, request logs, /healthz, the cache's table (docs/deploy.md)
]

MIDDLEWARE = [
    "onestockport.server.request_log.RequestLogMiddleware",  # first: a request id and one log line per request
    "onestockport.server.request_memo.RequestMemoMiddleware",  # small reads shared by a page's parts
    "onestockport.server.page_cache.PublicPageCacheMiddleware",  # public pages from the shared cache (below)
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response, redirects included (policy below)
    "django.middleware.security.SecurityMiddleware",
    "onestockport.security.uploads.RequestBodyLimitMiddleware",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag on every page; 304 when the visitor's copy is current
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onestockport.security.headers.PrivatePagesNoStoreMiddleware",  # staff and signed-in pages: no-store
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


def sqlite_options(database: dict) -> dict:
    """SQLite that waits its turn: a write transaction takes the write lock when it begins (BEGIN IMMEDIATE)
    and waits up to 20 s for it. In the default deferred mode two reviewers acting at once both read, then
    the second write fails at once with "database is locked" (a 500) instead of waiting and getting a 409."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20, **database.get("OPTIONS", {})}
    return database


def database_from_environment(default_sqlite: Path) -> dict:
    """DATABASE_URL when set (PostgreSQL in production), else the local SQLite file."""
    url = os.environ.get("DATABASE_URL")
    # Connections are kept between requests for a minute (checked before reuse), not opened per request.
    if url:
        return sqlite_options(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return sqlite_options(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
    )


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

# The plan the site shows. ONESTOCKPORT_PLAN names a folder under plans/ (its slug); ONESTOCKPORT_PLAN_FILE
# names any plan file instead. The catalogue (indicators.yaml), the data folder and the place travel with
# the plan file: they are read from its folder unless set on their own.
ONESTOCKPORT_PLAN = os.environ.get("ONESTOCKPORT_PLAN", "one-stockport-2030")
ONESTOCKPORT_PLAN_FILE = Path(
    os.environ.get("ONESTOCKPORT_PLAN_FILE", BASE_DIR / "plans" / ONESTOCKPORT_PLAN / "plan.yaml")
).resolve()
# The slug inside the plan file (its `plan: slug:`); set only to show another plan already loaded.
ONESTOCKPORT_PLAN_SLUG = os.environ.get("ONESTOCKPORT_PLAN_SLUG") or plan_slug_of(ONESTOCKPORT_PLAN_FILE)
ONESTOCKPORT_CATALOGUE_FILE = Path(
    os.environ.get("ONESTOCKPORT_CATALOGUE_FILE", ONESTOCKPORT_PLAN_FILE.parent / "indicators.yaml")
)
ONESTOCKPORT_DATA_DIR = Path(os.environ.get("ONESTOCKPORT_DATA_DIR", ONESTOCKPORT_PLAN_FILE.parent / "data"))

# Logs go to standard error, one JSON object per line (ONESTOCKPORT_LOG_FORMAT=plain for a person to read),
# each carrying the id of the request it happened in; every request logs one line at INFO.
LOG_FORMAT = os.environ.get("ONESTOCKPORT_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s]: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {"request_id": {"()": "onestockport.server.request_log.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if LOG_FORMAT == "plain" else "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ONESTOCKPORT_LOG_LEVEL", "WARNING")},
    "loggers": {"onestockport.requests": {"level": os.environ.get("ONESTOCKPORT_REQUEST_LOG_LEVEL", "INFO")}},
}

# The cache every instance shares: Redis when ONESTOCKPORT_CACHE_URL names one (redis://host:6379/0), else a
# table in the site's own database (made by `migrate`). Never per process: pages and computed overviews
# cached by one instance are seen, and cleared, by all.
CACHE_URL = os.environ.get("ONESTOCKPORT_CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "onestockport_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},  # every public page of a plan, several times over
        }
    )
}
# Public pages are kept in that cache until published content changes (onestockport/server/page_cache.py).
ONESTOCKPORT_PAGE_CACHE = os.environ.get("ONESTOCKPORT_PAGE_CACHE", "1") != "0"

# --- Delivery tracking (onestockport.delivery): accounts, login throttling, history, email, uploads ---
# Roles are Django groups (see onestockport/delivery/permissions.py). django-axes refuses sign-in for an
# hour after five failures for a username from one address, and (onestockport.security.signin) for any
# account after twenty failures from one address; django-simple-history records who changed what.
INSTALLED_APPS += ["simple_history", "axes"]
MIDDLEWARE += [
    "onestockport.delivery.sessions.SlidingSessionMiddleware",  # after sessions and authentication
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "delivery:login"
LOGIN_REDIRECT_URL = "delivery:home"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "delivery/locked_out.html"
AXES_HANDLER = "onestockport.security.signin.AddressThrottlingHandler"
ONESTOCKPORT_SIGNIN_ADDRESS_FAILURE_LIMIT = 20  # failures from one address, all accounts, per AXES_COOLOFF_TIME
# Behind a proxy, how many trusted proxies add to X-Forwarded-For (0: the client connects directly).
ONESTOCKPORT_PROXY_COUNT = int(os.environ.get("ONESTOCKPORT_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "onestockport.security.signin.client_address"
# Sessions end after this long without opening a staff page (sliding: each staff page moves the end on;
# onestockport/delivery/sessions.py). A form sent after that keeps its text for after signing in again.
SESSION_COOKIE_AGE = int(os.environ.get("ONESTOCKPORT_SESSION_IDLE_MINUTES", "120")) * 60
# A form whose CSRF token went out of date (signing in again replaces it) gets a page that explains,
# and keeps the text of a delivery form.
CSRF_FAILURE_VIEW = "onestockport.delivery.views.csrf_failure"
# Four eyes: nobody approves an update they wrote part of. "0" turns it off, for a performance team of one.
ONESTOCKPORT_FOUR_EYES = os.environ.get("ONESTOCKPORT_FOUR_EYES", "1") != "0"
# The console backend prints reminders locally; production sets SMTP from the environment.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Reminders are sent as "<site name> <this address>"; the site name comes from the plan's `place`.
DEFAULT_FROM_EMAIL = os.environ.get("ONESTOCKPORT_FROM_EMAIL", "performance@example.invalid")
# Where reminder emails link to.
ONESTOCKPORT_SITE_URL = os.environ.get("ONESTOCKPORT_SITE_URL", "http://127.0.0.1:8000")
# Evidence and job files go to the default storage (STORAGES["default"]). With several instances it must be
# shared: a folder every instance mounts (ONESTOCKPORT_MEDIA_ROOT) or object storage (docs/deploy.md).
MEDIA_ROOT = Path(os.environ.get("ONESTOCKPORT_MEDIA_ROOT", VAR_DIR / "uploads"))
# An S3-compatible bucket instead (django-storages); boto3 reads the credentials from its usual variables
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role. Files stay private: links are signed.
S3_BUCKET = os.environ.get("ONESTOCKPORT_S3_BUCKET", "")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("ONESTOCKPORT_S3_ENDPOINT_URL") or None,  # a non-AWS service
            "region_name": os.environ.get("ONESTOCKPORT_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Upload and import limits: the one place they are set (docs/security.md explains each) ---
# A request body larger than this is refused before it is read (a proxy should cap it too).
ONESTOCKPORT_UPLOAD_MAX_BYTES = int(os.environ.get("ONESTOCKPORT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
ONESTOCKPORT_EVIDENCE_MAX_BYTES = int(os.environ.get("ONESTOCKPORT_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))
# Publisher data files (`data import`): size, data rows and the characters of one cell.
ONESTOCKPORT_IMPORT_MAX_BYTES = int(os.environ.get("ONESTOCKPORT_IMPORT_MAX_BYTES", 200 * 1024 * 1024))
ONESTOCKPORT_IMPORT_MAX_ROWS = int(os.environ.get("ONESTOCKPORT_IMPORT_MAX_ROWS", 2_000_000))
ONESTOCKPORT_IMPORT_MAX_CELL_CHARS = int(os.environ.get("ONESTOCKPORT_IMPORT_MAX_CELL_CHARS", 128 * 1024))
# Survey exports (`voice import`, CSV or XLSX): size and responses (rows).
ONESTOCKPORT_SURVEY_MAX_BYTES = int(os.environ.get("ONESTOCKPORT_SURVEY_MAX_BYTES", 20 * 1024 * 1024))
ONESTOCKPORT_SURVEY_MAX_ROWS = int(os.environ.get("ONESTOCKPORT_SURVEY_MAX_ROWS", 100_000))
# Django's own cap on a request body that is not a file (form fields), and on files held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The first handler stops a multipart upload once its bytes pass ONESTOCKPORT_UPLOAD_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "onestockport.security.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Browser security (onestockport.security; docs/security.md): Content-Security-Policy and headers ---
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],  # no inline script anywhere: GOV.UK's js-enabled marker is a file too
        "style-src": ["'self'"],  # no style attributes: SVG charts use presentation attributes instead
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Length of a reporting period in months (a divisor of 12): 3 gives quarters such as 2026-Q3.
ONESTOCKPORT_REPORTING_PERIOD_MONTHS = int(os.environ.get("ONESTOCKPORT_REPORTING_PERIOD_MONTHS", "3"))
# Reminders go this many days before a reporting period's last day, unless staff set other dates.
ONESTOCKPORT_REMINDER_DAYS_BEFORE_PERIOD_END = os.environ.get("ONESTOCKPORT_REMINDER_DAYS_BEFORE_PERIOD_END", "14,3")

# --- Background jobs (onestockport.jobs): a queue in the site's own database, no other server ---
# `onestockport worker` runs them (`make run` starts one beside the site); docs/jobs.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# True only in config.settings.demo: every page says it shows demonstration data.
ONESTOCKPORT_DEMO = False
ONESTOCKPORT_DEMO_DATABASE = Path(os.environ.get("ONESTOCKPORT_DEMO_DATABASE", VAR_DIR / "demo.sqlite3"))

# --- Resident voice (onestockport.voice): respondent hashing, disclosure control, tagging model ---
# Respondents' identifiers from survey exports are stored only as HMAC-SHA256 hashes with this key;
# the local default is for development only: production.py refuses to start without the variable.
# Keep the key stable: re-imports are matched on the hashes.
VOICE_HASH_KEY = os.environ.get("ONESTOCKPORT_VOICE_HASH_KEY", "local-development-voice-hash-key")
# Published counts below this are shown as "fewer than N" (and protected from differencing).
VOICE_DISCLOSURE_THRESHOLD = int(os.environ.get("ONESTOCKPORT_VOICE_DISCLOSURE_THRESHOLD", "5"))
# Comments the public site's "have your say" form takes from one client address per hour.
VOICE_COMMENTS_PER_HOUR = int(os.environ.get("ONESTOCKPORT_VOICE_COMMENTS_PER_HOUR", "5"))
# The review desk confirms in bulk only suggestions scoring at least this (docs/voice.md, "The review desk":
# on the plan's own labelled text, a quarter of the best suggestions score this much or more).
VOICE_BULK_CONFIRM_MIN_SCORE = float(os.environ.get("ONESTOCKPORT_VOICE_BULK_CONFIRM_MIN_SCORE", "0.65"))
# Tagging engine (onnx-l3, onnx, minilm or static) and where the static engine's distilled model is cached.
VOICE_TAGGING_ENGINE = os.environ.get("ONESTOCKPORT_VOICE_TAGGING_ENGINE", "onnx-l3")
VOICE_MODEL_CACHE = Path(os.environ.get("ONESTOCKPORT_VOICE_MODEL_CACHE", VAR_DIR / "models"))
