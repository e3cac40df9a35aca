from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    label = "quizzes"
    verbose_name = "Quizzes"
