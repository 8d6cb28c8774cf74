"""The area register in the admin: read-mostly, because `load_areas` rebuilds it from the data files."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Area, BestFit, Boundary, Deprivation


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only; edits would be overwritten by the next load."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "vintage", "parent"]
    list_filter = ["level", "vintage"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(Boundary)
class BoundaryAdmin(ReadOnlyAdmin):
    list_display = ["area", "vintage", "source"]
    list_filter = ["vintage", "area__level"]
    search_fields = ["area__code", "area__name"]
    list_select_related = ["area"]
    exclude = ["geometry"]  # large; drawn on the site, not shown as text here


@admin.register(BestFit)
class BestFitAdmin(ReadOnlyAdmin):
    list_display = ["area", "area_vintage", "container", "method"]
    list_filter = ["area_vintage", "method", "container__vintage"]
    search_fields = ["area__code", "area__name", "container__name"]
    list_select_related = ["area", "container"]


@admin.register(Deprivation)
class DeprivationAdmin(ReadOnlyAdmin):
    list_display = ["area", "edition", "decile", "rank", "score", "population"]
    list_filter = ["edition", "decile", "area__level"]
    search_fields = ["area__code", "area__name"]
    list_select_related = ["area"]
