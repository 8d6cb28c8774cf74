"""Demonstration: a separate SQLite file with demo accounts and example updates, for training and screenshots.

`onestockport demo` builds it; `DJANGO_SETTINGS_MODULE=config.settings.demo onestockport serve` shows it.
DATABASE_URL is deliberately ignored so demonstration data can never reach the real database.
"""

from .local import *  # noqa: F403
from .local import ONESTOCKPORT_DEMO_DATABASE, sqlite_options

DATABASES = {"default": sqlite_options({"ENGINE": "django.db.backends.sqlite3", "NAME": ONESTOCKPORT_DEMO_DATABASE})}
ONESTOCKPORT_DEMO = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
MEDIA_ROOT = ONESTOCKPORT_DEMO_DATABASE.parent / "demo-uploads"
