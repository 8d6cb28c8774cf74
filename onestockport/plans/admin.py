"""Staff edit plan content here; the plan file stays the source for a fresh load."""

from django.contrib import admin

from .models import Action, Commitment, DeliveryBody, Measure, Partner, Plan, Priority, Theme, Value


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "loaded_at"]
    readonly_fields = ["loaded_at", "source_checksum"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "plan"]
    list_filter = ["plan"]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "plan"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "plan"]
    list_filter = ["kind", "plan"]
    search_fields = ["name"]


@admin.register(DeliveryBody)
class DeliveryBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "status"]
    list_filter = ["kind"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "theme", "position"]
    list_filter = ["theme"]
    inlines = [MeasureInline]
    filter_horizontal = ["delivery_bodies"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "priority", "lead_partner"]
    list_filter = ["priority__theme", "priority", "lead_partner"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["lead_partner"]
    filter_horizontal = ["contributing_partners"]
    inlines = [CommitmentInline]
