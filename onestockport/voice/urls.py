"""Public resident-voice pages (config/urls.py includes them at the site root)."""

from django.urls import path

from . import views

app_name = "voice"

urlpatterns = [
    path("what-we-heard/", views.what_we_heard, name="what-we-heard"),
    path("what-we-heard/who-we-heard-from/", views.who_we_heard_from, name="who-we-heard-from"),
    path("what-we-heard/published-counts.csv", views.published_counts_csv, name="published-counts"),
    path("priorities/<slug:slug>/what-we-heard/", views.priority_what_we_heard, name="priority"),
    path("you-said-we-did/", views.you_said_we_did, name="you-said-we-did"),
    # The comment form's own page and where it posts (onestockport/voice/have_your_say.py).
    path("have-your-say/", views.have_your_say, name="have-your-say"),
    path("have-your-say/thank-you/", views.have_your_say_thanks, name="have-your-say-thanks"),
]
