from .api import ApiKey, ApiKeyUse
from .bulk import BulkCheck
from .external import ExternalTraining
from .policy import LicensingPolicy
from .register import CheckRecord, Licence, normalise_licence_number
from .reminders import RenewalReminder
from .sharing import ShareCode, ShareCodeUse

__all__ = [
    "ApiKey",
    "ApiKeyUse",
    "BulkCheck",
    "CheckRecord",
    "ExternalTraining",
    "Licence",
    "LicensingPolicy",
    "RenewalReminder",
    "ShareCode",
    "ShareCodeUse",
    "normalise_licence_number",
]
