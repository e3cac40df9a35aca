from django.urls import path

from . import bulk_views, external_views, register_views, sharing_views, views

app_name = "licensing"

urlpatterns = [
    path("licensing/", views.authority_list, name="authorities"),
    path("licensing/<int:authority_id>/", views.check, name="check"),
    path("licensing/<int:authority_id>/checks/<uuid:public_id>/", views.record, name="record"),
    path("licensing/<int:authority_id>/register/", views.register, name="register"),
    path("licensing/<int:authority_id>/register/<int:licence_id>/confirm/", views.confirm, name="confirm"),
    path("your-training/licence/", views.your_licence, name="your_licence"),
    path("licensing/<int:authority_id>/lists/", bulk_views.bulk_check_start, name="bulk_check_start"),
    path("licensing/<int:authority_id>/lists/<uuid:public_id>/", bulk_views.bulk_check, name="bulk_check"),
    path(
        "licensing/<int:authority_id>/lists/<uuid:public_id>/retry/",
        bulk_views.bulk_check_retry,
        name="bulk_check_retry",
    ),
    path(
        "licensing/<int:authority_id>/lists/<uuid:public_id>/result.csv",
        bulk_views.bulk_check_download,
        {"file_format": "csv"},
        name="bulk_check_csv",
    ),
    path(
        "licensing/<int:authority_id>/lists/<uuid:public_id>/result.xlsx",
        bulk_views.bulk_check_download,
        {"file_format": "xlsx"},
        name="bulk_check_xlsx",
    ),
    path("licensing/<int:authority_id>/expiring/", bulk_views.expiring, name="expiring"),
    path(
        "licensing/<int:authority_id>/expiring.csv",
        bulk_views.expiring_export,
        {"file_format": "csv"},
        name="expiring_csv",
    ),
    path(
        "licensing/<int:authority_id>/expiring.xlsx",
        bulk_views.expiring_export,
        {"file_format": "xlsx"},
        name="expiring_xlsx",
    ),
    # Share codes (licensing/sharing_views.py) and training from other providers (licensing/external_views.py).
    path("your-training/share-codes/", sharing_views.your_share_codes, name="share_codes"),
    path(
        "your-training/share-codes/<uuid:public_id>/withdraw/",
        sharing_views.share_code_withdraw,
        name="share_code_withdraw",
    ),
    path("organisations/share-codes/", sharing_views.share_code_organisations, name="share_code_organisations"),
    path("organisations/<int:organisation_id>/share-code/", sharing_views.share_code_check, name="share_code_check"),
    path(
        "licensing/<int:authority_id>/register/<int:licence_id>/external/",
        external_views.external_training,
        name="external_training",
    ),
    path(
        "licensing/<int:authority_id>/register/<int:licence_id>/external/<int:entry_id>/withdraw/",
        external_views.external_training_withdraw,
        name="external_training_withdraw",
    ),
    # Importing the register from a file (licensing/register_views.py).
    path("licensing/<int:authority_id>/register/import/", register_views.register_upload, name="register_upload"),
    path(
        "licensing/<int:authority_id>/register/import/template.csv",
        register_views.register_upload_template,
        name="register_upload_template",
    ),
    path(
        "licensing/<int:authority_id>/register/import/<uuid:public_id>/",
        register_views.register_upload_preview,
        name="register_upload_preview",
    ),
]
