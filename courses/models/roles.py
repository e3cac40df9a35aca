from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class JobRole(index.Indexed, models.Model):
    """A kind of work that brings people into contact with children; the council edits the list."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences that help a learner pick their role.")
    learners = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="job_roles", blank=True, editable=False)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "job role"

    def __str__(self):
        return self.name
