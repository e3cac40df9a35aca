"""Filters for the editors' quiz reports. They narrow the QuestionResult rows that are counted; they
never select a learner."""

import django_filters
from django.conf import settings
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from courses.models import JobRole

from .models import QuestionResult


class QuestionResultFilterSet(WagtailFilterSet):
    submitted_at = django_filters.DateFromToRangeFilter(
        label="Submitted between",
        widget=DateRangePickerWidget,
        help_text="Dates are inclusive.",
    )
    job_role = django_filters.ModelChoiceFilter(
        label="Job role",
        field_name="attempt__user__job_roles",
        queryset=JobRole.objects.order_by("name"),
        empty_label="Any job role",
        help_text="Attempts by learners who hold this job role.",
    )

    language = django_filters.ChoiceFilter(
        label="Language",
        field_name="quiz__locale__language_code",
        choices=settings.LANGUAGES,
        empty_label="Any language",
        help_text="Attempts taken in this language.",
    )

    class Meta:
        model = QuestionResult
        fields = ["submitted_at", "job_role", "language"]
