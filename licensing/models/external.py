from django.conf import settings
from django.db import models


class ExternalTraining(models.Model):
    """Training from another provider that the licensing authority accepts in place of a course here."""

    authority = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_training")
    counts_for = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The required course this training stands in for.",
    )
    provider = models.CharField(max_length=150)
    course_name = models.CharField(max_length=200)
    completed_on = models.DateField()
    expires_on = models.DateField()
    evidence = models.TextField(help_text="What the officer saw, for example 'certificate no. 1234 seen on screen'.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name_plural = "external training"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("completed_on")),
                name="licensing_external_expiry_after_completion",
            ),
        ]

    def __str__(self):
        return f"{self.course_name} ({self.provider})"
