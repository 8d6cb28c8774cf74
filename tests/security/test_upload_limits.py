"""A request body over ONESTOCKPORT_UPLOAD_MAX_BYTES is refused (413) before it is read.

The bodies here are streams that count what is read from them and fail the test if a refused body is read
further than a little past the limit.
"""

from __future__ import annotations

import io

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from onestockport.security.uploads import RequestBodyLimitMiddleware, UploadLimitHandler

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CHUNK = UploadLimitHandler.chunk_size  # what the multipart parser reads at a time


class CountingStream(io.RawIOBase):
    """A request body of `size` bytes that records how much was read, and refuses to give more than `allowed`."""

    def __init__(self, body: bytes, *, allowed: int) -> None:
        self.body, self.allowed, self.read_bytes = body, allowed, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = len(self.body) - self.read_bytes if size is None or size < 0 else size
        if self.read_bytes + size > self.allowed:
            raise AssertionError(f"the body was read past {self.allowed:,} bytes")
        chunk = self.body[self.read_bytes : self.read_bytes + size]
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size if size and size > 0 else 8192)


def _multipart(file_bytes: int) -> bytes:
    upload = io.BytesIO(b"%PDF-1.4\n" + b"x" * (file_bytes - 9))
    upload.name = "evidence.pdf"
    return encode_multipart(BOUNDARY, {"narrative": "Synthetic.", "files": upload})


def test_a_declared_60_mb_body_is_refused_without_reading_it(client):
    stream = CountingStream(b"", allowed=4096)
    response = client.generic(
        "POST",
        "/delivery/sign-in/",
        # (the test client sets CONTENT_TYPE only for a body it was given itself)
        **{"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(60 * MB), "wsgi.input": stream},
    )
    assert response.status_code == 413
    assert stream.read_bytes == 0
    page = response.content.decode()
    assert "The file is too large" in page
    assert "20.0\xa0MB" in page  # the limit, as people read it
    assert "govuk-template" in page  # the site's own GOV.UK page, with its policy headers
    assert "Content-Security-Policy" in response


def test_a_declared_60_mb_urlencoded_body_is_refused_too(client):
    stream = CountingStream(b"", allowed=0)
    response = client.generic(
        "POST",
        "/delivery/sign-in/",
        **{"CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(60 * MB), "wsgi.input": stream},
    )
    assert response.status_code == 413
    assert stream.read_bytes == 0


@override_settings(ONESTOCKPORT_UPLOAD_MAX_BYTES=100_000)
def test_a_streamed_upload_is_stopped_once_it_passes_the_limit():
    body = _multipart(2 * MB)
    stream = CountingStream(body, allowed=100_000 + 3 * CHUNK)
    request = RequestFactory().generic(
        "POST",
        "/delivery/",
        **{"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body)), "wsgi.input": stream},
    )
    assert "files" not in request.FILES  # the upload was abandoned, not handed on half-read
    assert stream.read_bytes < 100_000 + 3 * CHUNK  # and the rest of the 2 MB was never read
    assert request._onestockport_upload_refused


@override_settings(ONESTOCKPORT_UPLOAD_MAX_BYTES=100_000)
def test_a_body_longer_than_it_declared_never_reaches_the_view():
    """A server or adapter that hands over the stream unbounded (as ASGI does) with a small or missing length."""
    body = _multipart(2 * MB)
    stream = CountingStream(body, allowed=100_000 + 3 * CHUNK)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST", PATH_INFO="/delivery/", CONTENT_TYPE=MULTIPART_CONTENT, CONTENT_LENGTH="1000"
    )
    environ["wsgi.input"] = stream
    request = WSGIRequest(environ)
    request._stream = stream  # unbounded, whatever the declared length
    views = []
    response = RequestBodyLimitMiddleware(lambda request: views.append(request) or HttpResponse())(request)
    assert response.status_code == 413
    assert views == []


@override_settings(ONESTOCKPORT_UPLOAD_MAX_BYTES=1 * MB)
def test_an_upload_under_the_limit_arrives_whole():
    body = _multipart(600_000)
    request = RequestFactory().generic("POST", "/delivery/", body, content_type=MULTIPART_CONTENT)
    views = []
    response = RequestBodyLimitMiddleware(lambda request: views.append(request) or HttpResponse("ok"))(request)
    assert response.status_code == 200
    (seen,) = views
    assert seen.FILES["files"].size == 600_000
    assert seen.POST["narrative"] == "Synthetic."


class BrokenStream(CountingStream):
    def read(self, size: int = -1) -> bytes:
        raise OSError("the client went away")


def test_a_client_that_goes_away_mid_upload_is_not_a_server_error():
    body = _multipart(10_000)
    response = Client(enforce_csrf_checks=True).generic(
        "POST",
        "/delivery/sign-in/",
        **{
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": BrokenStream(body, allowed=0),
        },
    )
    assert response.status_code == 403  # Django's answer: the form's CSRF token could not be read
