"""Releases after the fact: withdrawing one (its figures taken back, the ones it replaced restored),
and what an indicator's page says of its history: when each figure was revised, and by which files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from onestockport.errors import OneStockportError

from .models import Indicator, Observation, Release


class WithdrawRefused(OneStockportError):
    """A release cannot be withdrawn as things stand (said why)."""


@dataclass(frozen=True)
class WithdrawReport:
    release: Release
    taken_back: int  # figures of this release no longer current
    restored: int  # figures it had replaced, current again

    def summary(self) -> str:
        return (
            f"{self.release.file_name} withdrawn: {self.taken_back} figure(s) taken back, "
            f"{self.restored} earlier figure(s) restored"
        )


def withdraw_release(release: Release, *, by=None) -> WithdrawReport:
    """Take back a release's figures and make current again the ones it replaced, in one transaction.

    Its figures stay in the history, marked as from a withdrawn release. Refused when a later release
    has revised any of its figures (withdraw that one first), or when it was withdrawn already.
    """
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.withdrawn_at is not None:
            raise WithdrawRefused(f"{release.file_name} was withdrawn on {release.withdrawn_at:%d %B %Y}")
        later = (
            Observation.objects.filter(release=release, is_current=False, superseded_by__isnull=False)
            .exclude(superseded_by=release)
            .select_related("superseded_by")
            .first()
        )
        if later is not None:
            raise WithdrawRefused(
                f"a later release, {later.superseded_by.file_name}, revised figures of this one: withdraw it first"
            )
        taken_back = Observation.objects.filter(release=release, is_current=True).update(is_current=False)
        # `superseded_by` stays: the record that this release once replaced them.
        restored = Observation.objects.filter(superseded_by=release, is_current=False).update(is_current=True)
        release.withdrawn_at = timezone.now()
        release.withdrawn_by = by if getattr(by, "is_authenticated", False) else None
        release.indicators = []  # so the same file can be imported again, as a new decision
        release.save(update_fields=["withdrawn_at", "withdrawn_by", "indicators"])
    return WithdrawReport(release=release, taken_back=taken_back, restored=restored)


@dataclass(frozen=True)
class ReleaseEntry:
    release: Release
    added: int
    revised: int


def indicator_history(indicator: Indicator) -> list[ReleaseEntry]:
    """Every release that brought this indicator figures, newest first, with what each added or revised
    (three queries, however many releases)."""
    figures = Observation.objects.filter(indicator=indicator)
    # Figures a withdrawal took back stay on record; once their release is imported again, its new
    # figures count instead of them.
    taken_back = Q(is_current=False, superseded_by__isnull=True, release__withdrawn_at__isnull=True)
    made = dict(figures.exclude(taken_back).values_list("release").annotate(count=Count("pk")))
    revised = dict(figures.filter(superseded_by__isnull=False).values_list("superseded_by").annotate(count=Count("pk")))
    releases = Release.objects.filter(pk__in={*made, *revised}).order_by("-imported_at")
    return [
        ReleaseEntry(
            release=release,
            added=max(made.get(release.pk, 0) - revised.get(release.pk, 0), 0),
            revised=revised.get(release.pk, 0),
        )
        for release in releases
    ]


def mark_revisions(observations: list[Observation]) -> None:
    """Set `revised_on` on each of these current figures: the date of the release that revised it, or None.

    One query, for the figures a page shows (not every figure the indicator has)."""
    if not observations:
        return
    rows = Observation.objects.filter(
        indicator_id=observations[0].indicator_id,
        area_id__in={obs.area_id for obs in observations},
        superseded_by__isnull=False,
    ).values_list(
        "area_id",
        "period_label",
        "sex",
        "age",
        "category_type",
        "category",
        "superseded_by_id",
        "superseded_by__imported_at",
    )
    revised_at = {row[:7]: row[7] for row in rows}  # (figure's key, the revising release) -> when
    for obs in observations:
        key = (obs.area_id, obs.period_label, obs.sex, obs.age, obs.category_type, obs.category, obs.release_id)
        obs.revised_on = revised_at.get(key)
