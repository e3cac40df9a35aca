from django.db import models


class OrganisationKind(models.TextChoices):
    LICENSING_AUTHORITY = "licensing_authority", "Licensing authority"
    TAXI_OPERATOR = "taxi_operator", "Taxi or private hire operator"
    HOTEL = "hotel", "Hotel"
    YOUTH_SERVICE = "youth_service", "Youth service"
    COUNCIL_DEPARTMENT = "council_department", "Council department"


class MemberRole(models.TextChoices):
    LEARNER = "learner", "Learner"
    MANAGER = "manager", "Manager"
    LICENSING_OFFICER = "licensing_officer", "Licensing officer"


class Compliance(models.TextChoices):
    """A person's state on one required course: derived from certificates and enrolments, never stored."""

    COMPLIANT = "compliant", "Compliant"
    EXPIRING = "expiring", "Expiring soon"
    EXPIRED = "expired", "Expired"
    IN_PROGRESS = "in_progress", "In progress"
    NOT_STARTED = "not_started", "Not started"
