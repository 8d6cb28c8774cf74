from django.urls import include, path, re_path

from . import views
from .api import api
from .http import public_read_only, read_only_patterns

app_name = "api"

patterns, _, namespace = api.urls

urlpatterns = [
    path("", views.index, name="index"),
    # Every API address follows the same HTTP rules; an unknown one answers in JSON too.
    path("v1/", include((read_only_patterns(patterns), namespace))),
    re_path(r"^v1/.*$", public_read_only(views.not_found), name="not-found"),
]
