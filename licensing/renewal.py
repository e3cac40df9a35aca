"""Renewal-aware refreshers: training must still be valid on the day the licence is renewed. A driver
whose training (a certificate, or training accepted from another provider) runs out on or before a
renewal that is coming up is flagged on the check record and on the officers' Expiring list, is e-mailed
once per renewal date, and their task list says when the refresher is due.

Each licensing authority decides through its LicensingPolicy whether it asks for this at all and how
far ahead of a renewal drivers are flagged and told; an authority without a policy has the defaults.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from eyesandears.core.languages import in_language_of, live_translation
from organisations.compliance import compliance_for_memberships

from .models import Licence, LicensingPolicy, RenewalReminder
from .models.policy import DEFAULT_RENEWAL_WINDOW_DAYS

logger = logging.getLogger(__name__)


# The rule ------------------------------------------------------------------------------------------


def lapses_before_renewal(expires_on, renewal_on, today, window_days):
    """The one rule: the renewal is due within the window, and the training does not last past it
    (training is not valid on the day it runs out)."""
    if expires_on is None or renewal_on is None:
        return False
    return today <= renewal_on <= today + timedelta(days=window_days) and expires_on <= renewal_on


def policy_of(authority):
    """The authority's LicensingPolicy, or an unsaved one with the defaults (no query when it was loaded
    with select_related)."""
    return LicensingPolicy.of(authority)


def lapses_under_policy(policy, expires_on, renewal_on, today, window_days=None):
    """The rule as the authority applies it: never, where it does not require training to be valid on
    the renewal date; otherwise within its window (or `window_days`, for a page with its own horizon)."""
    if not policy.require_valid_at_renewal:
        return False
    window = policy.renewal_window_days if window_days is None else window_days
    return lapses_before_renewal(expires_on, renewal_on, today, window)


def within_window(policy, renewal_on, today):
    """Whether the authority looks at this renewal yet (its policy on, and the renewal inside its window)."""
    return (
        policy.require_valid_at_renewal
        and renewal_on is not None
        and today <= renewal_on <= today + timedelta(days=policy.renewal_window_days)
    )


def lapsing_course_ids(licence, courses, today):
    """{course id} of these CourseStates whose training runs out before the licence's renewal, for the
    check record: nothing for an unconfirmed licence. One query (the policy), however many courses."""
    if licence is None or not licence.confirmed or licence.expires_on is None:
        return set()
    policy = LicensingPolicy.objects.filter(authority_id=licence.authority_id).first() or LicensingPolicy()
    return {
        entry.course.pk for entry in courses if lapses_under_policy(policy, entry.expires_on, licence.expires_on, today)
    }


# Gaps ----------------------------------------------------------------------------------------------


@dataclass
class RenewalGap:
    licence: Licence
    course: CoursePage
    expires_on: date
    external: bool = False

    @property
    def renewal_on(self):
        return self.licence.expires_on


def renewal_gaps(authority, licences, today=None, policy=None):
    """[RenewalGap] for these licences of one authority: each required course whose training runs out
    before a renewal within the authority's window. None where its policy does not ask for training valid
    at renewal. A fixed number of queries, however many licences."""
    today = today or timezone.localdate()
    policy = policy or policy_of(authority)
    licences = [
        licence
        for licence in licences
        if licence.confirmed and licence.membership.user_id and within_window(policy, licence.expires_on, today)
    ]
    if not licences:
        return []
    people = compliance_for_memberships([licence.membership for licence in licences], authority, today)
    gaps = []
    for licence, person in zip(licences, people, strict=True):
        for entry in person.courses:
            if lapses_under_policy(policy, entry.expires_on, licence.expires_on, today):
                gaps.append(RenewalGap(licence, entry.course, entry.expires_on, entry.external))
    return gaps


def _by_authority(licences):
    groups = {}
    for licence in licences:
        groups.setdefault(licence.authority_id, []).append(licence)
    return groups.values()


def renewal_task_notes(user, tasks, today=None):
    """The `training_task_notes` hook: {course id: 'Refresher due before your licence renewal on ...'}
    for the learner's own confirmed licences, the earliest renewal first."""
    if not tasks:
        return {}
    today = today or timezone.localdate()
    licences = [
        licence
        for licence in Licence.objects.filter(membership__user=user, confirmed_at__isnull=False, expires_on__gte=today)
        .select_related("membership", "authority__licensing_policy")
        .order_by("expires_on")
        if within_window(policy_of(licence.authority), licence.expires_on, today)
    ]
    gaps = [gap for group in _by_authority(licences) for gap in renewal_gaps(group[0].authority, group, today)]
    notes = {}
    for gap in sorted(gaps, key=lambda gap: gap.renewal_on):
        notes.setdefault(
            gap.course.pk,
            _("Refresher due before your licence renewal on %(date)s.")
            % {"date": dateformat.format(gap.renewal_on, "j F Y")},
        )
    return notes


# Reminders -----------------------------------------------------------------------------------------


def licences_due_a_reminder(today):
    """Confirmed licences of drivers who have joined, renewed within their authority's window, where the
    authority asks for training valid at renewal and no reminder has gone for that renewal date. Two queries."""
    longest = LicensingPolicy.objects.filter(require_valid_at_renewal=True).aggregate(
        longest=Max("renewal_window_days")
    )["longest"]
    longest = max(longest or 0, DEFAULT_RENEWAL_WINDOW_DAYS)
    reminded = RenewalReminder.objects.filter(licence=OuterRef("pk"), renewal_on=OuterRef("expires_on"))
    licences = (
        Licence.objects.filter(
            confirmed_at__isnull=False,
            membership__user__isnull=False,
            membership__user__is_active=True,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=longest),
        )
        .exclude(authority__licensing_policy__require_valid_at_renewal=False)
        .exclude(Exists(reminded))
        .select_related("authority__licensing_policy", "membership__user")
        .order_by("authority_id", "expires_on", "pk")
    )
    return [licence for licence in licences if within_window(policy_of(licence.authority), licence.expires_on, today)]


def renewal_reminders_due(today=None):
    """[(licence, [RenewalGap])]: each driver to remind and the training that runs out before their
    renewal. A fixed number of queries for each authority with renewals due, however many drivers."""
    today = today or timezone.localdate()
    due = {}
    for group in _by_authority(licences_due_a_reminder(today)):
        authority = group[0].authority
        for gap in renewal_gaps(authority, group, today, policy_of(authority)):
            due.setdefault(gap.licence.pk, (gap.licence, []))[1].append(gap)
    return list(due.values())


def refreshers_for(course_ids):
    """{course id: the live course to take}: its refresher where it has one, else the course. One query."""
    refreshers = {}
    for refresher in CoursePage.objects.live().filter(refreshes_id__in=course_ids).order_by("-path"):
        refreshers[refresher.refreshes_id] = refresher  # the first in the tree wins
    return refreshers


def send_renewal_email(licence, gaps, refreshers, today):
    with in_language_of(licence.membership.user):
        _send_renewal_email(licence, gaps, refreshers, today)


def _send_renewal_email(licence, gaps, refreshers, today):
    from certificates.services import absolute_url

    user = licence.membership.user
    training = []
    for gap in sorted(gaps, key=lambda gap: (gap.expires_on, gap.course.title)):
        take = refreshers.get(gap.course.pk) or gap.course
        training.append(
            {
                "course": gap.course,
                "expires_on": gap.expires_on,
                "expired": gap.expires_on <= today,
                "external": gap.external,
                "take": live_translation(take),
                "url": absolute_url(live_translation(take).url),
            }
        )
    context = {
        "name": licence.membership.full_name or user.full_name or user.email,
        "licence": licence,
        "authority": licence.authority,
        "renewal_on": licence.expires_on,
        "training": training,
        "your_training_url": absolute_url(reverse("courses:your_training")),
    }
    subject = render_to_string("licensing/emails/renewal_reminder_subject.txt", context).strip()
    body = render_to_string("licensing/emails/renewal_reminder.txt", context)
    send_mail(subject, body, None, [user.email])


def send_renewal_reminders(today=None):
    """Once a day: e-mail each driver whose training runs out before their licence renewal, once per
    renewal date. Safe to run twice, and by two workers at once: the RenewalReminder row is written in
    the same transaction as the e-mail is queued (on commit), and the second writer finds it there."""
    today = today or timezone.localdate()
    due = renewal_reminders_due(today)
    refreshers = refreshers_for({gap.course.pk for _, gaps in due for gap in gaps})
    sent = 0
    for licence, gaps in due:
        try:
            with transaction.atomic():
                RenewalReminder.objects.create(licence=licence, renewal_on=licence.expires_on)
                send_renewal_email(licence, gaps, refreshers, today)
        except IntegrityError:
            continue  # another run sent it a moment ago
        sent += 1
    return sent
