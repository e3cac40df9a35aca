from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = "Courses"

    def ready(self):
        from . import receivers  # noqa: F401
