from django.db import models


class TrainingStatus(models.TextChoices):
    """Where a learner stands on one course; always derived from enrolments, never stored."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    REFRESHER_DUE = "refresher_due", "Due for refresher"
    EXPIRED = "expired", "Expired"
