"""The plan folder's voice/: the place's own survey mappings and protected terms, beside its plan file."""

from __future__ import annotations

from pathlib import Path


def voice_dir() -> Path | None:
    """plans/<slug>/voice/ of the site's plan (it may not exist); None when no settings are configured."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return Path(settings.ONESTOCKPORT_PLAN_FILE).parent / "voice"
    except ImproperlyConfigured:
        return None
