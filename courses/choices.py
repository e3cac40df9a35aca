from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingStatus(models.TextChoices):
    """Where a learner stands on one course; always derived from enrolments, never stored."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFRESHER_DUE = "refresher_due", _("Due for refresher")
    EXPIRED = "expired", _("Expired")
