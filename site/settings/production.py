"""Production: everything from the environment, nothing relaxed. `check --deploy` is clean."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env_str

for required in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
    if not env_str(required):
        raise ImproperlyConfigured(f"Set the {required} environment variable for production.")

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma separated) for production.")

DEBUG = False
