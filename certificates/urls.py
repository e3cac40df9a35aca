from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/", views.your_certificates, name="list"),
    path("certificates/<uuid:public_id>/", views.detail, name="detail"),
    path("certificates/<uuid:public_id>/pdf/", views.download, name="download"),
    path("check/", views.verify, name="verify"),
    path("check/<str:code>/", views.verify, name="verify_code"),
]
