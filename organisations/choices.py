from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    LICENSING_AUTHORITY = "licensing_authority", _("Licensing authority")
    TAXI_OPERATOR = "taxi_operator", _("Taxi or private hire operator")
    HOTEL = "hotel", _("Hotel")
    YOUTH_SERVICE = "youth_service", _("Youth service")
    COUNCIL_DEPARTMENT = "council_department", _("Council department")


class MemberRole(models.TextChoices):
    LEARNER = "learner", _("Learner")
    MANAGER = "manager", _("Manager")
    LICENSING_OFFICER = "licensing_officer", _("Licensing officer")


class Compliance(models.TextChoices):
    """A person's state on one required course: derived from certificates and enrolments, never stored."""

    COMPLIANT = "compliant", pgettext_lazy("compliance state", "Compliant")
    EXPIRING = "expiring", pgettext_lazy("compliance state", "Expiring soon")
    EXPIRED = "expired", pgettext_lazy("compliance state", "Expired")
    IN_PROGRESS = "in_progress", pgettext_lazy("compliance state", "In progress")
    NOT_STARTED = "not_started", pgettext_lazy("compliance state", "Not started")
