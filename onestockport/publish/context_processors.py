"""Values every public template needs: the site's name, its navigation and whether it is a static export."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

NAVIGATION = [
    ("Plan on a page", "publish:home"),
    ("Actions", "publish:actions"),
    ("Measures", "publish:indicators"),
    ("Values", "publish:values"),
    ("Partners", "publish:partners"),
    ("About the plan", "publish:about"),
]

# The static exporter (onestockport.export) marks its requests with this WSGI environ key. It is not an
# HTTP header, so no visitor of the live site can set it.
STATIC_EXPORT_ENVIRON_KEY = "onestockport.static_export"


def is_static_export(request: HttpRequest) -> bool:
    """True while the page is being rendered for the static export, which has no server behind it."""
    return bool(request.META.get(STATIC_EXPORT_ENVIRON_KEY))


def site(request: HttpRequest) -> dict:
    path = request.path
    items = []
    for label, name in NAVIGATION:
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {
        "site_name": settings.ONESTOCKPORT_SITE_NAME,
        "navigation": items,
        # A static copy cannot search or sign in: templates offer the live site instead.
        "static_export": is_static_export(request),
        "live_site_url": settings.ONESTOCKPORT_SITE_URL.rstrip("/"),
    }
