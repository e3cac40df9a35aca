import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from certificates.storage import private_storage


class BulkCheck(models.Model):
    """A list of licence numbers checked in the background; its result is a private file."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        # Translators: the state of a list check of licence numbers that is running now.
        RUNNING = "running", _("Checking")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    authority = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255)
    numbers = models.JSONField(default=list, help_text="The distinct, normalised licence numbers to check.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    result = models.FileField(storage=private_storage, upload_to="bulk-checks/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"List check {self.public_id}"
