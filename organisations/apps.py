from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "organisations"
    label = "organisations"
    verbose_name = "Organisations"

    def ready(self):
        from . import receivers  # noqa: F401 - accepts a pending invitation at sign-up or log-in
