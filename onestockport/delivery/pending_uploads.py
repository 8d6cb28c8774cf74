"""Evidence files chosen on an update form that could not be saved yet, because something else on the form
was wrong: they wait in storage, so the user need not choose them again.

Why this way: a browser never re-sends a file input's files, and an update may not exist yet (a first
draft), so the files cannot wait as EvidenceFile rows. Each waits instead in the default storage, in the
evidence folder under a random name, and the user's session lists it for the one form page it was chosen
on. The form shows it ticked under "Files already chosen": the next save attaches every ticked one (checked
again, like any upload), and an unticked one is deleted. A file whose user never comes back is not in any
EvidenceFile row, so `onestockport delivery clean-evidence` removes it like any other orphan.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from .evidence import EVIDENCE_FOLDER, FILE_TYPES
from .models import EVIDENCE_FILES_MAX
from .text import clean_text

SESSION_KEY = "delivery_pending_uploads"
FIELD_NAME = "kept_file"  # the form's checkboxes: one per waiting file, its value the file's token


@dataclass(frozen=True)
class PendingUpload:
    token: str
    path: str  # its name in the default storage
    name: str  # the uploader's file name, for display
    size: int


def _all(request: HttpRequest) -> dict[str, dict]:
    return dict(request.session.get(SESSION_KEY, {}))


def for_page(request: HttpRequest) -> list[PendingUpload]:
    """The files waiting on this form page (its address), oldest first."""
    return [
        PendingUpload(token=token, path=entry["path"], name=entry["name"], size=entry["size"])
        for token, entry in _all(request).items()
        if entry.get("page") == request.path and entry.get("user") == request.user.pk
    ]


def keep(request: HttpRequest, uploads: list[UploadedFile]) -> None:
    """Store uploads that passed their checks, for this form page; at most EVIDENCE_FILES_MAX wait."""
    entries = _all(request)
    room = EVIDENCE_FILES_MAX - len(for_page(request))
    for upload in uploads[: max(room, 0)]:
        token = secrets.token_hex(16)
        extension = (upload.name or "").rsplit(".", 1)[-1].lower()
        suffix = f".{extension}" if f".{extension}" in FILE_TYPES else ""
        upload.seek(0)
        path = default_storage.save(f"{EVIDENCE_FOLDER}/{token}{suffix}", upload)
        entries[token] = {
            "path": path,
            "name": clean_text(upload.name or "evidence", multiline=False)[:200] or "evidence",
            "size": upload.size,
            "page": request.path,
            "user": request.user.pk,
        }
    request.session[SESSION_KEY] = entries


def settle(request: HttpRequest, ticked: list[str]) -> list[PendingUpload]:
    """The waiting files still ticked on the posted form; the unticked ones are deleted now."""
    waiting = for_page(request)
    # One gone from storage (clean-evidence removed it after a long wait) is forgotten, not a crash.
    gone = [p for p in waiting if not default_storage.exists(p.path)]
    unticked = [p for p in waiting if p.token not in set(ticked) and p not in gone]
    discard(request, unticked + gone)
    return [p for p in waiting if p.token in set(ticked) and p not in gone]


def as_uploads(pending: list[PendingUpload]) -> list[ContentFile]:
    """The waiting files as uploads for the services, which check and store them like new ones."""
    uploads = []
    for item in pending:
        with default_storage.open(item.path, "rb") as stored:
            uploads.append(ContentFile(stored.read(), name=item.name))
    return uploads


def discard(request: HttpRequest, pending: list[PendingUpload]) -> None:
    """Forget these files and delete them from storage (after they were attached, or when unticked)."""
    if not pending:
        return
    entries = _all(request)
    for item in pending:
        entries.pop(item.token, None)
        default_storage.delete(item.path)  # no error when it is already gone
    request.session[SESSION_KEY] = entries
