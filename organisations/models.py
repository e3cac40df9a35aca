import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .choices import MemberRole, OrganisationKind


class Organisation(index.Indexed, models.Model):
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    extra_courses = models.ManyToManyField(
        "courses.CoursePage",
        blank=True,
        related_name="+",
        help_text="Courses this organisation asks its people to take, on top of those their job role requires.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("contact_email"),
        FieldPanel("contact_phone"),
        FieldPanel("extra_courses"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        permissions = [("view_all_organisations", "Can see every organisation's training summary")]

    def __str__(self):
        return self.name


class RoleRequirement(models.Model):
    """The council's rule: people in this job role must hold a current certificate for this course."""

    job_role = models.ForeignKey("courses.JobRole", on_delete=models.CASCADE, related_name="requirements")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("job_role"), FieldPanel("course")]

    class Meta:
        ordering = ["job_role__name"]
        constraints = [models.UniqueConstraint(fields=["job_role", "course"], name="organisations_requirement_once")]

    def __str__(self):
        return f"{self.job_role} must take {self.course}"


class Membership(models.Model):
    """A person in an organisation: invited (no user yet) or joined."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    email = models.EmailField(help_text="Where the invitation went.")
    full_name = models.CharField(max_length=150)
    job_role = models.ForeignKey("courses.JobRole", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(max_length=60, blank=True, help_text="A badge, payroll or licence number.")
    role = models.CharField(max_length=24, choices=MemberRole.choices, default=MemberRole.LEARNER)
    created_at = models.DateTimeField(auto_now_add=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), "organisation", name="organisations_member_email_once"),
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=Q(user__isnull=False), name="organisations_member_once"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"]), models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.full_name} in {self.organisation_id}"


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An e-mailed link that lets someone join as the membership it belongs to."""

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="invitation")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation {self.public_id}"

    def is_open(self, now):
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > now


class StaffUpload(models.Model):
    """A checked file of people waiting for the manager to confirm it. Nothing else is written until then."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Upload {self.public_id}"
