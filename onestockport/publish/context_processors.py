"""Values every public template needs: the site's name and its navigation."""

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


def site(request: HttpRequest) -> dict:
    path = request.path
    items = []
    for label, name in NAVIGATION:
        url = reverse(name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"site_name": settings.ONESTOCKPORT_SITE_NAME, "navigation": items}
