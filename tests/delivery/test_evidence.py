"""Evidence files: allowed types by name and content, a size limit, shared storage and download-only serving."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from onestockport.delivery.models import EvidenceFile, Update

from .factories import make_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    """A new, empty in-memory default storage for each test (Django resets it when STORAGES changes)."""
    settings.STORAGES = {**settings.STORAGES}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _post(world, upload, *, role="partner-editor-own"):
    update = make_update(world.own_action)
    client = Client()
    client.force_login(world.users[role])
    response = client.post(
        f"/delivery/updates/{update.pk}/edit/",
        {"version": 1, "status": "on-track", "narrative": "With evidence", "evidence_file": upload},
    )
    return update, response


@pytest.mark.parametrize(
    ("name", "content"),
    [("report.pdf", PDF), ("photo.png", PNG), ("notes.docx", _docx()), ("figures.csv", b"ward,count\nEdgeley,4\n")],
)
def test_allowed_files_are_stored_under_a_random_name(world, name, content):
    update, response = _post(world, SimpleUploadedFile(name, content))
    assert response.status_code == 302
    evidence = update.files.get()
    assert evidence.original_name == name
    assert evidence.file.name.startswith("evidence/")
    assert name not in evidence.file.name
    assert default_storage.exists(evidence.file.name)  # the configured default storage, not a local path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html><script>alert(1)</script>", "must be a PDF, PNG, JPG, DOCX, XLSX or CSV"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "is not a real PDF"),
        ("fake.docx", b"PK\x03\x04 not really a zip", "is not a real Word document"),
        ("page.csv", b"<!DOCTYPE html><html></html>", "is not a real CSV file"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(world, name, content, message):
    update, response = _post(world, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'href="#id_evidence_file"' in page  # the error summary links to the field
    assert not EvidenceFile.objects.exists()
    assert Update.objects.get(pk=update.pk).narrative != "With evidence"  # nothing half saved


def test_files_over_the_size_limit_are_refused(world, settings):
    settings.ONESTOCKPORT_EVIDENCE_MAX_BYTES = 1024
    _update, response = _post(world, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert "must be smaller than 1 KB" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_evidence_is_served_as_a_download_never_inline(world):
    update, _ = _post(world, SimpleUploadedFile('quar"terly report.pdf', PDF))
    evidence = update.files.get()
    assert evidence.original_name == "quarterly report.pdf"  # no quote to break out of the header
    client = Client()
    client.force_login(world.users["partner-editor-own"])
    response = client.get(f"/delivery/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quarterly report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_unpublished_evidence_is_hidden_from_others(world):
    update, _ = _post(world, SimpleUploadedFile("a.pdf", PDF))
    evidence = update.files.get()
    assert Client().get(f"/delivery/evidence/{evidence.pk}/").status_code == 404
    Update.objects.filter(pk=update.pk).update(state=Update.State.APPROVED)
    assert Client().get(f"/delivery/evidence/{evidence.pk}/").status_code == 200  # public once approved


def _stored() -> set[str]:
    """Every evidence file in the configured default storage."""
    return set(default_storage.listdir("evidence")[1]) if default_storage.exists("evidence") else set()


@pytest.mark.parametrize("how", ["create", "edit"])
def test_a_failure_after_the_file_is_written_leaves_no_file(world, monkeypatch, how):
    """The transaction rolls back: the file it wrote must go with it."""
    from onestockport.delivery import services

    before = _stored()
    editor = world.users["partner-editor-own"]

    def fail(*args, **kwargs):
        raise RuntimeError("the server stopped here")

    # Called after the file is written to storage, inside the transaction.
    monkeypatch.setattr(EvidenceFile, "save", fail)
    files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    content = services.UpdateContent("on-track", "With evidence")
    if how == "create":
        with pytest.raises(RuntimeError):
            services.create_update(user=editor, action=world.own_action, content=content, files=files)
    else:
        update = make_update(world.own_action)
        with pytest.raises(RuntimeError):
            services.edit_update(user=editor, update_id=update.pk, expected_version=1, content=content, files=files)
    assert _stored() == before
    assert not EvidenceFile.objects.exists()
    assert not Update.objects.filter(narrative="With evidence").exists()


def test_a_failure_on_the_second_file_removes_the_first(world, monkeypatch):
    from onestockport.delivery import services

    before = _stored()
    real_save = EvidenceFile.save
    calls = []

    def second_fails(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("the server stopped here")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(EvidenceFile, "save", second_fails)
    update = make_update(world.own_action)
    with pytest.raises(RuntimeError):
        services.edit_update(
            user=world.users["partner-editor-own"],
            update_id=update.pk,
            expected_version=1,
            content=services.UpdateContent("on-track", "Two files"),
            files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
        )
    assert _stored() == before
    assert not EvidenceFile.objects.exists()


def test_clean_evidence_lists_and_removes_only_files_without_a_row(world, run_cli):
    """For a crash between writing the file and committing: files with no row, older than the limit."""
    update, _ = _post(world, SimpleUploadedFile("kept.pdf", PDF))
    kept = update.files.get().file.name
    orphan = default_storage.save("evidence/0123456789abcdef.pdf", io.BytesIO(PDF))

    listed = run_cli("delivery", "clean-evidence", "--older-than", "0")
    assert listed.exit_code == 0, listed.output
    assert orphan in listed.output
    assert kept not in listed.output
    assert default_storage.exists(orphan)  # listing deletes nothing

    recent = run_cli("delivery", "clean-evidence", "--delete")  # default: older than an hour
    assert recent.exit_code == 0, recent.output
    assert default_storage.exists(orphan)  # may belong to a transaction still running

    removed = run_cli("delivery", "clean-evidence", "--older-than", "0", "--delete")
    assert removed.exit_code == 0, removed.output
    assert "Deleted 1" in removed.output
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept)
