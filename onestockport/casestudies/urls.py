"""Staff pages of case studies; onestockport/delivery/urls.py includes them under /delivery/."""

from django.urls import path

from . import views

urlpatterns = [
    path("case-studies/", views.case_study_list, name="case-studies"),
    path("case-studies/new/", views.case_study_create, name="case-study-create"),
    path("case-studies/<int:case_study_id>/", views.case_study_detail, name="case-study"),
    path("case-studies/<int:case_study_id>/edit/", views.case_study_edit, name="case-study-edit"),
    path("case-studies/<int:case_study_id>/submit/", views.case_study_submit, name="case-study-submit"),
    path("case-studies/<int:case_study_id>/approve/", views.case_study_approve, name="case-study-approve"),
    path("case-studies/<int:case_study_id>/return/", views.case_study_return, name="case-study-return"),
]
