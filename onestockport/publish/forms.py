"""The actions page's search and filter form (plain GET, so it works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms

from onestockport.delivery import outcomes
from onestockport.plans.models import DeliveryBody, Partner, Plan, Priority, Theme
from onestockport.plans.selectors import ActionFilters


class ActionSearchForm(forms.Form):
    q = forms.CharField(label="Search actions", required=False, max_length=200)
    theme = forms.ChoiceField(label="Theme", required=False)
    priority = forms.ChoiceField(label="Priority", required=False)
    partner = forms.ChoiceField(label="Partner", required=False)
    body = forms.ChoiceField(label="Delivered through", required=False)
    status = forms.ChoiceField(label="Delivery status", required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", "Any")]
        self.fields["theme"].choices = any_choice + [(t.slug, t.name) for t in Theme.objects.filter(plan=plan)]
        self.fields["priority"].choices = any_choice + [(p.slug, p.name) for p in Priority.objects.filter(plan=plan)]
        self.fields["partner"].choices = any_choice + [(p.slug, p.name) for p in Partner.objects.filter(plan=plan)]
        self.fields["body"].choices = any_choice + [(b.slug, b.name) for b in DeliveryBody.objects.filter(plan=plan)]
        self.fields["status"].choices = any_choice + outcomes.status_choices()

    def filters(self) -> ActionFilters:
        """The filters to apply; a value that is not a valid choice is ignored and reported on the form."""
        cleaned: dict[str, str] = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data, errors for the rest
            cleaned = self.cleaned_data
        return ActionFilters(
            query=cleaned.get("q", ""),
            theme=cleaned.get("theme", ""),
            priority=cleaned.get("priority", ""),
            partner=cleaned.get("partner", ""),
            body=cleaned.get("body", ""),
        )

    def wanted_status(self) -> str:
        """The delivery status asked for ('' for any); applied after the search, as statuses live in delivery."""
        if not self.is_bound:
            return ""
        self.is_valid()  # cached: the same cleaned data as filters()
        return self.cleaned_data.get("status", "")


class MeasuresForm(forms.Form):
    """The overview table's filters and order (/measures/); plain GET, so it works without JavaScript."""

    priority = forms.ChoiceField(label="Priority", required=False)
    filter = forms.ChoiceField(label="Show", required=False)
    sort = forms.ChoiceField(label="Order", required=False)

    def __init__(self, *args: Any, plan: Plan, country: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [("", "All priorities")] + [
            (p.slug, p.name) for p in Priority.objects.filter(plan=plan)
        ]
        self.fields["filter"].choices = [
            ("", "Every figure"),
            ("worse-than-england", f"Worse than {country}"),
            ("getting-worse", "Getting worse"),
            ("no-data", "No data or too few figures to judge"),
        ]
        self.fields["sort"].choices = [
            ("", "The plan's order"),
            ("status", "Status, worsening first"),
            ("-status", "Status, improving first"),
            ("comparison", f"Compared with {country}, worse first"),
            ("-comparison", f"Compared with {country}, better first"),
            ("indicator", "Indicator, A to Z"),
            ("-indicator", "Indicator, Z to A"),
            ("-period", "Latest period, newest first"),
            ("period", "Latest period, oldest first"),
        ]

    def choices(self) -> dict[str, str]:
        """The valid choices asked for ('' for each left out or not valid; the field then shows an error)."""
        if not self.is_bound:
            return {"priority": "", "filter": "", "sort": ""}
        self.is_valid()  # keeps the valid fields in cleaned_data, errors for the rest
        return {name: self.cleaned_data.get(name, "") for name in ("priority", "filter", "sort")}
