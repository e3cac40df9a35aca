from django.urls import path

from . import views

app_name = "licensing"

urlpatterns = [
    path("licensing/", views.authority_list, name="authorities"),
    path("licensing/<int:authority_id>/", views.check, name="check"),
    path("licensing/<int:authority_id>/checks/<uuid:public_id>/", views.record, name="record"),
    path("licensing/<int:authority_id>/register/", views.register, name="register"),
    path("licensing/<int:authority_id>/register/<int:licence_id>/confirm/", views.confirm, name="confirm"),
    path("your-training/licence/", views.your_licence, name="your_licence"),
]
