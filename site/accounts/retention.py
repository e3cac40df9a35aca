"""How long people's records are kept, and who has gone past it.

The period is the council's setting (Council settings > Data protection > retention_years). A
person's last activity is derived, not stored: the latest of when they joined or last signed in and
the dates in ACTIVITY_DATES (training, quizzes, certificates, organisations, licences). A date still
to come counts too (a certificate or licence that runs out later), so nobody is removed while a
record about them is still in use. Deriving it costs nothing on the pages people use; the daily task
pays once, in one query per batch that the indexes on each table's user column answer.
"""

import logging
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.db.models import DateTimeField, Exists, F, OuterRef, ProtectedError, Q, RestrictedError, Subquery
from django.utils import timezone

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_YEARS = 6
BATCH_SIZE = 200

# (model, path from it to the person, date or datetime field): every date that shows a person (or a
# record about them) is still in use. Keep in step with accounts/inventory.py.
ACTIVITY_DATES = (
    ("courses.Enrolment", "user", "started_at"),
    ("courses.Enrolment", "user", "completed_at"),
    ("courses.LessonProgress", "enrolment__user", "completed_at"),
    ("quizzes.Attempt", "user", "started_at"),
    ("quizzes.Attempt", "user", "submitted_at"),
    ("certificates.Certificate", "learner", "issued_on"),
    ("certificates.Certificate", "learner", "expires_on"),
    ("organisations.Membership", "user", "created_at"),
    ("organisations.Invitation", "membership__user", "accepted_at"),
    ("licensing.Licence", "membership__user", "created_at"),
    ("licensing.Licence", "membership__user", "confirmed_at"),
    ("licensing.Licence", "membership__user", "expires_on"),
    ("licensing.ExternalTraining", "driver", "recorded_at"),
    ("licensing.ExternalTraining", "driver", "expires_on"),
    ("licensing.ShareCode", "driver", "created_at"),
)


def retention_years():
    """The council's setting for the default site; the model's default when there is no site yet."""
    from wagtail.models import Site

    from eyesandears.core.models import CouncilSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_RETENTION_YEARS
    return CouncilSettings.for_site(site).retention_years


def retention_cutoff(now=None, years=None):
    """People whose last activity is before this moment have been kept long enough."""
    now = now or timezone.now()
    return now - relativedelta(years=years if years is not None else retention_years())


def _is_datetime(model, field_name):
    return isinstance(model._meta.get_field(field_name), DateTimeField)


def _activity_sources():
    for label, path, field_name in ACTIVITY_DATES:
        model = apps.get_model(label)
        yield model, path, field_name, _is_datetime(model, field_name)


def protected_people():
    """Accounts never removed automatically or by closing: staff, superusers, anyone the council has
    given rights in the admin (a group or a permission), and the one 'removed person' account."""
    from .erasure import REMOVED_PERSON_EMAIL

    return (
        Q(is_staff=True)
        | Q(is_superuser=True)
        | Q(groups__isnull=False)
        | Q(user_permissions__isnull=False)
        | Q(email=REMOVED_PERSON_EMAIL)
    )


def inactive_people(cutoff):
    """People with no activity at or after `cutoff` (and nothing still in use after it), who may be removed."""
    cutoff_date = timezone.localdate(cutoff)
    people = (
        get_user_model()
        .objects.exclude(protected_people())
        .filter(date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
    )
    for model, path, field_name, is_datetime in _activity_sources():
        recent = model.objects.filter(
            **{path: OuterRef("pk"), f"{field_name}__gte": cutoff if is_datetime else cutoff_date}
        )
        people = people.filter(~Exists(recent))
    return people


def memberships_never_joined(cutoff):
    """Organisations' entries for people who never joined (no account), untouched since `cutoff`: no
    invitation or reminder since, and no licence still running or confirmed since."""
    cutoff_date = timezone.localdate(cutoff)
    return (
        apps.get_model("organisations.Membership")
        .objects.filter(user__isnull=True, created_at__lt=cutoff)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=cutoff))
        .exclude(invitation__created_at__gte=cutoff)
        .exclude(invitation__sent_at__gte=cutoff)
        .exclude(licence__expires_on__gte=cutoff_date)
        .exclude(licence__confirmed_at__gte=cutoff)
    )


def _as_moment(value):
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def last_activity(user):
    """The latest date in the person's records (one query): when they last did something here, or when
    a certificate or licence of theirs runs out, if that is later."""
    latest = {
        f"activity_{number}": Subquery(
            model.objects.filter(**{path: OuterRef("pk")})
            .order_by(F(field_name).desc(nulls_last=True))
            .values(field_name)[:1]
        )
        for number, (model, path, field_name, _) in enumerate(_activity_sources())
    }
    row = get_user_model().objects.filter(pk=user.pk).values("date_joined", "last_login", **latest).get()
    return max(moment for moment in map(_as_moment, row.values()) if moment is not None)


def anonymise_inactive_people(*, batch_size=BATCH_SIZE, after_pk=0, now=None):
    """Remove up to `batch_size` people past the retention period, in order of id after `after_pk`.

    Returns (ids removed, the id to carry on after, or None when this batch was the last). Each person is
    removed in a transaction of their own, and checked again inside it, so a run that stops part-way,
    or runs twice, leaves everyone either untouched or wholly removed.
    """
    from .erasure import RETENTION_REASON, CannotRemove, person_remove

    cutoff = retention_cutoff(now)
    candidates = list(
        inactive_people(cutoff).filter(pk__gt=after_pk).order_by("pk").values_list("pk", flat=True)[:batch_size]
    )
    removed = []
    for person_id in candidates:
        try:
            if person_remove(user_id=person_id, reason=RETENTION_REASON, inactive_before=cutoff):
                removed.append(person_id)
        except (CannotRemove, IntegrityError, ProtectedError, RestrictedError):
            # Logged by id only; the next daily run tries again.
            logger.exception("Could not remove person %s after the retention period.", person_id)
    carry_on_after = candidates[-1] if len(candidates) == batch_size else None
    return removed, carry_on_after


def remove_memberships_never_joined(*, batch_size=BATCH_SIZE, now=None):
    """Delete up to `batch_size` entries for people who never joined and are past the period; returns
    how many, so the task knows whether to carry on."""
    from .erasure import memberships_never_joined_remove

    ids = list(memberships_never_joined(retention_cutoff(now)).order_by("pk").values_list("pk", flat=True)[:batch_size])
    return memberships_never_joined_remove(ids) if ids else 0
