"""What engagement officers choose when they upload a survey export; survey_upload.py keeps, reads and imports it."""

from __future__ import annotations

from django import forms
from django.conf import settings

from onestockport.plans.models import Plan

from .column_mapping import CHOICE_LABELS, CHOICES, SINGLE, Guess
from .models import Engagement

NEW = ""  # the engagement select's value for "a new engagement"


class SurveyUploadForm(forms.Form):
    engagement = forms.ChoiceField(
        label="Engagement",
        required=False,
        help_text="The survey these responses answer. Choose one already here to add a later export of it.",
    )
    new_name = forms.CharField(
        label="Name of the new engagement",
        required=False,
        max_length=200,
        help_text="Only for a new engagement, for example: Budget consultation 2027",
    )
    file = forms.FileField(
        label="Survey export",
        help_text="A CSV or XLSX file with a header row and one row per response, as the survey platform exports it.",
        error_messages={"required": "Choose the survey export to upload", "empty": "The file is empty"},
    )

    def __init__(self, *args, plan: Plan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        engagements = Engagement.objects.filter(plan=plan).order_by("name")
        self.fields["engagement"].choices = [(NEW, "A new engagement (name it below)")] + [
            (e.slug, e.name) for e in engagements
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = min(settings.ONESTOCKPORT_UPLOAD_MAX_BYTES, settings.ONESTOCKPORT_SURVEY_MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the largest the browser takes is "
                f"{limit / 1_048_576:.0f} MB (use `onestockport voice import` for larger files)"
            )
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("engagement") and not (data.get("new_name") or "").strip():
            self.add_error("new_name", "Enter the new engagement's name, or choose an engagement")
        return data


class ColumnsForm(forms.Form):
    """One select per column of the file: what it holds. The template lays them out as a table."""

    def __init__(self, *args, headings: list[str], guesses: list[Guess], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headings = headings
        for index, (heading, guess) in enumerate(zip(headings, guesses, strict=True)):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=heading or f"Column {index + 1}",
                choices=CHOICES,
                initial=guess.choice,
                error_messages={"invalid_choice": "Choose what this column holds from the list"},
            )

    def choices(self) -> list[str]:
        return [self.cleaned_data[f"column_{index}"] for index in range(len(self.headings))]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        chosen = self.choices()
        if chosen.count("respondent_id") != 1:
            self.add_error(
                None,
                "Choose exactly one column as the respondent identifier: a later export is matched on it",
            )
        if not any(choice.startswith("question:") for choice in chosen):
            self.add_error(None, "Choose at least one column as a question: there would be nothing to import")
        for choice in sorted(SINGLE - {"respondent_id"}):
            columns = [self.headings[i] for i, c in enumerate(chosen) if c == choice]
            if len(columns) > 1:
                self.add_error(
                    None,
                    f"Only one column can be {CHOICE_LABELS[choice]}; chosen for: {', '.join(columns)}",
                )
        return data
