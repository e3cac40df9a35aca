from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceKind(models.TextChoices):
    HACKNEY_CARRIAGE = "hackney_carriage", _("Hackney carriage")
    PRIVATE_HIRE = "private_hire", _("Private hire")


class CheckMethod(models.TextChoices):
    # Translators: how a driver's training was checked; shown after "Checked ... by <officer>,", lower-cased.
    LICENCE_NUMBER = "licence_number", _("By licence number")
    CERTIFICATE_CODE = "certificate_code", _("By certificate code")
    BULK = "bulk", _("In a list check")
    API = "api", _("Through the licensing system's API")


class CheckOutcome(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    UNCONFIRMED = "unconfirmed", _("Licence number not confirmed")
    UNKNOWN = "unknown", _("No such licence")
