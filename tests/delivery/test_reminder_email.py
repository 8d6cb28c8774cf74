"""Reminder emails come from, and are signed by, the plan's site: the engine names no place."""

from __future__ import annotations

import pytest
from django.core import mail

from onestockport.delivery.mail import from_header

PLACE = {"site_name": "Our Town Online", "name": "Our Town", "kind": "unitary"}


def test_a_bare_address_is_sent_under_the_sites_name():
    assert (
        from_header("Our Town Online", "performance@example.invalid") == "Our Town Online <performance@example.invalid>"
    )


def test_a_display_name_in_the_setting_is_kept():
    assert from_header("Our Town Online", "Plan team <plans@example.invalid>") == "Plan team <plans@example.invalid>"


def test_a_site_name_with_a_comma_is_quoted():
    assert from_header("Town, The", "a@example.invalid") == '"Town, The" <a@example.invalid>'


@pytest.mark.django_db
def test_the_reminder_is_from_and_signed_by_the_site(world, run_cli, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "performance@example.invalid"
    settings.ONESTOCKPORT_DEMO = True
    mail.outbox.clear()
    world.plan.place_settings = PLACE
    world.plan.save()

    assert run_cli("delivery", "remind").exit_code == 0

    message = mail.outbox[0]
    assert message.from_email == "Our Town Online <performance@example.invalid>"
    assert message.body.rstrip().endswith("Our Town Online performance team")
    assert "comes from the Our Town Online demonstration site" in message.body
    assert "action of the area plan" in message.body or "actions of the area plan" in message.body
