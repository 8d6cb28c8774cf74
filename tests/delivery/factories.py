"""Factories for delivery tests: a small synthetic plan (marked as such) and accounts for every role."""

from __future__ import annotations

import datetime as dt

import factory
from django.conf import settings
from django.contrib.auth import get_user_model

from onestockport.delivery import services
from onestockport.delivery.models import Status, Update
from onestockport.delivery.permissions import Role
from onestockport.plans import models

SYNTHETIC = "Synthetic test plan"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan
        django_get_or_create = ["slug"]

    slug = settings.ONESTOCKPORT_PLAN_SLUG
    title = SYNTHETIC
    place = "Testborough"
    status = "Test fixture"
    period_end = 2030
    source = "tests/delivery/factories.py (synthetic)"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Theme

    plan = factory.SubFactory(PlanFactory)
    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")
    tagline = "A synthetic theme"
    why = "For tests"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partner

    plan = factory.SubFactory(PlanFactory)
    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = models.Partner.Kind.LOCAL_AUTHORITY


class DeliveryBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeliveryBody

    plan = factory.SubFactory(PlanFactory)
    slug = factory.Sequence(lambda n: f"body-{n}")
    name = factory.Sequence(lambda n: f"Board {n}")
    kind = models.DeliveryBody.Kind.BOARD


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Priority

    plan = factory.SubFactory(PlanFactory)
    theme = factory.SubFactory(ThemeFactory, plan=factory.SelfAttribute("..plan"))
    slug = factory.Sequence(lambda n: f"priority-{n}")
    name = factory.Sequence(lambda n: f"Priority {n}")
    ambition = "A synthetic ambition"
    delivered_through = "A synthetic board"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action

    priority = factory.SubFactory(PriorityFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Synthetic action {n}")
    text = "Do a synthetic thing."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    action = factory.SubFactory(ActionFactory)
    position = 0
    what = "Plant 100 synthetic trees"
    by = "2025-12"
    due = dt.date(2025, 12, 31)
    wording = "We will plant 100 synthetic trees by December 2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "Test"
    last_name = factory.LazyAttribute(lambda u: u.username.title())
    password = factory.django.Password("a-long-test-password")


def make_user(username: str, role: Role | None, partner=None):
    user = UserFactory(username=username)
    if role is not None:
        services.assign_role(user=user, role=role, partner=partner)
    return user


def make_update(action, *, period=None, state: str = Update.State.DRAFT, narrative="Synthetic narrative.", **extra):
    """An update written straight to the database, for tests that need one in a given state."""
    from onestockport.delivery.selectors import current_period

    period = period or current_period()
    return Update.objects.create(
        action=action,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        status=extra.pop("status", Status.ON_TRACK),
        narrative=narrative,
        state=state,
        **extra,
    )
