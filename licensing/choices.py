from django.db import models


class LicenceKind(models.TextChoices):
    HACKNEY_CARRIAGE = "hackney_carriage", "Hackney carriage"
    PRIVATE_HIRE = "private_hire", "Private hire"


class CheckMethod(models.TextChoices):
    LICENCE_NUMBER = "licence_number", "By licence number"
    CERTIFICATE_CODE = "certificate_code", "By certificate code"
    BULK = "bulk", "In a list check"
    API = "api", "Through the licensing system's API"


class CheckOutcome(models.TextChoices):
    COMPLIANT = "compliant", "Compliant"
    NOT_COMPLIANT = "not_compliant", "Not compliant"
    UNCONFIRMED = "unconfirmed", "Licence number not confirmed"
    UNKNOWN = "unknown", "No such licence"
