import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from .choices import BookingStatus, SeminarFormat

MAX_CAPACITY = 1000


class SeminarQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self, now):
        return self.filter(starts_at__gt=now)

    def for_roles(self, role_ids):
        """Seminars for any of these job roles, and those open to every role (no audience chosen)."""
        return self.filter(Q(audience_job_roles__in=role_ids) | Q(audience_job_roles__isnull=True)).distinct()


class Seminar(index.Indexed, models.Model):
    """A face-to-face or online session the CSE co-ordinator runs, with a limited number of places."""

    title = models.CharField(max_length=150)
    description = models.TextField(help_text="What the session covers and who it is for. Plain text.")
    audience_job_roles = models.ManyToManyField(
        "courses.JobRole",
        blank=True,
        related_name="seminars",
        verbose_name="audience job roles",
        help_text="Learners with these job roles see the seminar and can book. Leave empty for everyone.",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    format = models.CharField(max_length=16, choices=SeminarFormat.choices, default=SeminarFormat.IN_PERSON)
    place = models.TextField(blank=True, help_text="For a face-to-face seminar: the room and address.")
    link = models.URLField(
        blank=True, help_text="For an online seminar: the joining link (https). Only people with a place see it."
    )
    capacity = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text="Places. Anyone who books once they are taken joins the waiting list.",
    )
    is_published = models.BooleanField(
        default=False,
        verbose_name="published and open for booking",
        help_text="Learners see the seminar and can book until it starts.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeminarQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("audience_job_roles", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
        MultiFieldPanel([FieldPanel("format"), FieldPanel("place"), FieldPanel("link")], heading="Where"),
        FieldPanel("capacity"),
        FieldPanel("is_published"),
    ]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["starts_at", "pk"]
        permissions = [("mark_attendance", "Can mark attendance on a seminar's register")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="seminars_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="seminars_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y})" if self.starts_at else self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The seminar must end after it starts."
        if self.format == SeminarFormat.IN_PERSON and not self.place.strip():
            errors["place"] = "Give the room and address of a face-to-face seminar."
        if self.format == SeminarFormat.ONLINE:
            if not self.link:
                errors["link"] = "Give the joining link of an online seminar."
            elif not self.link.lower().startswith("https://"):
                errors["link"] = "The joining link must start with https://."
        if self.pk and self.capacity:
            taken = self.bookings.booked().count()
            if self.capacity < taken:
                errors["capacity"] = f"{taken} places are booked already: keep at least that many."
        if errors:
            raise ValidationError(errors)

    @property
    def is_online(self):
        return self.format == SeminarFormat.ONLINE

    def has_started(self, now):
        return self.starts_at <= now


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=BookingStatus.CANCELLED)

    def booked(self):
        return self.filter(status=BookingStatus.BOOKED)

    def waiting(self):
        return self.filter(status=BookingStatus.WAITING).order_by("created_at", "pk")


class Booking(models.Model):
    """A learner's place at a seminar, or their place in the queue for one. Booking, cancelling and
    promotion from the waiting list all lock the seminar's row first (services.py), so the number
    booked never passes the capacity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seminar_bookings")
    status = models.CharField(max_length=16, choices=BookingStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    booked_at = models.DateTimeField(null=True, blank=True, help_text="When the place was given.")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the day-before reminder was sent.")
    attended = models.BooleanField(default=False)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seminar", "user"], condition=~Q(status=BookingStatus.CANCELLED), name="seminars_booking_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="seminars_booking_status_known"
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="seminars_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(attended=False) | Q(status=BookingStatus.BOOKED), name="seminars_attended_had_a_place"
            ),
        ]
        indexes = [
            models.Index(fields=["seminar", "status", "created_at"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self):
        return f"Booking {self.public_id}"

    @property
    def is_booked(self):
        return self.status == BookingStatus.BOOKED

    @property
    def is_waiting(self):
        return self.status == BookingStatus.WAITING
