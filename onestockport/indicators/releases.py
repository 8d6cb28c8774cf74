"""Releases after the fact: withdrawing one (its figures taken back, the ones it replaced restored),
and what an indicator's page says of its history: when each figure was revised, and by which files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
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
    """Every release that brought this indicator figures, newest first, with what each added or revised."""
    releases = Release.objects.filter(
        Q(observations__indicator=indicator) | Q(superseded_observations__indicator=indicator)
    ).distinct()
    entries = []
    for release in releases.order_by("-imported_at"):
        revised = Observation.objects.filter(indicator=indicator, superseded_by=release).count()
        made = Observation.objects.filter(indicator=indicator, release=release).count()
        entries.append(ReleaseEntry(release=release, added=max(made - revised, 0), revised=revised))
    return entries


def revised_on(indicator: Indicator) -> dict[int, dt.datetime]:
    """Current figure id -> when it was revised, for the figures that replaced an earlier value."""
    replaced = Observation.objects.filter(indicator=indicator, superseded_by__isnull=False).values_list(
        "area_id", "period_label", "sex", "age", "category_type", "category", "superseded_by_id"
    )
    revising = set(replaced)  # (area, period, breakdown..., the release that revised it)
    marks = {}
    current = Observation.objects.filter(indicator=indicator, is_current=True).select_related("release")
    for obs in current:
        key = (obs.area_id, obs.period_label, obs.sex, obs.age, obs.category_type, obs.category, obs.release_id)
        if key in revising:
            marks[obs.pk] = obs.release.imported_at
    return marks
