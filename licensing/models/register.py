import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..choices import CheckMethod, CheckOutcome, LicenceKind

NUMBER_JUNK = re.compile(r"[\s\-_/.]+")


def normalise_licence_number(value):
    """Licence numbers compare without case, spaces or punctuation: ' ph-00123 ' is PH00123."""
    return NUMBER_JUNK.sub("", (value or "").strip().lstrip("\ufeff")).upper()


class Licence(models.Model):
    """A taxi or private hire licence on the authority's register, held by one member of it."""

    authority = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="licences")
    membership = models.OneToOneField("organisations.Membership", on_delete=models.CASCADE, related_name="licence")
    number = models.CharField(max_length=40, help_text="Stored without spaces or punctuation, in capitals.")
    kind = models.CharField(max_length=24, choices=LicenceKind.choices, default=LicenceKind.PRIVATE_HIRE)
    expires_on = models.DateField(null=True, blank=True, help_text="When the licence itself is due for renewal.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            # A number is on the register once; drivers may claim it unconfirmed until an officer decides.
            models.UniqueConstraint(
                fields=["authority", "number"],
                condition=Q(confirmed_at__isnull=False),
                name="licensing_confirmed_number_once",
            ),
        ]
        indexes = [models.Index(fields=["authority", "number"])]

    def __str__(self):
        return self.number

    @property
    def confirmed(self):
        return self.confirmed_at is not None


class CheckRecord(models.Model):
    """One look at a driver's training by the licensing authority: who, whom, when and how."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    authority = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks_made"
    )
    api_key = models.ForeignKey("licensing.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    api_key_name = models.CharField(max_length=80, blank=True)
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks_of_me"
    )
    licence = models.ForeignKey(Licence, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks")
    entered = models.CharField(max_length=60, help_text="What was looked up: a licence number or a code.")
    method = models.CharField(max_length=24, choices=CheckMethod.choices)
    outcome = models.CharField(max_length=24, choices=CheckOutcome.choices)
    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-checked_at"]
        indexes = [models.Index(fields=["driver", "-checked_at"])]

    def __str__(self):
        return f"{self.get_method_display()} check of {self.entered}"
