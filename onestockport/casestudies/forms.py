"""The case-study form: text, organisation, priorities and actions as checkboxes, the plan's title it
fulfils, consent, and up to NEW_IMAGE_SLOTS new images per save, each with its alt text (no JavaScript)."""

from __future__ import annotations

from django import forms

from onestockport.delivery.fields import PlainTextField
from onestockport.delivery.forms import ReturnForm, VersionedForm
from onestockport.plans.models import Action, Partner, Plan, Priority

from . import selectors
from .errors import ImageRejected
from .images import check_image
from .models import (
    ALT_TEXT_MAX_LENGTH,
    CAPTION_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    CaseStudy,
)
from .pending_images import PendingImage
from .services import CaseStudyContent, NewImage

NEW_IMAGE_SLOTS = 3

__all__ = ["NEW_IMAGE_SLOTS", "CaseStudyForm", "ReturnForm", "VersionedForm"]


def _too_long(what: str, limit: int) -> dict[str, str]:
    return {"max_length": f"The {what} must be {limit:,} characters or fewer"}


class CaseStudyForm(VersionedForm):
    title = PlainTextField(
        multiline=False,
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": "Enter a title", **_too_long("title", TITLE_MAX_LENGTH)},
    )
    summary = PlainTextField(
        max_length=SUMMARY_MAX_LENGTH,
        help_text="One or two sentences: shown with the title on the priority's page.",
        error_messages={"required": "Enter a summary", **_too_long("summary", SUMMARY_MAX_LENGTH)},
    )
    text = PlainTextField(
        label="The case study",
        max_length=TEXT_MAX_LENGTH,
        help_text="Plain text. Leave a blank line between paragraphs.",
        error_messages={"required": "Enter the case study", **_too_long("case study", TEXT_MAX_LENGTH)},
    )
    partner = forms.ModelChoiceField(
        label="Organisation",
        queryset=Partner.objects.none(),
        error_messages={"required": "Choose the organisation", "invalid_choice": "Choose the organisation"},
    )
    priorities = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label="Priorities it shows",
        help_text="Choose one or more. Choosing an action below also adds its priority.",
    )
    actions = forms.TypedMultipleChoiceField(coerce=int, required=False, label="Actions it shows (optional)")
    plan_title = forms.ChoiceField(
        required=False,
        label="The plan's case study it is (optional)",
        help_text="The plan lists case studies to come under each priority. Choose one if this is it.",
    )
    consent_recorded = forms.BooleanField(
        required=False,
        label="Everyone shown or named in the case study and its images has agreed to it being published",
        help_text="Needed before the case study is sent for review.",
    )
    consent_note = PlainTextField(
        required=False,
        label="How consent was recorded (optional)",
        max_length=COMMENT_MAX_LENGTH,
        help_text="Seen by the performance team only.",
        error_messages=_too_long("note", COMMENT_MAX_LENGTH),
    )
    remove_images = forms.TypedMultipleChoiceField(coerce=int, required=False, label="Remove images")

    def __init__(self, *args, plan: Plan, partners, case_study: CaseStudy | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        priorities = Priority.objects.filter(plan=plan).order_by("position")
        self.fields["priorities"].choices = [(p.pk, p.name) for p in priorities]
        actions = Action.objects.filter(priority__plan=plan).select_related("priority")
        self.fields["actions"].choices = [
            (a.pk, f"{a.priority.name}, action {a.number}: {a.title}")
            for a in actions.order_by("priority__position", "number")
        ]
        self.plan_title_groups = selectors.plan_title_choices(plan)
        self.fields["plan_title"].choices = [("", "None of these"), *self.plan_title_groups]
        self.existing_images = list(case_study.images.all()) if case_study else []
        self.fields["remove_images"].choices = [(image.pk, image.alt_text) for image in self.existing_images]
        for slot in range(1, NEW_IMAGE_SLOTS + 1):
            self.fields[f"image_{slot}"] = forms.FileField(
                required=False, label=f"Image {slot}", help_text="A PNG, JPEG or WebP image."
            )
            self.fields[f"image_{slot}_alt"] = PlainTextField(
                multiline=False,
                required=False,
                label=f"Alt text for image {slot}",
                max_length=ALT_TEXT_MAX_LENGTH,
                help_text="What the image shows, for people who cannot see it.",
                error_messages=_too_long("alt text", ALT_TEXT_MAX_LENGTH),
            )
            self.fields[f"image_{slot}_caption"] = PlainTextField(
                multiline=False,
                required=False,
                label=f"Caption for image {slot} (optional)",
                max_length=CAPTION_MAX_LENGTH,
                error_messages=_too_long("caption", CAPTION_MAX_LENGTH),
            )

    def image_slots(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField, PendingImage | None]]:
        """Each new-image slot's fields, and the image waiting in it from an earlier try, if any."""
        waiting = getattr(self, "waiting_images", {})
        return [
            (self[f"image_{slot}"], self[f"image_{slot}_alt"], self[f"image_{slot}_caption"], waiting.get(slot))
            for slot in range(1, NEW_IMAGE_SLOTS + 1)
        ]

    def valid_new_uploads(self) -> dict[int, object]:
        """After a failed validation: the slots' newly chosen files that passed their own checks (to keep)."""
        return {
            slot: self.files[f"image_{slot}"]
            for slot in range(1, NEW_IMAGE_SLOTS + 1)
            if f"image_{slot}" in self.files and f"image_{slot}" not in self.errors
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        for slot in range(1, NEW_IMAGE_SLOTS + 1):
            upload, alt = cleaned.get(f"image_{slot}"), cleaned.get(f"image_{slot}_alt")
            if upload and not alt:
                self.add_error(f"image_{slot}_alt", f"Enter alt text for image {slot}: say what it shows")
            elif alt and not upload and f"image_{slot}" not in self.errors:
                self.add_error(f"image_{slot}", f"Choose image {slot}, or leave its alt text empty")
            if upload:
                try:
                    check_image(upload, subject=f"Image {slot}")
                except ImageRejected as exc:
                    self.add_error(f"image_{slot}", str(exc))
        if not cleaned.get("priorities") and not cleaned.get("actions") and "priorities" not in self.errors:
            self.add_error("priorities", "Choose at least one priority the case study shows")
        return cleaned

    def content(self) -> CaseStudyContent:
        data = self.cleaned_data
        return CaseStudyContent(
            title=data["title"],
            summary=data["summary"],
            text=data["text"],
            partner_id=data["partner"].pk,
            priority_ids=tuple(data["priorities"]),
            action_ids=tuple(data["actions"]),
            plan_title=data["plan_title"],
            consent_recorded=data["consent_recorded"],
            consent_note=data["consent_note"],
        )

    def new_images(self) -> list[NewImage]:
        data = self.cleaned_data
        return [
            NewImage(data[f"image_{slot}"], data[f"image_{slot}_alt"], data[f"image_{slot}_caption"])
            for slot in range(1, NEW_IMAGE_SLOTS + 1)
            if data.get(f"image_{slot}")
        ]

    @staticmethod
    def initial_from(case_study: CaseStudy) -> dict:
        return {
            "version": case_study.version,
            "title": case_study.title,
            "summary": case_study.summary,
            "text": case_study.text,
            "partner": case_study.partner_id,
            "priorities": [p.pk for p in case_study.priorities.all()],
            "actions": [a.pk for a in case_study.actions.all()],
            "plan_title": case_study.plan_title,
            "consent_recorded": case_study.consent_recorded,
            "consent_note": case_study.consent_note,
        }
