from django.db import models


class RenewalReminder(models.Model):
    """The e-mail telling a driver that their training runs out before their licence renewal: sent once
    per licence and renewal date (the constraint makes a second run of the task find it sent)."""

    licence = models.ForeignKey("licensing.Licence", on_delete=models.CASCADE, related_name="renewal_reminders")
    renewal_on = models.DateField(help_text="The licence renewal date the reminder was about.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "renewal_on"], name="licensing_renewal_reminder_once"),
        ]

    def __str__(self):
        return f"Renewal reminder for {self.licence_id} ({self.renewal_on})"
