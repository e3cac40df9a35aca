import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import codes
from .storage import private_storage


class CertificateQuerySet(models.QuerySet):
    def current(self, today):
        return self.filter(revoked_at__isnull=True, expires_on__gt=today)


class Certificate(models.Model):
    """Proof that a learner passed a course's quiz. Exactly one per passing attempt."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(max_length=codes.LENGTH, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="certificates")
    attempt = models.OneToOneField("quizzes.Attempt", on_delete=models.PROTECT, related_name="certificate")
    name_as_printed = models.CharField(max_length=150)
    job_role = models.CharField(max_length=80, blank=True)
    issued_on = models.DateField()
    expires_on = models.DateField()
    course_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    quiz_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(storage=private_storage, upload_to="certificates/", blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_reason = models.TextField(blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    holder_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the holder's details were removed (account closed, or kept past the retention period). "
        "The code still checks, without a name.",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        permissions = [("revoke_certificate", "Can revoke a certificate")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="certificates_expiry_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoked_reason=""), name="certificates_revocation_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["learner", "course", "-issued_on"]), models.Index(fields=["expires_on"])]

    def __str__(self):
        return f"{self.display_code} ({'holder removed' if self.holder_removed else self.name_as_printed})"

    @property
    def holder_removed(self):
        return self.holder_removed_at is not None

    @property
    def display_code(self):
        return codes.display(self.code)

    def status_on(self, today):
        if self.revoked_at:
            return "revoked"
        return "valid" if self.expires_on > today else "expired"


class ExpiryReminder(models.Model):
    """A reminder e-mail that was sent, so each is sent once even if the daily task runs twice."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="certificates_one_reminder_each")
        ]

    def __str__(self):
        return f"{self.days_before}-day reminder for {self.certificate_id}"
