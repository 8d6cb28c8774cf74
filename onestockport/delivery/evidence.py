"""Evidence files: checks on an upload (an allowed type, by name and by content, and a size limit), and
their storage (Django's default storage, so shared or S3-compatible storage works as well as a folder).
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from .errors import DeliveryError

logger = logging.getLogger(__name__)

EVIDENCE_FOLDER = "evidence"  # models.evidence_path stores every file here, under a random name


class EvidenceRejected(DeliveryError):
    """The uploaded file is not an allowed type or is too large; the message says which and why."""


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


FILE_TYPES = {
    ft.extension: ft
    for ft in (
        FileType(".pdf", "application/pdf", "PDF"),
        FileType(".png", "image/png", "PNG image"),
        FileType(".jpg", "image/jpeg", "JPEG image"),
        FileType(".jpeg", "image/jpeg", "JPEG image"),
        FileType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"),
        FileType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet"),
        FileType(".csv", "text/csv", "CSV file"),
    )
}
ALLOWED_DESCRIPTION = "PDF, PNG, JPG, DOCX, XLSX or CSV"


def max_bytes() -> int:
    return settings.ONESTOCKPORT_EVIDENCE_MAX_BYTES


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def check_upload(upload: UploadedFile, *, subject: str = "The selected file") -> FileType:
    """The file's type if it is allowed; otherwise EvidenceRejected naming the problem.

    `subject` starts the message: with several files chosen at once it names the file at fault.
    """
    name = upload.name or ""
    extension = PurePath(name).suffix.lower()
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise EvidenceRejected(f"{subject} must be a {ALLOWED_DESCRIPTION}")
    if upload.size > max_bytes():
        raise EvidenceRejected(f"{subject} must be smaller than {size_label(max_bytes())}")
    if upload.size == 0:
        raise EvidenceRejected(f"{subject} is empty")
    if not _content_matches(upload, extension):
        raise EvidenceRejected(f"{subject} is not a real {file_type.label}")
    return file_type


def _content_matches(upload: UploadedFile, extension: str) -> bool:
    """The file's first bytes agree with its name, so an HTML page cannot pass as a PDF."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {".jpg", ".jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension in {".docx", ".xlsx"}:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return ("word/document.xml" if extension == ".docx" else "xl/workbook.xml") in names
    if extension == ".csv":
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is fine; anything else is not text.
            return exc.start >= len(head) - 3
        return not head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<script"))
    return False


# --- Stored files: none outlives a rolled-back transaction -------------------------------------------


@contextmanager
def removed_on_failure() -> Iterator[list[str]]:
    """Collect the names of evidence files written inside the block; if the block fails (so its transaction
    rolls back), delete them from storage before the error goes on.

    A file is written before its row commits, so a crash that kills the process in between still leaves
    one behind: `onestockport delivery clean-evidence` finds and removes those (`orphan_files`).
    """
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            try:
                default_storage.delete(name)
            except Exception:  # the storage is unreachable: the file stays for clean-evidence
                logger.exception("could not delete evidence file %s after a failed save", name)
        raise


@dataclass(frozen=True)
class Orphan:
    name: str  # the file's name in the default storage
    modified: dt.datetime | None


def orphan_files(*, older_than: dt.timedelta) -> list[Orphan]:
    """Evidence files in the default storage that no EvidenceFile row names, last written before
    `older_than` ago (a younger one may belong to a transaction that has not committed yet)."""
    from .models import EvidenceFile

    try:
        _folders, names = default_storage.listdir(EVIDENCE_FOLDER)
    except FileNotFoundError:
        return []
    recorded = set(EvidenceFile.objects.values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    found = []
    for filename in sorted(names):
        name = f"{EVIDENCE_FOLDER}/{filename}"
        if name in recorded:
            continue
        try:
            modified = default_storage.get_modified_time(name)
        except NotImplementedError:  # a storage that cannot tell: only removed with --older-than 0
            modified = None
        if (modified is None and older_than) or (modified is not None and modified > cutoff):
            continue
        found.append(Orphan(name=name, modified=modified))
    return found


def delete_orphans(orphans: list[Orphan]) -> int:
    for orphan in orphans:
        default_storage.delete(orphan.name)
        logger.info("deleted orphan evidence file %s", orphan.name)
    return len(orphans)
