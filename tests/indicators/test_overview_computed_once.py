"""A missing overview is computed in one place; other requests wait for it rather than compute it again."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from onestockport.indicators import overview as overview_module

pytestmark = pytest.mark.django_db


def test_a_request_waits_for_the_overview_another_is_computing(indicator_plan, monkeypatch):
    cache.clear()
    key = f"onestockport:overview:{indicator_plan.pk}:{overview_module.data_fingerprint(indicator_plan)}"
    cache.add(f"{key}:computing", True)  # another instance has begun
    computed = overview_module.compute_overview(indicator_plan)
    monkeypatch.setattr(overview_module.time, "sleep", lambda _: cache.set(key, computed))  # ...and finishes
    monkeypatch.setattr(overview_module, "compute_overview", pytest.fail)  # so this one must not compute
    assert overview_module.plan_overview(indicator_plan) is not None


def test_a_waiter_computes_it_itself_when_nobody_finishes(indicator_plan, monkeypatch):
    cache.clear()
    key = f"onestockport:overview:{indicator_plan.pk}:{overview_module.data_fingerprint(indicator_plan)}"
    cache.add(f"{key}:computing", True)  # begun, never finished
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr(overview_module.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(overview_module.time, "sleep", lambda _: None)
    assert overview_module.plan_overview(indicator_plan).rows


def test_the_marker_is_cleared_after_computing(indicator_plan):
    cache.clear()
    overview_module.plan_overview(indicator_plan)
    key = f"onestockport:overview:{indicator_plan.pk}:{overview_module.data_fingerprint(indicator_plan)}"
    assert cache.get(key) is not None
    assert cache.get(f"{key}:computing") is None
