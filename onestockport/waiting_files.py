"""Files that wait in storage for a form to be finished (a survey export being mapped, images on a case-study
form with a mistake elsewhere): whatever is left waiting too long is deleted, as it may hold personal data."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.utils import timezone


def delete_older_than(folder: str, older_than: dt.timedelta) -> int:
    """Delete the files directly in `folder` of the default storage last written before `older_than` ago;
    returns how many. A storage that cannot tell when a file was written keeps it."""
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    deleted = 0
    for filename in names:
        name = f"{folder}/{filename}"
        try:
            modified = default_storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified < cutoff:
            default_storage.delete(name)
            deleted += 1
    return deleted
