"""The engagement desk, included under /delivery/ by onestockport/delivery/urls.py (names in the delivery namespace)."""

from django.urls import path

from . import staff_views as views
from . import upload_views

urlpatterns = [
    path("voice/", views.desk, name="voice-desk"),
    path("voice/bulk-confirm/", views.bulk_confirm, name="voice-bulk-confirm"),
    path("voice/tags/<int:tag_id>/<slug:decision>/", views.tag_review, name="voice-tag-review"),
    path("voice/responses/<int:response_id>/priorities/", views.add_priority, name="voice-add-priority"),
    path("voice/responses/<int:response_id>/quote/", views.quote_create, name="voice-quote-create"),
    path("voice/quotes/", views.quote_list, name="voice-quotes"),
    path("voice/quotes/<int:quote_id>/", views.quote_detail, name="voice-quote"),
    path("voice/quotes/<int:quote_id>/approve/", views.quote_approve, name="voice-quote-approve"),
    path("voice/quotes/<int:quote_id>/withdraw/", views.quote_withdraw, name="voice-quote-withdraw"),
    path("voice/surveys/", upload_views.survey_list, name="voice-surveys"),
    path("voice/surveys/upload/", upload_views.survey_upload_page, name="voice-survey-upload"),
    path("voice/surveys/upload/<slug:token>/columns/", upload_views.survey_columns, name="voice-survey-columns"),
    path("voice/surveys/upload/<slug:token>/preview/", upload_views.survey_preview, name="voice-survey-preview"),
    path("voice/surveys/upload/<slug:token>/import/", upload_views.survey_import, name="voice-survey-import"),
    path("voice/surveys/tagging/<int:job_id>/", upload_views.tagging, name="voice-tagging"),
    path("voice/surveys/tagging/<int:job_id>/status.json", upload_views.tagging_status, name="voice-tagging-status"),
]
