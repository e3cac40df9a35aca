"""Settings for the processes the fault tests start (gunicorn, Celery workers, the seeding script).

The test settings, except that tasks go to the broker whenever one is configured: the suite's own
settings run every task in-process, and here the web server must hand them to a real worker.
"""

from eyesandears.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL  # noqa: F405
