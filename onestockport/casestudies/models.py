"""Case studies: short accounts, written by a partner organisation, of work that already shows a priority's
ambition. Draft → submitted → approved (public) or returned, as delivery updates are; each has images with
alt text. The plan's own list of titles to come is Priority.case_studies; `plan_title` says which one a
case study fulfils."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from onestockport.plans.models import Action, Partner, Plan, Priority

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 600
TEXT_MAX_LENGTH = 6000
COMMENT_MAX_LENGTH = 2000
ALT_TEXT_MAX_LENGTH = 300
CAPTION_MAX_LENGTH = 300
IMAGES_MAX = 6


class CaseStudy(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="case_study_records")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    summary = models.TextField(max_length=SUMMARY_MAX_LENGTH, help_text="One or two sentences, plain text.")
    text = models.TextField(max_length=TEXT_MAX_LENGTH, help_text="Plain paragraphs separated by a blank line.")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="case_study_records")
    priorities = models.ManyToManyField(Priority, related_name="case_study_records")
    actions = models.ManyToManyField(Action, blank=True, related_name="case_study_records")
    # One of its priorities' `case_studies` titles, when it is the case study the plan promised.
    plan_title = models.CharField(max_length=300, blank=True)
    consent_recorded = models.BooleanField(default=False, help_text="Everyone shown or named agreed to it.")
    consent_note = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # Optimistic concurrency, as delivery updates: every save compares and increments it.
    version = models.PositiveIntegerField(default=1)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_at", "-created_at", "pk"]
        verbose_name_plural = "case studies"

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display().lower()})"

    @property
    def editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.RETURNED}

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]


def image_path(instance: CaseStudyImage, filename: str) -> str:
    # A random stored name: the uploader's file name is never used as a path.
    return f"case-studies/{instance.token}{instance.extension}"


class CaseStudyImage(models.Model):
    """An image of a case study, checked and re-encoded by Pillow (no metadata kept), with its alt text."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="images")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=image_path, max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    alt_text = models.CharField(max_length=ALT_TEXT_MAX_LENGTH)
    caption = models.CharField(max_length=CAPTION_MAX_LENGTH, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text

    @property
    def url(self) -> str:
        return reverse("casestudies:image", args=[self.pk, self.extension.lstrip(".")])
