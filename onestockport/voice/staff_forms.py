"""What engagement officers type on the review desk; review.py and services.py decide and write."""

from __future__ import annotations

from django import forms

from onestockport.plans.models import Plan, Priority

from .models import Engagement, PriorityTag
from .review import UNTAGGED, DeskFilters
from .services import MIN_OVERRIDE_REASON

STATUS_CHOICES = [
    ("", "Any"),
    (UNTAGGED, "Untagged"),
    (PriorityTag.Status.SUGGESTED, "Suggested, to review"),
    (PriorityTag.Status.CONFIRMED, "Confirmed"),
    (PriorityTag.Status.REJECTED, "Rejected"),
]


def _priorities(plan: Plan):
    return Priority.objects.filter(plan=plan).order_by("position")


class DeskFilterForm(forms.Form):
    """The desk's GET form: every field optional, so the page works from a bare address."""

    priority = forms.ChoiceField(label="Priority", required=False)
    score = forms.FloatField(
        label="Score at least",
        required=False,
        min_value=0,
        max_value=1,
        help_text="From 0 to 1, for example 0.6",
        error_messages={
            "invalid": "Enter the score as a number from 0 to 1, for example 0.6",
            "min_value": "Enter a score from 0 to 1",
            "max_value": "Enter a score from 0 to 1",
        },
    )
    ward = forms.ChoiceField(label="Ward", required=False)
    status = forms.ChoiceField(label="Tag status", required=False, choices=STATUS_CHOICES)
    engagement = forms.ChoiceField(label="Engagement", required=False)

    def __init__(self, *args, plan: Plan, wards: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [("", "Any")] + [(p.slug, p.name) for p in _priorities(plan)]
        self.fields["ward"].choices = [("", "Any")] + [(ward, ward) for ward in wards]
        engagements = Engagement.objects.filter(plan=plan).order_by("name")
        self.fields["engagement"].choices = [("", "Any")] + [(e.slug, e.name) for e in engagements]

    def filters(self) -> DeskFilters:
        data = self.cleaned_data
        return DeskFilters(
            priority=data["priority"],
            min_score=data["score"],
            ward=data["ward"],
            status=data["status"],
            engagement=data["engagement"],
        )


def _priority_field(label: str) -> forms.ModelChoiceField:
    """A list of the plan's priorities (the form sets the queryset for its plan)."""
    return forms.ModelChoiceField(
        label=label,
        queryset=Priority.objects.none(),
        empty_label="Choose a priority",
        error_messages={"required": "Choose a priority", "invalid_choice": "Choose one of the plan's priorities"},
    )


class AddPriorityForm(forms.Form):
    priority = _priority_field("Add a priority")

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = _priorities(plan)


class QuoteForm(forms.Form):
    text = forms.CharField(
        label="Quote",
        widget=forms.Textarea,
        max_length=2000,
        help_text="An excerpt of the response, in the person's words. It is redacted when saved.",
        error_messages={"required": "Enter the words to quote"},
    )
    priority = _priority_field("Priority it speaks to")

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = _priorities(plan)


class OverrideForm(forms.Form):
    """Approve despite the checks: only with a reason, stored on the quote with who and when."""

    override_reason = forms.CharField(
        label="Why publish it despite the checks",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example, where the person's written agreement to be named is kept. "
        "It is recorded with your name.",
    )

    def clean_override_reason(self) -> str:
        reason = self.cleaned_data["override_reason"].strip()
        if reason and len(reason) < MIN_OVERRIDE_REASON:
            raise forms.ValidationError(
                f"Give a reason of at least {MIN_OVERRIDE_REASON} characters that someone could check later"
            )
        return reason
