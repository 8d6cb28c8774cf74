"""Sign-in throttling: django-axes' per-account lockout, plus a per-address lockout across accounts.

django-axes locks a username from one address after AXES_FAILURE_LIMIT failures. On its own that lets one
address try a few passwords on every account. Axes cannot express a second, higher limit itself: its
failure count is the largest over its lockout parameter sets, compared with one AXES_FAILURE_LIMIT (which
may be a callable, but is still one number per attempt), and a successful sign-in deletes the attempts of
every parameter set, so adding "ip_address" there would both lock an address after 5 failures and let
anyone with one working account clear their address's record by signing in. So this handler keeps axes'
rules and adds one: an address with ONESTOCKPORT_SIGNIN_ADDRESS_FAILURE_LIMIT failures within
AXES_COOLOFF_TIME, over all usernames, is refused until they age out (a correct password included).
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address failures are counted against (AXES_CLIENT_IP_CALLABLE).

    Behind ONESTOCKPORT_PROXY_COUNT trusted proxies, REMOTE_ADDR is the nearest proxy's, so every visitor would
    share one count: the address is then read from X-Forwarded-For, that many entries from the right (the
    entries further left are whatever the client sent and cannot be trusted).
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.ONESTOCKPORT_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from the request's address within the cool-off window, whichever account they tried."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request: HttpRequest) -> bool:
    return address_failures(request) >= settings.ONESTOCKPORT_SIGNIN_ADDRESS_FAILURE_LIMIT


class AddressThrottlingHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler, refusing also an address that has failed too often across accounts."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that reaches the address limit is answered with the lockout page, as axes does for
        # the one that reaches the per-account limit.
        if request is not None and not getattr(request, "axes_locked_out", False) and address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
