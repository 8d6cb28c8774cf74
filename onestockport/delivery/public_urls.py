"""Public pages delivery adds to the site (config/urls.py includes them at the root)."""

from django.urls import path

from . import views

app_name = "delivery_public"

urlpatterns = [
    path("statuses/", views.statuses, name="statuses"),
    path("partners/<slug:slug>/", views.partner, name="partner"),
]
