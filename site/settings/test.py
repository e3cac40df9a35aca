"""Settings for the test suite. The same code paths as production, over plain http on loopback.

DATABASE_URL, REDIS_URL and CELERY_BROKER_URL switch the suite onto real services (see .ci/run).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-eyes-and-ears")
# Each run keeps its private files (certificate PDFs) in a folder of its own, shared with the
# worker processes it starts (they inherit the environment).
os.environ.setdefault("PRIVATE_ROOT", tempfile.mkdtemp(prefix="eae-private-"))

from .base import *  # noqa: E402,F403
from .env import env_str  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = env_str("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The suite's own tasks run in-process unless a test asks for the real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
