from django.db import models


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single answer"
    MULTIPLE = "multiple", "Select all that apply"
    TRUE_FALSE = "true_false", "True or false"
