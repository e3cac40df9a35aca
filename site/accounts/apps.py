from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eyesandears.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the audit log of permission changes
