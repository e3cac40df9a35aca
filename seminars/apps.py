from django.apps import AppConfig


class SeminarsConfig(AppConfig):
    name = "seminars"
    label = "seminars"
    verbose_name = "Seminars"
