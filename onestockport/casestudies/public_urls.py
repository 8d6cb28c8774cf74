"""Public pages of case studies (config/urls.py includes them at the root)."""

from django.urls import path

from . import public

app_name = "casestudies"

urlpatterns = [
    path("case-studies/", public.index, name="index"),
    path("case-studies/<int:case_study_id>/", public.case_study, name="case-study"),
    path("case-studies/images/<int:image_id>.<str:extension>", public.image, name="image"),
]
