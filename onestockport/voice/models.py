"""What residents told us: engagements, their questions, respondents, responses, priority tags and quotes.

Privacy by construction: a respondent's identifier from the source system is kept only as a keyed
hash (HMAC-SHA256 with settings.VOICE_HASH_KEY); names, emails and other direct identifiers in an
export are dropped by the mapping file before anything is stored; response text is never shown in
public except as an approved, consented and redacted quote, and public counts pass disclosure control.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from onestockport.plans.models import Action, Plan, Priority

from .demographics import FIELDS


def _choices(field: str) -> list[tuple[str, str]]:
    return list(FIELDS[field].choices)


class Engagement(models.Model):
    """A survey, forum or consultation: one import target, with what the public may read about it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="engagements")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    channels = models.JSONField(default=list, blank=True, help_text="How people took part, e.g. online survey.")
    source_format = models.CharField(max_length=80, blank=True, help_text="The mapping the last import used.")
    source_file = models.CharField(max_length=300, blank=True, help_text="Name of the file last imported.")
    source_checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file last imported.")
    published = models.BooleanField(default=True, help_text="Show this engagement's summary on the public site.")
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [models.UniqueConstraint(fields=["plan", "slug"], name="engagement_slug_unique")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Free text"
        CHOICE = "choice", "Choice"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=80)
    text = models.TextField(help_text="The question as asked.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "position"]
        constraints = [models.UniqueConstraint(fields=["engagement", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text


class Respondent(models.Model):
    """One person's submission. Every demographic is optional; blank means not stated."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="respondents")
    source_id_hash = models.CharField(
        max_length=64, blank=True, help_text="HMAC-SHA256 of the source system's respondent identifier."
    )
    row = models.PositiveIntegerField(help_text="Row of the imported file (for officers tracing a problem).")
    submitted_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=80, blank=True)
    age_band = models.CharField(max_length=20, blank=True, choices=_choices("age_band"))
    ward = models.CharField(max_length=100, blank=True, help_text="Ward name as the product knows it.")
    ward_code = models.CharField(max_length=9, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, help_text="Outward code only, e.g. SK4.")
    sex = models.CharField(max_length=20, blank=True, choices=_choices("sex"))
    ethnic_group = models.CharField(max_length=20, blank=True, choices=_choices("ethnic_group"))
    disability = models.CharField(max_length=20, blank=True, choices=_choices("disability"))
    carer = models.CharField(max_length=20, blank=True, choices=_choices("carer"))
    lgbtq = models.CharField("LGBTQ+", max_length=20, blank=True, choices=_choices("lgbtq"))
    care_leaver = models.CharField(max_length=20, blank=True, choices=_choices("care_leaver"))
    veteran = models.CharField(max_length=20, blank=True, choices=_choices("veteran"))
    consent_to_quote = models.BooleanField(default=False, help_text="The respondent agreed to be quoted.")

    class Meta:
        ordering = ["engagement", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "source_id_hash"],
                condition=~models.Q(source_id_hash=""),
                name="respondent_source_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Respondent {self.pk} ({self.engagement})"


class Response(models.Model):
    """One answer: free text (tagged to priorities) or a choice."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(blank=True, help_text="As written: never published without redaction.")
    choice = models.CharField(max_length=300, blank=True)
    # The embedding the tagger last computed, kept so that confirmed tags teach later tagging
    # without re-encoding (float32 bytes; `embedding_model` says which engine made it).
    embedding = models.BinaryField(null=True, blank=True, editable=False)
    embedding_model = models.CharField(max_length=80, blank=True, editable=False)
    tagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["respondent", "question__position"]
        constraints = [models.UniqueConstraint(fields=["respondent", "question"], name="response_question_unique")]

    def __str__(self) -> str:
        return f"{self.question.key}: {(self.text or self.choice)[:60]}"


class PriorityTag(models.Model):
    """A priority a response speaks to: suggested by the model (with its score) or by a person."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested by the model"
        CONFIRMED = "confirmed", "Confirmed by an officer"
        REJECTED = "rejected", "Rejected by an officer"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="tags")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="voice_tags")
    score = models.FloatField(null=True, blank=True, help_text="The model's score (cosine-based); blank if added.")
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-3 among the model's suggestions.")
    model_name = models.CharField(max_length=80, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["response", "rank"]
        constraints = [models.UniqueConstraint(fields=["response", "priority"], name="priority_tag_unique")]

    def __str__(self) -> str:
        return f"{self.priority.slug} ({self.get_status_display()})"

    @property
    def confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED


class Quote(models.Model):
    """An excerpt of a response that may be published once consent is recorded and an officer approves it."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="quotes")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="voice_quotes")
    text = models.TextField(help_text="The excerpt to publish; redacted again whenever it is shown.")
    consent_recorded = models.BooleanField(default=False, help_text="The respondent agreed to be quoted.")
    consent_note = models.CharField(max_length=300, blank=True, help_text="Where the consent is recorded.")
    approved = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # Approved although the checks said "personal data remains" or "edit first": why, by whom, when.
    override_reason = models.TextField(blank=True, help_text="Why the officer approved it despite the checks.")
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    actions = models.ManyToManyField(
        Action, blank=True, related_name="voice_quotes", help_text="Actions that answer it (you said, we did)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["priority__position", "-approved_at", "pk"]

    def __str__(self) -> str:
        return f"“{self.text[:60]}”"


class ActionLink(models.Model):
    """You said, we did: a tagged response linked to an action of the plan that answers it."""

    class Source(models.TextChoices):
        MODEL = "model", "Suggested by the model"
        PERSON = "person", "Linked by an officer"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="action_links")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="voice_links")
    score = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MODEL)

    class Meta:
        ordering = ["action", "-score"]
        constraints = [models.UniqueConstraint(fields=["response", "action"], name="action_link_unique")]

    def __str__(self) -> str:
        return f"{self.response_id} -> {self.action}"


class SurveyMapping(models.Model):
    """Which column of a survey's export is which, as chosen on the engagement desk: the next upload starts from it.

    `document` holds what a mapping YAML file holds (name, platform, engagement, columns), so
    importers.mapping.Mapping is built from it and the import reads the file exactly as `voice import` does.
    """

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="survey_mapping")
    document = models.JSONField(default=dict, help_text="The mapping, in the structure of a mapping YAML file.")
    based_on = models.CharField(max_length=80, blank=True, help_text="The preset it started from, if any.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Column mapping of {self.engagement}"

    def as_mapping(self):
        from .importers.mapping import Mapping

        return Mapping.model_validate(self.document)
