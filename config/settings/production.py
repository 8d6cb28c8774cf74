"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOCAL_SECRET_KEY


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production")
    return value


def _strong_secret_key(key: str, name: str = "DJANGO_SECRET_KEY") -> str:
    """The key, if Django's own deployment check (security.W009) would accept it; a weak key is refused at
    start-up rather than warned about, since sessions, password resets and signed values all rest on it."""
    problems = []
    if len(key) < 50:
        problems.append("be at least 50 characters long")
    if len(set(key)) < 5:
        problems.append("have at least 5 different characters")
    if key.startswith("django-insecure-"):
        problems.append("not start with 'django-insecure-' (a key made for development)")
    if key == LOCAL_SECRET_KEY:
        problems.append("not be the local development default")
    if problems:
        raise ImproperlyConfigured(
            f"{name} must {' and '.join(problems)}; make one with "
            "`python -c 'from django.core.management.utils import get_random_secret_key; "
            "print(get_random_secret_key())'`"
        )
    return key


SECRET_KEY = _strong_secret_key(_required("DJANGO_SECRET_KEY"))
_required("DATABASE_URL")
ALLOWED_HOSTS = _required("DJANGO_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True  # allows (does not make) a submission to browsers' HTTPS-only list
# Browser security headers (base.py sets them for every environment; repeated here so production states them):
# Content-Security-Policy (CONTENT_SECURITY_POLICY, django-csp), nosniff, referrer and opener policies, framing.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Delivery tracking (onestockport.delivery): sessions, cookies and email in production ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = _required("EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
_required("ONESTOCKPORT_SITE_URL")  # reminder emails link to the real site

# --- Resident voice (onestockport.voice): the respondent-hashing key must be set and kept secret ---
VOICE_HASH_KEY = _required("ONESTOCKPORT_VOICE_HASH_KEY")
