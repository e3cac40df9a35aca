from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eyesandears.core"
    label = "core"
    verbose_name = "Site"
