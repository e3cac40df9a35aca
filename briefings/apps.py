from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "briefings"
    label = "briefings"
    verbose_name = "Briefings"

    def ready(self):
        from . import receivers  # noqa: F401 - e-mails a briefing when it is published
