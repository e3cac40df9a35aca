"""The Celery app. Configured once from Django settings (the CELERY_ names in settings/base.py)."""

import os

from celery import Celery
from celery.contrib.django.task import DjangoTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eyesandears.settings.production")


class RetryingTask(DjangoTask):
    """Every task retries transient failures with backoff and jitter unless it says otherwise."""

    autoretry_for = (ConnectionError, TimeoutError, OSError)
    retry_backoff = 2
    retry_backoff_max = 600
    retry_jitter = True
    max_retries = 8


app = Celery("eyesandears", task_cls=RetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
