"""Response headers the security middleware and django-csp do not set: no caching of private pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Staff areas: drafts, reviews, evidence and accounts live here, and so do their sign-in pages.
PRIVATE_PREFIXES = ("/delivery/", "/admin/")


def is_private(request: HttpRequest) -> bool:
    """A staff page, or any page a signed-in person is shown (it may carry their name or unpublished work)."""
    if request.path_info.startswith(PRIVATE_PREFIXES):
        return True
    # Only a request with a session cookie can be signed in; asking the session of any other request would
    # add "Vary: Cookie" to every public page and make shared caches store one copy per visitor.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivatePagesNoStoreMiddleware:
    """`Cache-Control: no-store, private` on private pages, so no browser or proxy keeps a copy of them.

    Public pages keep whatever caching their views set. Placed after AuthenticationMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request):
            # Replaces, not merges: a public download's "public, max-age" must not survive for a signed-in user.
            response["Cache-Control"] = "no-store, private"
            del response["Expires"]
        return response
