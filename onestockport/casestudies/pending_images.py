"""Images chosen on a case-study form that could not be saved yet, because something else on the form was
wrong: each waits in storage for its slot, so the writer need not choose it again.

As with an update's evidence (delivery/pending_uploads.py): a browser never re-sends a file input's files,
and a first draft has no row to hang them on. A waiting image is kept under a random name in the image
folder and listed in the writer's session for the one form page and slot it was chosen in. The form shows it
ticked as "already chosen"; the next save checks and stores it like a new upload. Unticked, replaced by a new
file, or saved, it is deleted. One whose writer never comes back is in no image row, and is deleted with
the other waiting files after a day (`remove_abandoned`, run by the scheduler).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

from onestockport.delivery.text import clean_text
from onestockport.waiting_files import delete_older_than

SESSION_KEY = "case_study_pending_images"
FOLDER = "case-studies/waiting"
ABANDONED_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class PendingImage:
    token: str
    slot: int
    path: str  # its name in the default storage
    name: str  # the writer's file name, for display
    size: int

    @property
    def field_name(self) -> str:
        return kept_field(self.slot)


def kept_field(slot: int) -> str:
    """The checkbox that keeps a waiting image in its slot; its value is the image's token."""
    return f"image_{slot}_kept"


def _all(request: HttpRequest) -> dict[str, dict]:
    return dict(request.session.get(SESSION_KEY, {}))


def for_page(request: HttpRequest) -> dict[int, PendingImage]:
    """The images waiting on this form page (its address), by slot."""
    return {
        entry["slot"]: PendingImage(token, entry["slot"], entry["path"], entry["name"], entry["size"])
        for token, entry in _all(request).items()
        if entry.get("page") == request.path and entry.get("user") == request.user.pk
    }


def with_kept(request: HttpRequest, files: MultiValueDict) -> MultiValueDict:
    """The posted files, with each ticked waiting image in its slot where no new file was chosen; waiting
    images unticked, replaced or gone from storage are deleted now."""
    merged = files.copy()
    drop = []
    for slot, waiting in for_page(request).items():
        name = f"image_{slot}"
        ticked = request.POST.get(kept_field(slot)) == waiting.token
        if not ticked or name in files or not default_storage.exists(waiting.path):
            drop.append(waiting)
            continue
        with default_storage.open(waiting.path, "rb") as stored:
            merged[name] = ContentFile(stored.read(), name=waiting.name)
    discard(request, drop)
    return merged


def keep(request: HttpRequest, uploads: dict[int, UploadedFile]) -> None:
    """Store new uploads that passed their own checks, each for its slot on this form page."""
    entries = _all(request)
    replaced = [waiting for slot, waiting in for_page(request).items() if slot in uploads]
    for waiting in replaced:
        entries.pop(waiting.token, None)
        default_storage.delete(waiting.path)
    for slot, upload in uploads.items():
        token = secrets.token_hex(16)
        upload.seek(0)
        path = default_storage.save(f"{FOLDER}/{token}", upload)
        entries[token] = {
            "slot": slot,
            "path": path,
            "name": clean_text(upload.name or "image", multiline=False)[:200] or "image",
            "size": upload.size,
            "page": request.path,
            "user": request.user.pk,
        }
    request.session[SESSION_KEY] = entries


def discard(request: HttpRequest, pending: list[PendingImage] | None = None) -> None:
    """Forget these waiting images (all of this page's when None) and delete them from storage."""
    pending = list(for_page(request).values()) if pending is None else pending
    if not pending:
        return
    entries = _all(request)
    for item in pending:
        entries.pop(item.token, None)
        default_storage.delete(item.path)  # no error when it is already gone
    request.session[SESSION_KEY] = entries


def remove_abandoned(*, older_than: dt.timedelta = ABANDONED_AFTER) -> int:
    """Delete waiting images last written before `older_than` ago; returns how many."""
    return delete_older_than(FOLDER, older_than)
