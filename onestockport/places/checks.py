"""Invariants of the area register, as Django system checks (run with `check --database default`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def check_boundaries(
    app_configs: Sequence[Any] | None = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Every boundary belongs to a ward, LSOA or local authority of its own vintage; every ward of a
    vintage that has boundaries has one."""
    if not databases:
        return []
    from .models import Area, Boundary

    messages: list[CheckMessage] = []
    try:
        boundaries = list(Boundary.objects.select_related("area"))
        for boundary in boundaries:
            area = boundary.area
            if area.level in (Area.Level.WARD, Area.Level.LSOA) and boundary.vintage not in area.vintages:
                messages.append(
                    Error(
                        f"{area} has a {boundary.vintage} boundary but its vintage is {area.vintage!r}",
                        hint="Reload the areas: `load_areas` sets both from the same files.",
                        obj=boundary,
                        id="places.E001",
                    )
                )
        drawn = {(b.area.parent_id, b.vintage) for b in boundaries if b.area.level == Area.Level.WARD}
        bounded = {(b.area_id, b.vintage) for b in boundaries}
        for ward in Area.objects.filter(level=Area.Level.WARD).exclude(parent=None):
            for vintage in ward.vintages:
                if (ward.parent_id, vintage) in drawn and (ward.pk, vintage) not in bounded:
                    messages.append(
                        Warning(
                            f"ward {ward} ({vintage}) has no boundary, so ward maps of {ward.parent} leave it out",
                            hint="Is the ward in the boundary file that `load_areas` reads?",
                            obj=ward,
                            id="places.W001",
                        )
                    )
    except DatabaseError:
        return []  # no tables yet: `migrate` has not run
    return messages
