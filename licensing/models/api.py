from django.conf import settings
from django.db import models


class ApiKey(models.Model):
    """A key an administrator issues to a licensing authority's system. Only its hash is stored."""

    authority = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=80, help_text="What uses it, for example 'Licensing system (live)'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False, help_text="Shown so keys can be told apart.")
    hashed_key = models.CharField(max_length=128, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ApiKeyUse(models.Model):
    """Each request made with a key: which endpoint, when, and how it was answered."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uses")
    endpoint = models.CharField(max_length=120)
    status_code = models.PositiveSmallIntegerField()
    lookups = models.PositiveIntegerField(default=0)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-used_at"]

    def __str__(self):
        return f"{self.endpoint} at {self.used_at:%Y-%m-%d %H:%M}"
