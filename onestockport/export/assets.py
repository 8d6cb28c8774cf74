"""Static files for the export: collected under their hashed names, then only what the pages use.

The pages are rendered while the manifest storage is active, so every `{% static %}` URL carries the
file's content hash (site.f175a8e61b58.css): a CDN can cache the files for ever and a new build can never
be mixed with an old stylesheet. The hashed names are Django's manifest names, the same ones WhiteNoise's
CompressedManifestStaticFilesStorage serves on the live site; the export leaves compression to the host.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from onestockport.publish.static_files import UNUSED_STATIC

from .errors import MissingAssetError

STATIC_URL = "/static/"


@contextlib.contextmanager
def hashed_static_files(static_root: Path) -> Iterator[Path]:
    """Collect the static files with hashed names into static_root and render with them while open."""
    manifest = override_settings(
        STATIC_URL=STATIC_URL,
        STATIC_ROOT=static_root,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        },
    )
    with manifest:
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=UNUSED_STATIC)
        yield static_root


def is_static_path(path: str) -> bool:
    return path.startswith(STATIC_URL)


def static_file(static_root: Path, path: str, *, referrer: str) -> Path:
    """The collected file behind a /static/ URL path; a missing one is an error naming who asked for it."""
    name = unquote(path[len(STATIC_URL) :])
    candidate = (static_root / name).resolve()
    if not name or static_root.resolve() not in candidate.parents or not candidate.is_file():
        raise MissingAssetError(f"{referrer} refers to {path}, which is not among the collected static files")
    return candidate
