"""Case studies' errors: delivery errors, so staff pages and commands treat them alike."""

from __future__ import annotations

from onestockport.delivery.errors import DeliveryError


class CaseStudyError(DeliveryError):
    """A case study cannot be saved, submitted or reviewed as asked; the message says why."""


class ImageRejected(CaseStudyError):
    """An uploaded image is not a PNG, JPEG or WebP Pillow can read, or is too large."""
