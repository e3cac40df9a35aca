from django.db import models
from django.utils.translation import gettext_lazy as _


class SeminarFormat(models.TextChoices):
    IN_PERSON = "in_person", _("Face to face")
    ONLINE = "online", _("Online")


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")
