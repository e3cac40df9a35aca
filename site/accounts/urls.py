from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/your-data/", views.your_data, name="your_data"),
    path("accounts/your-data/download/", views.your_data_download, name="your_data_download"),
    path("accounts/close/", views.close_account, name="close_account"),
    path("accounts/closed/", views.account_closed, name="account_closed"),
]
