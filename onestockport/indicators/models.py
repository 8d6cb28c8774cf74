"""Indicators that back the plan's measures, and the official observations behind them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onestockport.places.models import Area
from onestockport.plans.models import Measure, Plan


class PublicIndicatorManager(models.Manager["Indicator"]):
    """Indicators the public may see: every one but drafts.

    The default manager, so that every listing, related manager (`plan.indicators`,
    `measure.indicators`) and lookup by slug leaves drafts out unless it asks `all_objects`.
    """

    def get_queryset(self) -> models.QuerySet[Indicator]:
        return super().get_queryset().exclude(status=Indicator.Status.DRAFT)


class AllIndicatorManager(models.Manager["Indicator"]):
    """Every indicator, drafts included: for imports, staff review and the catalogue loader."""


class Indicator(models.Model):
    """A named, published statistic (or a gap where local data is needed) serving one or more measures.

    A draft is an indicator created from an imported file's own metadata (see `drafts.py`): hidden from
    every public page, the API, open data and the static export until staff confirm its polarity and
    measures and publish it.
    """

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher-is-better", "Higher is better"
        LOWER_IS_BETTER = "lower-is-better", "Lower is better"
        NO_JUDGEMENT = "no-judgement", "No judgement"

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published data"
        LOCAL_DATA_NEEDED = "local-data-needed", "Local data needed"
        DRAFT = "draft", "Draft: awaiting staff review"

    class Origin(models.TextChoices):
        CATALOGUE = "catalogue", "The plan's indicator catalogue"
        FILE = "file", "Created from an imported file"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=100, blank=True)
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.NO_JUDGEMENT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    data_needed = models.TextField(blank=True, help_text="For local-data-needed: what data would serve the measure.")
    publisher = models.CharField(max_length=200, blank=True)
    dataset = models.CharField(max_length=300, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    frequency = models.CharField(max_length=50, blank=True)
    geographies = models.JSONField(default=list, blank=True)
    source = models.JSONField(default=dict, blank=True, help_text="File, format and row selectors.")
    caveats = models.TextField(blank=True)
    target = models.JSONField(default=dict, blank=True, help_text="Dated target: value, year, basis.")
    measures = models.ManyToManyField(Measure, related_name="indicators", blank=True)
    match = models.JSONField(
        default=dict, blank=True, help_text="How well it serves each measure: direct, partial or context."
    )
    position = models.PositiveIntegerField(default=0)
    # Reloading the catalogue replaces catalogue indicators only; ones made from files are staff's.
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.CATALOGUE)
    confirmed_by = models.CharField(max_length=150, blank=True, help_text="Who published a draft.")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = PublicIndicatorManager()
    all_objects = AllIndicatorManager()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="indicator_slug_unique")]

    def __str__(self) -> str:
        return self.title


class ComparatorGroup(models.Model):
    """Areas a plan's place is compared with (England, region, neighbours)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comparator_groups")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    areas = models.ManyToManyField(Area, related_name="comparator_groups")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="comparator_group_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """One imported file: what it was, its checksum, when it was imported."""

    format = models.CharField(max_length=50)
    file_name = models.CharField(max_length=300)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes.")
    publisher = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    rows_read = models.PositiveIntegerField(default=0)
    observations_added = models.PositiveIntegerField(default=0)
    observations_revised = models.PositiveIntegerField(default=0)
    indicators = models.JSONField(default=list, help_text="Slugs of the indicators this file was imported into.")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Withdrawn: its figures were taken back.")
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at"]
        constraints = [models.UniqueConstraint(fields=["format", "checksum"], name="release_checksum_unique")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.checksum[:12]})"


class Upload(models.Model):
    """A publisher's file uploaded in the browser: checked in full, previewed, then published or discarded."""

    class State(models.TextChoices):
        CHECKING = "checking", "Being checked"
        READY = "ready", "Ready to publish"
        REFUSED = "refused", "Refused: problems in the file"
        PUBLISHED = "published", "Published"
        DISCARDED = "discarded", "Discarded"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="uploads")
    file = models.CharField(max_length=300, help_text="Where the file is kept in the default storage.")
    file_name = models.CharField(max_length=300)
    format = models.CharField(max_length=50)
    detected = models.BooleanField(default=False, help_text="The format was detected, not chosen.")
    checksum = models.CharField(max_length=64)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CHECKING)
    preview = models.JSONField(default=dict, blank=True, help_text="What publishing would change, or the problems.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    release = models.ForeignKey(Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads")

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display().lower()})"


class ObservationQuerySet(models.QuerySet["Observation"]):
    def public(self) -> ObservationQuerySet:
        """Figures the public may see: those of indicators that are not drafts."""
        return self.exclude(indicator__status=Indicator.Status.DRAFT)


class Observation(models.Model):
    """One value for an indicator, area, period and breakdown, as one release published it.

    A later release that revises a figure adds a new current row and marks this one superseded
    (`is_current` false, `superseded_by` that release), so the history of every figure is kept.
    """

    class PeriodKind(models.TextChoices):
        YEAR = "year", "Calendar year"
        FINANCIAL_YEAR = "financial_year", "Financial year"
        ACADEMIC_YEAR = "academic_year", "Academic year"
        QUARTER = "quarter", "Quarter"
        MONTH = "month", "Month"
        RANGE = "range", "Multi-year range"
        DATE = "date", "Date"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="observations")
    period_label = models.CharField(max_length=40)
    period_start = models.DateField()
    period_end = models.DateField()
    period_kind = models.CharField(max_length=20, choices=PeriodKind.choices)
    sex = models.CharField(max_length=40, blank=True, default="")
    age = models.CharField(max_length=60, blank=True, default="")
    category_type = models.CharField(max_length=200, blank=True, default="")
    category = models.CharField(max_length=200, blank=True, default="")
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    lower_998 = models.FloatField(null=True, blank=True)
    upper_998 = models.FloatField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    missing_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the value is missing or suppressed, as the publisher says."
    )
    note = models.CharField(max_length=500, blank=True)
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="observations")
    is_current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_observations",
        help_text="The release that revised this figure.",
    )

    objects = ObservationQuerySet.as_manager()

    class Meta:
        # A total order (the current-figure constraint's fields): PostgreSQL returns ties in any order,
        # and the CSVs, open data and static export must come out the same each time.
        ordering = [
            *("indicator", "area", "period_start", "period_label"),
            *("sex", "age", "category_type", "category", "pk"),
        ]
        indexes = [models.Index(fields=["indicator", "area", "period_start"])]
        constraints = [
            # One current figure per indicator, area, period and breakdown; superseded ones are history.
            models.UniqueConstraint(
                fields=["indicator", "area", "period_label", "sex", "age", "category_type", "category"],
                condition=models.Q(is_current=True),
                name="observation_current_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.slug} {self.area.code} {self.period_label}: {self.value}"

    @property
    def breakdown(self) -> str:
        parts = [part for part in (self.sex, self.age, self.category) if part]
        return "; ".join(parts)
