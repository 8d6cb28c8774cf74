"""The plan folder's voice/: the place's own survey mappings, protected terms and settings, beside its plan file."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path


def voice_dir() -> Path | None:
    """plans/<slug>/voice/ of the site's plan (it may not exist); None when no settings are configured."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return Path(settings.ONESTOCKPORT_PLAN_FILE).parent / "voice"
    except ImproperlyConfigured:
        return None


SETTINGS_FILE = "settings.yaml"
# Each key of voice/settings.yaml with its default: a plan folder without the file, or without a key, gets these.
DEFAULTS: dict[str, bool] = {"have_your_say": True}


@dataclass(frozen=True)
class VoiceSettings:
    have_your_say: bool = True  # the comment form on every priority and action page


def read_voice_settings(folder: Path | None) -> VoiceSettings:
    """voice/settings.yaml of a plan folder; InvalidInputError names the file and the key that is wrong."""
    path = folder / SETTINGS_FILE if folder is not None else None
    if path is None or not path.is_file():
        return VoiceSettings()
    return _read(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> VoiceSettings:  # mtime_ns: an edited file is read again
    import yaml

    from onestockport.errors import InvalidInputError, Problem

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InvalidInputError(str(path), [Problem("(file)", f"not valid YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise InvalidInputError(str(path), [Problem("(file)", "expected keys and values, e.g. have_your_say: true")])
    problems = [
        Problem(str(key), f"unknown key; expected one of: {', '.join(DEFAULTS)}") for key in data if key not in DEFAULTS
    ]
    problems += [
        Problem(key, f"expected true or false, got {data[key]!r}")
        for key in DEFAULTS
        if key in data and not isinstance(data[key], bool)
    ]
    if problems:
        raise InvalidInputError(str(path), problems)
    return VoiceSettings(**{key: data.get(key, default) for key, default in DEFAULTS.items()})


def voice_settings() -> VoiceSettings:
    """The site's plan folder's voice settings (defaults when it has no voice/settings.yaml)."""
    return read_voice_settings(voice_dir())
