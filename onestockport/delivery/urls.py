"""Staff pages, under /delivery/ (config/urls.py includes them)."""

from django.urls import path

from onestockport.casestudies.urls import urlpatterns as case_study_patterns
from onestockport.indicators.staff_urls import urlpatterns as data_patterns
from onestockport.jobs.urls import urlpatterns as job_patterns
from onestockport.voice.staff_urls import urlpatterns as voice_patterns

from . import views

app_name = "delivery"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("password/forgotten/", views.password_reset, name="password-reset"),
    path("password/forgotten/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
    path("ownership/", views.bulk_ownership, name="bulk-ownership"),
    path("ownership/upload/", views.ownership_upload, name="ownership-upload"),
    path("ownership/ownership.csv", views.ownership_template, name="ownership-template"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.invite, name="invite"),
    path("people/<int:user_id>/deactivate/", views.deactivate, name="deactivate"),
    path("people/<int:user_id>/reactivate/", views.reactivate, name="reactivate"),
    path("people/<int:user_id>/resend/", views.resend, name="resend-invitation"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/remind/", views.remind, name="remind"),
    path("email-settings/", views.email_settings, name="email-settings"),
    path("board-packs/", views.board_pack, name="board-pack"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/ownership/", views.ownership_edit, name="ownership"),
    path("actions/<int:action_id>/history/", views.history, name="history"),
    path("actions/<int:action_id>/updates/new/", views.update_create, name="update-create"),
    path("actions/<int:action_id>/milestones/new/", views.milestone_create, name="milestone-create"),
    path(
        "actions/<int:action_id>/commitments/<int:commitment_id>/complete/",
        views.commitment_complete,
        name="commitment-complete",
    ),
    path("updates/<int:update_id>/", views.update_detail, name="update"),
    path("updates/<int:update_id>/edit/", views.update_edit, name="update-edit"),
    path("updates/<int:update_id>/submit/", views.update_submit, name="update-submit"),
    path("updates/<int:update_id>/approve/", views.update_approve, name="update-approve"),
    path("updates/<int:update_id>/return/", views.update_return, name="update-return"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_delete, name="evidence-delete"),
    path("milestones/<int:milestone_id>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:milestone_id>/complete/", views.milestone_complete, name="milestone-complete"),
    *job_patterns,  # background jobs and reminder dates (onestockport/jobs)
    *data_patterns,  # data uploads and releases (onestockport/indicators/staff_views.py)
    *case_study_patterns,  # case studies: write, submit, review (onestockport/casestudies/views.py)
    *voice_patterns,  # the engagement desk: review responses, approve quotes (onestockport/voice/staff_views.py)
]
