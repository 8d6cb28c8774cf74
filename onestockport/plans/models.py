"""The plan as data: one row per part of the plan, keyed by stable slugs and numbers."""

from __future__ import annotations

from django.db import models


class Plan(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=100)
    status = models.CharField(max_length=100)
    period_end = models.PositiveIntegerField()
    source = models.CharField(max_length=300)
    introduction = models.JSONField(default=list, help_text="Paragraphs of the introduction.")
    sections = models.JSONField(default=list, help_text="Narrative sections: slug, heading, paragraphs, bullets.")
    vision = models.JSONField(default=dict)
    engagement = models.JSONField(default=dict)
    geography = models.JSONField(default=dict)
    achievements = models.JSONField(default=list)
    facts = models.JSONField(default=list, help_text="'Here's what we already know' facts with their figures.")
    positive_changes = models.JSONField(default=list)
    loaded_at = models.DateTimeField(auto_now=True)
    source_checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the plan file last loaded.")
    place_settings = models.JSONField(
        default=dict, blank=True, help_text="The plan file's `place` section: site name, place, code and kind."
    )
    stage = models.CharField(max_length=20, blank=True, help_text="draft, consultation, adopted or refreshed.")
    source_url = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.title


class PlanChild(models.Model):
    """Common shape: every part belongs to a plan and keeps the plan file's order."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]


class Value(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="values")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    statement = models.TextField()

    class Meta(PlanChild.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="value_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Theme(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    tagline = models.TextField(blank=True)
    why = models.TextField(blank=True)

    class Meta(PlanChild.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="theme_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Partner(PlanChild):
    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        NHS = "nhs", "NHS"
        POLICE = "police", "Police"
        FIRE_AND_RESCUE = "fire-and-rescue", "Fire and rescue"
        HOUSING = "housing", "Housing"
        EDUCATION = "education", "Education"
        VOLUNTARY_SECTOR = "voluntary-sector", "Voluntary, community, faith and social enterprise"
        BUSINESS = "business", "Business"
        CENTRAL_GOVERNMENT = "central-government", "Central government"
        PARTNERSHIP_BOARD = "partnership-board", "Partnership board"
        REGENERATION = "regeneration", "Regeneration"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)

    class Meta(PlanChild.Meta):
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="partner_slug_unique")]

    def __str__(self) -> str:
        return self.name


class DeliveryBody(PlanChild):
    """A board, partnership or strategy through which priorities are delivered."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        PARTNERSHIP = "partnership", "Partnership"
        STRATEGY = "strategy", "Strategy"
        PROGRAMME = "programme", "Programme"
        PLAN = "plan", "Plan"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="delivery_bodies")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta(PlanChild.Meta):
        verbose_name_plural = "delivery bodies"
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="delivery_body_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Priority(PlanChild):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="priorities")
    slug = models.SlugField(max_length=80)
    number = models.PositiveIntegerField(null=True, blank=True, help_text="The plan's own number, where it has one.")
    name = models.CharField(max_length=400, help_text="Some plans' priorities are whole sentences.")
    ambition = models.TextField(blank=True)
    introduction = models.JSONField(default=list, help_text="Paragraphs.")
    highlights = models.JSONField(default=list, blank=True)
    case_studies = models.JSONField(default=list, blank=True, help_text="Case-study titles the draft lists.")
    what_we_heard = models.JSONField(default=list, help_text="Evidence bullets: text, sub_items, source.")
    delivered_through = models.TextField(blank=True)
    delivery_links = models.JSONField(default=list, blank=True)
    delivery_bodies = models.ManyToManyField(DeliveryBody, related_name="priorities", blank=True)
    footnotes = models.JSONField(default=list, blank=True)

    class Meta(PlanChild.Meta):
        verbose_name_plural = "priorities"
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="priority_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="**Bold** marks the plan's emphasis.")
    sub_items = models.JSONField(default=list, blank=True)
    # Who delivers the action. The draft assigns none; the performance team assigns them,
    # or a plan file may name them (then the file wins on each load).
    lead_partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_actions"
    )
    contributing_partners = models.ManyToManyField(Partner, blank=True, related_name="contributed_actions")
    # Delivery ownership, kept by the performance team (onestockport.delivery); the plan file sets none of
    # these, so a reload leaves them alone. An empty delivery body means "the priority's bodies".
    delivery_body = models.ForeignKey(
        DeliveryBody, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    contact_role = models.CharField(
        max_length=200, blank=True, help_text="The named role to contact, e.g. 'Head of Skills, the council'."
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["priority__position", "number"]
        constraints = [models.UniqueConstraint(fields=["priority", "number"], name="action_number_unique")]

    def __str__(self) -> str:
        return f"{self.priority.name}: action {self.number}"


class Commitment(models.Model):
    """A dated promise inside an action; `due` is the last day of the stated period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveIntegerField(default=0)
    what = models.CharField(max_length=300)
    quantity = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=60, blank=True)
    by = models.CharField(max_length=10, help_text="As precise as the plan: YYYY, YYYY-MM or YYYY-MM-DD.")
    due = models.DateField()
    wording = models.TextField()

    class Meta:
        ordering = ["action", "position"]
        constraints = [models.UniqueConstraint(fields=["action", "position"], name="commitment_position_unique")]

    def __str__(self) -> str:
        return f"{self.what} by {self.by}"


class Measure(models.Model):
    """A 'how we will measure success' line of a priority."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="measures")
    position = models.PositiveIntegerField(default=0)
    slug = models.SlugField(max_length=80)
    text = models.TextField()

    class Meta:
        ordering = ["priority__position", "position"]
        constraints = [models.UniqueConstraint(fields=["priority", "slug"], name="measure_slug_unique")]

    def __str__(self) -> str:
        return self.text
