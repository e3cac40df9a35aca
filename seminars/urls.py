from django.urls import path

from . import views

app_name = "seminars"

urlpatterns = [
    path("seminars/", views.seminar_list, name="list"),
    path("seminars/<int:seminar_id>/", views.seminar_detail, name="detail"),
    path("seminars/<int:seminar_id>/book/", views.seminar_book, name="book"),
    path("seminars/bookings/<uuid:public_id>/cancel/", views.booking_cancel, name="cancel"),
    path("seminars/bookings/<uuid:public_id>/seminar.ics", views.booking_calendar, name="calendar"),
    path("seminars/registers/", views.registers, name="registers"),
    path("seminars/<int:seminar_id>/register/", views.register, name="register"),
    path(
        "organisations/<int:organisation_id>/seminars/",
        views.organisation_attendance,
        name="organisation_attendance",
    ),
]
