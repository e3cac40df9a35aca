"""The Eyes and Ears project package (the `site/` folder, imported as `eyesandears`)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
