import uuid

from django.conf import settings
from django.db import models


class ShareCode(models.Model):
    """A short code a driver gives one named organisation so it can see their current training status."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_codes")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveSmallIntegerField(default=5)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share code for {self.organisation_id}"


class ShareCodeUse(models.Model):
    share_code = models.ForeignKey(ShareCode, on_delete=models.CASCADE, related_name="uses")
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_at"]

    def __str__(self):
        return f"Use of {self.share_code_id} at {self.used_at:%Y-%m-%d %H:%M}"
