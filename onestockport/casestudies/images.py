"""Case-study images: checked by Pillow (PNG, JPEG or WebP, by content, not by name), within a size limit,
then re-encoded, which drops their metadata (a photo's location, the camera's owner) and scales them down
to a width the page shows, and stored in the default storage under a random name (as evidence files are).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from onestockport.delivery.evidence import size_label

from .errors import ImageRejected

MAX_PIXELS = 40_000_000  # a larger image is refused rather than decoded (decompression bombs)
MAX_SIDE = 1600  # stored images are scaled down to this many pixels on their longest side
ALLOWED_DESCRIPTION = "PNG, JPEG or WebP image"


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str


FORMATS = {
    "PNG": Format(".png", "image/png"),
    "JPEG": Format(".jpg", "image/jpeg"),
    "WEBP": Format(".webp", "image/webp"),
}


@dataclass(frozen=True)
class CheckedImage:
    content: ContentFile
    extension: str
    content_type: str
    width: int
    height: int


def max_bytes() -> int:
    return getattr(settings, "ONESTOCKPORT_CASE_STUDY_IMAGE_MAX_BYTES", settings.ONESTOCKPORT_EVIDENCE_MAX_BYTES)


def check_image(upload: UploadedFile, *, subject: str = "The selected image") -> CheckedImage:
    """The image, re-encoded, if it is an allowed type within the limits; otherwise ImageRejected saying why."""
    if upload.size == 0:
        raise ImageRejected(f"{subject} is empty")
    if upload.size > max_bytes():
        raise ImageRejected(f"{subject} must be smaller than {size_label(max_bytes())}")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise ImageRejected(f"{subject} must be a {ALLOWED_DESCRIPTION}, not a {kind or 'unknown'} file")
                if probe.width * probe.height > MAX_PIXELS:
                    raise ImageRejected(f"{subject} is too large: at most {MAX_PIXELS // 1_000_000} million pixels")
                probe.verify()  # a truncated or damaged file fails here
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                image = ImageOps.exif_transpose(image)  # upright as the camera meant, before its EXIF is dropped
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                return _encoded(image, kind)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(f"{subject} must be a {ALLOWED_DESCRIPTION}") from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected(f"{subject} is damaged or incomplete: it could not be read as an image") from None
    finally:
        upload.seek(0)


def _encoded(image: Image.Image, kind: str) -> CheckedImage:
    out = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=85)
    else:
        image.save(out, "PNG", optimize=True)
    found = FORMATS[kind]
    return CheckedImage(ContentFile(out.getvalue()), found.extension, found.content_type, image.width, image.height)
