from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eyesandears.accounts"
    label = "accounts"
    verbose_name = "Accounts"
