"""The data pages, included under /delivery/ by onestockport/delivery/urls.py (names in the delivery namespace)."""

from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("data/", views.data_home, name="data"),
    path("data/tidy-template.csv", views.tidy_template, name="tidy-template"),
    path("data/tidy-example.csv", views.tidy_example, name="tidy-example"),
    path("data/uploads/<int:upload_id>/", views.upload_detail, name="upload"),
    path("data/uploads/<int:upload_id>/revisions.csv", views.upload_revisions, name="upload-revisions"),
    path("data/uploads/<int:upload_id>/publish/", views.upload_publish, name="upload-publish"),
    path("data/uploads/<int:upload_id>/discard/", views.upload_discard, name="upload-discard"),
    path("data/uploads/<int:upload_id>/drafts/", views.upload_as_drafts, name="upload-drafts"),
    path("data/drafts/<slug:slug>/", views.draft_confirm, name="draft"),
    path("data/releases/<int:release_id>/", views.release_detail, name="release"),
    path("data/releases/<int:release_id>/withdraw/", views.release_withdraw, name="release-withdraw"),
]
