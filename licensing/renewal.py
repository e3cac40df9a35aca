"""Renewal-aware refreshers: training must still be valid on the day the licence is renewed. A driver
whose training (a certificate, or training accepted from another provider) runs out on or before a
renewal that is coming up is flagged on the check record (and on the officers' Expiring list), and their
task list says when the refresher is due.

A reminder e-mail needs a record of what was sent (once per renewal date), which needs a model, so
none is sent from here yet.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import dateformat, timezone

from courses.models import CoursePage
from organisations.compliance import compliance_for_memberships

from .models import Licence


def renewal_window_days():
    """How far ahead of a renewal drivers are flagged and told."""
    return getattr(settings, "LICENSING_RENEWAL_WINDOW_DAYS", 120)


def lapses_before_renewal(expires_on, renewal_on, today, window_days):
    """The one rule: the renewal is due within the window, and the training does not last past it
    (training is not valid on the day it runs out)."""
    if expires_on is None or renewal_on is None:
        return False
    return today <= renewal_on <= today + timedelta(days=window_days) and expires_on <= renewal_on


@dataclass
class RenewalGap:
    licence: Licence
    course: CoursePage
    expires_on: date
    external: bool = False

    @property
    def renewal_on(self):
        return self.licence.expires_on


def renewal_gaps(authority, licences, today=None):
    """[RenewalGap] for these licences of one authority: each required course whose training runs out
    before a renewal within the window. A fixed number of queries, however many licences."""
    today = today or timezone.localdate()
    window = renewal_window_days()
    licences = [licence for licence in licences if licence.confirmed and licence.membership.user_id]
    people = compliance_for_memberships([licence.membership for licence in licences], authority, today)
    gaps = []
    for licence, person in zip(licences, people, strict=True):
        for entry in person.courses:
            if lapses_before_renewal(entry.expires_on, licence.expires_on, today, window):
                gaps.append(RenewalGap(licence, entry.course, entry.expires_on, entry.external))
    return gaps


def renewal_task_notes(user, tasks, today=None):
    """The `training_task_notes` hook: {course id: 'Refresher due before your licence renewal on ...'}
    for the learner's own confirmed licences, the earliest renewal first."""
    if not tasks:
        return {}
    today = today or timezone.localdate()
    licences = list(
        Licence.objects.filter(
            membership__user=user,
            confirmed_at__isnull=False,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=renewal_window_days()),
        )
        .select_related("membership", "authority")
        .order_by("expires_on")
    )
    by_authority = {}
    for licence in licences:
        by_authority.setdefault(licence.authority_id, []).append(licence)
    gaps = [gap for group in by_authority.values() for gap in renewal_gaps(group[0].authority, group, today)]
    notes = {}
    for gap in sorted(gaps, key=lambda gap: gap.renewal_on):
        notes.setdefault(
            gap.course.pk,
            f"Refresher due before your licence renewal on {dateformat.format(gap.renewal_on, 'j F Y')}.",
        )
    return notes
