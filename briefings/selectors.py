"""Reads for briefings: who a briefing goes to, what a learner has not read, and who in an
organisation has read the required ones. Every manager's read is scoped to one organisation."""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import Http404

from eyesandears.core.languages import (
    active_locale,
    default_locale,
    live_translation,
    live_translations_of,
    source_of,
)
from organisations.models import Membership

from .models import BriefingIndexPage, BriefingPage, BriefingRead, BriefingSend

YOUR_TRAINING_LIMIT = 5
PERSON_RECORD_LIMIT = 10


def published_briefings():
    """Live, public briefings in the original language: reads, sends and reports point at these."""
    return BriefingPage.objects.live().public().filter(locale=default_locale())


def recipients(briefing, *, after_user_id=0):
    """Learners holding one of the briefing's job roles, with a verified address, who have not had it
    and have not turned briefing e-mails off; in id order from `after_user_id`."""
    verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    already_sent = BriefingSend.objects.filter(briefing=briefing, user=OuterRef("pk"))
    return (
        get_user_model().objects.filter(
            is_active=True,
            pk__gt=after_user_id,
            job_roles__in=briefing.audience_job_roles.all(),
        )
        .filter(Exists(verified))
        .exclude(Exists(already_sent))
        .exclude(briefing_email_preference__emails_on=False)
        .select_related("briefing_email_preference")
        .distinct()
        .order_by("pk")
    )


def read_at(*, user, briefing):
    """When this user read the briefing (its original), or None."""
    if not user.is_authenticated:
        return None
    return (
        BriefingRead.objects.filter(user=user, briefing=source_of(briefing)).values_list("read_at", flat=True).first()
    )


def briefings_for(user):
    return published_briefings().filter(audience_job_roles__learners=user).distinct()


def unread_briefings(user, limit=YOUR_TRAINING_LIMIT):
    """(the newest unread briefings for the user's job roles, in the language being read; how many are unread)."""
    unread = briefings_for(user).exclude(Exists(BriefingRead.objects.filter(briefing=OuterRef("pk"), user=user)))
    count = unread.count()
    newest = list(unread.order_by("-date", "-pk")[:limit]) if count else []
    translations = live_translations_of(newest)
    return [translations[briefing.pk] for briefing in newest], count


def briefing_index():
    """The list of all briefings, in the language being read where it is translated."""
    index = BriefingIndexPage.objects.live().public().filter(locale=default_locale()).first()
    return live_translation(index, active_locale()) if index else None


def emails_on(user):
    preference = getattr(user, "briefing_email_preference", None)
    return preference is None or preference.emails_on


# Managers' reports


@dataclass
class BriefingReadCounts:
    briefing: BriefingPage
    members: list = field(default_factory=list)  # [MemberReading] addressed to
    read: int = 0

    @property
    def not_read(self):
        return len(self.members) - self.read


@dataclass
class MemberReading:
    membership: Membership
    read_at: object = None


def memberships_with_roles(organisation):
    return (
        Membership.objects.filter(organisation=organisation, job_role__isnull=False)
        .select_related("job_role")
        .order_by("full_name", "pk")
    )


def required_briefings_for(organisation):
    """The required briefings addressed to any job role held in the organisation, newest first."""
    role_ids = memberships_with_roles(organisation).values("job_role_id")
    return (
        published_briefings()
        .filter(required=True, audience_job_roles__in=role_ids)
        .distinct()
        .prefetch_related("audience_job_roles")
        .order_by("-date", "-pk")
    )


def read_report(organisation, briefings):
    """[BriefingReadCounts] for these briefings among the organisation's members (invited people who have
    not joined count as not read). A fixed number of queries however many people and briefings."""
    briefings = list(briefings)
    memberships = list(memberships_with_roles(organisation))
    user_ids = [membership.user_id for membership in memberships if membership.user_id]
    reads = {
        (briefing_id, user_id): when
        for briefing_id, user_id, when in BriefingRead.objects.filter(
            briefing__in=briefings, user_id__in=user_ids
        ).values_list("briefing_id", "user_id", "read_at")
    }
    rows = []
    for briefing in briefings:
        role_ids = {role.pk for role in briefing.audience_job_roles.all()}
        counts = BriefingReadCounts(briefing)
        for membership in memberships:
            if membership.job_role_id in role_ids:
                when = reads.get((briefing.pk, membership.user_id))
                counts.members.append(MemberReading(membership, when))
                counts.read += when is not None
        rows.append(counts)
    return rows


def required_briefing_in(organisation, briefing_id):
    """One required briefing addressed to the organisation's people; a 404 for any other."""
    briefing = required_briefings_for(organisation).filter(id=briefing_id).first()
    if briefing is None:
        raise Http404
    return briefing


def briefings_for_membership(membership, limit=PERSON_RECORD_LIMIT):
    """[(briefing, read_at or None)] addressed to the member's job role in the organisation, newest first."""
    if not membership.job_role_id:
        return []
    briefings = list(
        published_briefings().filter(audience_job_roles=membership.job_role_id).order_by("-date", "-pk")[:limit]
    )
    reads = {}
    if membership.user_id and briefings:
        reads = dict(
            BriefingRead.objects.filter(user_id=membership.user_id, briefing__in=briefings).values_list(
                "briefing_id", "read_at"
            )
        )
    return [(briefing, reads.get(briefing.pk)) for briefing in briefings]
