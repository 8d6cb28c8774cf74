"""The jobs pages, included under /delivery/ by onestockport/delivery/urls.py (names in the delivery namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/start/<slug:kind>/", views.job_start, name="job-start"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/status.json", views.job_status, name="job-status"),
    path("jobs/<int:job_id>/files/<int:index>/", views.job_file, name="job-file"),
    path("reminders/", views.reminders, name="reminders"),
]
