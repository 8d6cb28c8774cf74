"""The data upload form: a file and, optionally, its format (detected when not chosen)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from .importers.registry import IMPORTERS


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Data file",
        help_text="A publisher's file as downloaded (CSV, or Parquet for DfE LAIT), or the tidy template filled in.",
        error_messages={"required": "Choose the file to upload", "empty": "The file is empty"},
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        help_text="Leave as it is to have it worked out from the file's columns.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Work it out from the file")]
        choices += [(name, f"{importer.description} ({name})") for name, importer in sorted(IMPORTERS.items())]
        self.fields["format"].choices = choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ONESTOCKPORT_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the largest the browser takes is "
                f"{limit / 1_048_576:.0f} MB (use `onestockport data import --background` for larger files)"
            )
        return upload


class DraftConfirmForm(forms.Form):
    """What a file cannot say about its indicator: which way is better, and which measures it serves."""

    polarity = forms.ChoiceField(
        label="Which way is better?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which way is better, or that no judgement is made"},
    )
    measures = forms.MultipleChoiceField(
        label="The plan's measures it serves",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one of the plan's measures"},
    )
    match = forms.ChoiceField(
        label="How well it serves them",
        widget=forms.RadioSelect,
        choices=[
            ("direct", "Directly: it measures what the plan says"),
            ("partial", "In part: one side of it, or a proxy"),
            ("context", "Background only"),
        ],
        initial="partial",
    )

    def __init__(self, *args, plan, **kwargs) -> None:
        from onestockport.plans.models import Measure

        from .models import Indicator

        super().__init__(*args, **kwargs)
        self.fields["polarity"].choices = Indicator.Polarity.choices
        measures = (
            Measure.objects.filter(priority__plan=plan)
            .select_related("priority")
            .order_by("priority__position", "position")
        )
        self.fields["measures"].choices = [
            (f"{m.priority.slug}/{m.slug}", f"{m.priority.name}: {m.text}") for m in measures
        ]
