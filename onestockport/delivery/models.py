"""Delivery tracking: who belongs to which partner, milestones, quarterly updates and their evidence.

Every model here, and the plan's Action (ownership fields), keeps a full history through
django-simple-history: who changed what, and when.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords

from onestockport.plans.models import Action, Commitment, Partner

NARRATIVE_MAX_LENGTH = 2000
EVIDENCE_LINKS_MAX = 5
EVIDENCE_FILES_MAX = 10

# The plan's actions live in the plans app; their history tables live here, with delivery.
register(Action, app="onestockport.delivery", m2m_fields=["contributing_partners"])


class Membership(models.Model):
    """A partner user's organisation: partner editors and partner leads belong to exactly one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_membership")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.partner})"


class Status(models.TextChoices):
    """An action's delivery status; each is defined in words on the public /statuses/ page."""

    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    OFF_TRACK = "off-track", "Off track"
    COMPLETE = "complete", "Complete"


class Milestone(models.Model):
    """A dated step of an action. A milestone made from one of the plan's dated commitments keeps the
    plan's wording and date; only its completion is recorded here."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    commitment = models.OneToOneField(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="milestone"
    )
    title = models.CharField(max_length=300)
    due = models.DateField()
    done = models.DateField(null=True, blank=True)
    evidence_url = models.URLField(max_length=500, blank=True)
    # Partners' completions go public once the performance team has approved an update that covers them.
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return f"{self.title} (due {self.due:%d %B %Y})"


class Update(models.Model):
    """One action's report for one reporting period: draft → submitted → approved (public) or returned."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned for changes"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.CharField(max_length=10, help_text="Reporting period label, e.g. 2026-Q3.")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    narrative = models.TextField(max_length=NARRATIVE_MAX_LENGTH)
    evidence_links = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # Optimistic concurrency: every save compares and increments it, so no edit silently overwrites another.
    version = models.PositiveIntegerField(default=1)
    review_comment = models.TextField(blank=True, max_length=NARRATIVE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "action"]
        constraints = [models.UniqueConstraint(fields=["action", "period"], name="update_one_per_period")]

    def __str__(self) -> str:
        return f"{self.action}: {self.period} ({self.get_state_display().lower()})"

    @property
    def editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.RETURNED}


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # The stored name is random: the uploader's name is kept in original_name, never used as a path.
    return f"evidence/{instance.token}{instance.extension}"


class EvidenceFile(models.Model):
    """A file attached to an update; always served as a download, never inline."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="files")
    token = models.CharField(max_length=32, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class NotificationPreference(models.Model):
    """How a staff user hears about submitted, returned and approved updates: each email as it happens
    (the default, with no row), or one weekly digest (notifications.send_due_digests)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_notification_preference"
    )
    digest = models.BooleanField(default=False)
    # When the last digest went out: the next covers what happened since, and is due a week after it.
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {'weekly digest' if self.digest else 'each email'}"
