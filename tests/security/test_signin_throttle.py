"""Failed sign-ins are limited per account and address (5) and, across accounts, per address (20).

Without the second limit one address could try four passwords on every account without ever being paused.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from onestockport.security.signin import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def _sign_in(address: str, username: str, password: str, **headers):
    return Client(REMOTE_ADDR=address, **headers).post(
        "/delivery/sign-in/", {"username": username, "password": password}
    )


@pytest.fixture
def accounts() -> list[str]:
    names = [f"person-{n:02d}" for n in range(25)]
    for name in names:
        get_user_model().objects.create_user(name, password=PASSWORD)
    return names


def test_one_address_failing_on_many_accounts_is_paused(accounts):
    limit = settings.ONESTOCKPORT_SIGNIN_ADDRESS_FAILURE_LIMIT
    assert limit == 20
    assert settings.AXES_FAILURE_LIMIT == 5
    for name in accounts[: limit - 1]:
        assert _sign_in("203.0.113.7", name, "wrong").status_code == 200  # one failure per account: no lockout
    # The failure that reaches the limit is answered with the lockout page.
    assert _sign_in("203.0.113.7", accounts[limit - 1], "wrong").status_code == 429

    # Now the address is refused, even with another account's correct password.
    refused = _sign_in("203.0.113.7", accounts[limit], PASSWORD)
    assert refused.status_code == 429
    assert "Sign-in is paused" in refused.content.decode()

    # Another address is not affected.
    assert _sign_in("198.51.100.9", accounts[limit], PASSWORD).status_code == 302


def test_the_per_account_limit_is_still_five(accounts):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in("203.0.113.8", accounts[0], "wrong").status_code == 200
    assert _sign_in("203.0.113.8", accounts[0], "wrong").status_code == 429
    assert _sign_in("203.0.113.8", accounts[0], PASSWORD).status_code == 429
    # The same address may still sign in to another account, and the account from elsewhere.
    assert _sign_in("203.0.113.8", accounts[1], PASSWORD).status_code == 302
    assert _sign_in("198.51.100.10", accounts[0], PASSWORD).status_code == 302


def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(accounts):
    for name in accounts[:19]:
        _sign_in("203.0.113.9", name, "wrong")
    assert _sign_in("203.0.113.9", accounts[19], PASSWORD).status_code == 302  # resets only that account
    assert _sign_in("203.0.113.9", accounts[20], "wrong").status_code == 429  # the 20th failure from here


def test_the_address_is_the_clients_own_behind_a_trusted_proxy(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    with override_settings(ONESTOCKPORT_PROXY_COUNT=0):
        assert client_address(request) == "10.0.0.1"  # no proxy: the header is the client's claim, ignored
    with override_settings(ONESTOCKPORT_PROXY_COUNT=1):
        assert client_address(request) == "203.0.113.5"  # what the proxy saw, not what the client wrote
    with override_settings(ONESTOCKPORT_PROXY_COUNT=3):
        assert client_address(request) == "10.0.0.1"  # fewer entries than proxies: not trusted
