"""Renewal-aware refreshers on a check record: renewal.py's rule, under the authority's policy."""

from django import template
from django.utils import timezone

from .. import renewal

register = template.Library()


@register.simple_tag
def lapsing_before_renewal(status, checked_at):
    """{course id} of the driver's required courses whose training runs out before the licence renewal,
    as on the day of the check."""
    return renewal.lapsing_course_ids(status.licence, status.courses, timezone.localdate(checked_at))
