from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/all/", views.council_summary, name="council_summary"),
    path("organisations/<int:organisation_id>/", views.dashboard, name="dashboard"),
    path("organisations/<int:organisation_id>/people/<int:membership_id>/", views.person, name="person"),
    path("organisations/<int:organisation_id>/export.csv", views.export, {"file_format": "csv"}, name="export_csv"),
    path("organisations/<int:organisation_id>/export.xlsx", views.export, {"file_format": "xlsx"}, name="export_xlsx"),
    path("organisations/<int:organisation_id>/remind/", views.remind, name="remind"),
    path("organisations/<int:organisation_id>/invite/", views.invite, name="invite"),
    path("organisations/<int:organisation_id>/invitations/", views.invitations, name="invitations"),
    path("organisations/<int:organisation_id>/upload/", views.upload, name="upload"),
    path("organisations/<int:organisation_id>/upload/template.csv", views.upload_template, name="upload_template"),
    path(
        "organisations/<int:organisation_id>/upload/<uuid:public_id>/", views.upload_preview, name="upload_preview"
    ),
    path(
        "organisations/<int:organisation_id>/invitations/<uuid:public_id>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "organisations/<int:organisation_id>/invitations/<uuid:public_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("invitations/<str:token>/", views.accept, name="accept"),
]
