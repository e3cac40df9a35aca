from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = "Courses"
