"""What staff type to start a job or set a reminder date; the services decide and write."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from onestockport.delivery.fields import GovukDateField
from onestockport.export.scope import LinkStyle


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(
        label="Year of the report",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Enter the year of the report",
            "invalid": "Enter the year as four digits, for example 2026",
            "min_value": "Enter a year from 2000 to 2100",
            "max_value": "Enter a year from 2000 to 2100",
        },
    )


class StaticExportForm(forms.Form):
    link_style = forms.ChoiceField(
        label="Links",
        choices=[
            (LinkStyle.DIRECTORY.value, "For a web host (links to folders)"),
            (LinkStyle.FILE.value, "For opening from a disk or USB stick (links to index.html files)"),
        ],
        widget=forms.RadioSelect,
        initial=LinkStyle.DIRECTORY.value,
    )


class TaggingForm(forms.Form):
    retag = forms.BooleanField(label="Also tag again the responses the model has already tagged", required=False)


class ReminderDateForm(forms.Form):
    period = forms.CharField(label="Reporting period", max_length=10, help_text="For example, 2026-Q3")
    send_on = GovukDateField(
        label="Send the reminders on", subject="Day to send the reminders", help_text="For example, 7 1 2027"
    )

    def clean_period(self):
        from onestockport.delivery.errors import InvalidPeriod
        from onestockport.delivery.selectors import get_period

        try:
            return get_period(self.cleaned_data["period"]).label
        except InvalidPeriod as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_send_on(self) -> dt.date:
        day = self.cleaned_data["send_on"]
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError("Choose today or a day in the future")
        return day
