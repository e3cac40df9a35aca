from django.urls import path

from . import views

app_name = "briefings"

urlpatterns = [
    path("your-training/briefings/<int:briefing_id>/read/", views.mark_read, name="mark_read"),
    path("your-training/briefing-emails/", views.email_preference, name="email_preference"),
    path("briefing-emails/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("organisations/<int:organisation_id>/briefings/", views.read_report, name="read_report"),
    path(
        "organisations/<int:organisation_id>/briefings/<int:briefing_id>/",
        views.read_report_briefing,
        name="read_report_briefing",
    ),
]
