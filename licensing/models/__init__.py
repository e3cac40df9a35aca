from .api import ApiKey, ApiKeyUse
from .bulk import BulkCheck
from .external import ExternalTraining
from .register import CheckRecord, Licence, normalise_licence_number
from .sharing import ShareCode, ShareCodeUse

__all__ = [
    "ApiKey",
    "ApiKeyUse",
    "BulkCheck",
    "CheckRecord",
    "ExternalTraining",
    "Licence",
    "ShareCode",
    "ShareCodeUse",
    "normalise_licence_number",
]
