from django.conf import settings
from django.db import models


class TranslationReview(models.Model):
    """Whether a translation (page or quiz) has been checked by a qualified translator. The demo
    translations shipped by `seed_demo` start unreviewed, and their pages say so until an editor
    marks them reviewed (Settings > Translation reviews)."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField(help_text="The translated page's or quiz's translation key.")
    title = models.CharField(max_length=255, help_text="What was translated, as the admin lists it.")
    reviewed = models.BooleanField(
        "reviewed by a qualified translator", default=False,
        help_text="Tick once a qualified translator has checked this translation against the original.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["reviewed", "title"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "translation_key"], name="courses_one_review_per_translation")
        ]

    def __str__(self):
        return f"{self.title} ({self.locale.get_display_name()})"
