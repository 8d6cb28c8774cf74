"""Long work run in the background: what was asked, by whom, how far it got and how it ended.

The queue itself is django-tasks' database backend (one row per queued task, in the site's own
database); a `Job` is the product's record of the work, which staff see: its progress, its outcome,
the files it made and, when it failed, why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=300, blank=True, help_text="What the job is doing now, in words.")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Empty while the amount of work is unknown.")
    summary = models.TextField(blank=True, help_text="The outcome, in words, once finished.")
    error = models.TextField(blank=True, help_text="Why it failed, as the person who started it should read it.")
    outputs = models.JSONField(default=list, blank=True, help_text="Files made: name, storage name, size, type.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The queued task's id (empty when run in place).")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))


class ReminderDate(models.Model):
    """A day on which partners are reminded of the updates still missing for a reporting period."""

    period = models.CharField(max_length=10, help_text="Reporting period label, e.g. 2026-Q3.")
    send_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["send_on", "period"]
        constraints = [models.UniqueConstraint(fields=["period", "send_on"], name="reminder_date_unique")]

    def __str__(self) -> str:
        return f"{self.period}: {self.send_on:%d %B %Y}"
