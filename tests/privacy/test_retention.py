"""Retention: people whose last activity is older than the council's period are removed by a daily task,
in batches, idempotently, never staff; each removal is in the audit log without the person's name."""

from datetime import datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from certificates.models import Certificate
from eyesandears.accounts import erasure, retention
from eyesandears.accounts.factories import UserFactory
from eyesandears.accounts.models import User
from eyesandears.accounts.tasks import anonymise_inactive_people_task
from eyesandears.core.models import CouncilSettings
from organisations.models import Invitation, Membership
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.organisations import member

pytestmark = pytest.mark.django_db


def set_retention(home_page, years):
    council = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    council.retention_years = years
    council.save()


def age(user, years):
    """Move every date in the person's records (those that count as activity) `years` into the past."""
    shift = relativedelta(years=years)
    User.objects.filter(pk=user.pk).update(
        date_joined=user.date_joined - shift, last_login=(user.last_login - shift) if user.last_login else None
    )
    for label, path, field_name in retention.ACTIVITY_DATES:
        model = apps.get_model(label)
        for pk, value in model.objects.filter(**{path: user}).values_list("pk", field_name):
            if value is not None:
                model.objects.filter(pk=pk).update(**{field_name: value - shift})


@pytest.fixture
def long_gone(quiz, driver, home_page):
    """The driver passed the quiz ten years ago (the certificate ran out seven years ago) and has not been
    back: past the period, which counts from the latest date in their records."""
    certificate = pass_quiz(driver, quiz).certificate
    driver.last_login = timezone.now()
    driver.save(update_fields=["last_login"])
    age(driver, 10)
    return certificate


def test_someone_inactive_past_the_period_is_removed_and_someone_active_is_not(long_gone, driver, quiz):
    active = UserFactory(email="active@example.com", full_name="Ava Active")
    pass_quiz(active, quiz)
    removed, carry_on = retention.anonymise_inactive_people()
    assert removed == [driver.pk] and carry_on is None
    assert not User.objects.filter(pk=driver.pk).exists()
    assert User.objects.filter(pk=active.pk).exists()
    long_gone.refresh_from_db()
    assert long_gone.holder_removed and long_gone.name_as_printed == ""
    entry = ModelLogEntry.objects.get(action=erasure.REMOVED_ACTION)
    assert entry.label == "Removed person" and entry.user is None
    assert entry.data == {"reason": erasure.RETENTION_REASON}
    assert "Dev Driver" not in str(entry.data) and "driver@example.com" not in str(entry.data)


def test_each_kind_of_activity_keeps_a_person(long_gone, driver):
    """The last activity is the latest date in the declared list; one recent date is enough."""
    cutoff = retention.retention_cutoff()
    assert retention.inactive_people(cutoff).filter(pk=driver.pk).exists()
    driver.last_login = timezone.now()
    driver.save(update_fields=["last_login"])
    assert not retention.inactive_people(cutoff).filter(pk=driver.pk).exists()
    driver.last_login = timezone.now() - relativedelta(years=10)
    driver.save(update_fields=["last_login"])
    # A certificate still running (here: renewed to run out next year) keeps the record too.
    Certificate.objects.filter(pk=long_gone.pk).update(expires_on=timezone.localdate() + timedelta(days=365))
    assert not retention.inactive_people(cutoff).filter(pk=driver.pk).exists()


def test_last_activity_is_the_latest_date_in_one_query(long_gone, driver, django_assert_num_queries):
    Certificate.objects.filter(pk=long_gone.pk).update(expires_on=timezone.localdate() - timedelta(days=10))
    with django_assert_num_queries(1):
        latest = retention.last_activity(driver)
    ten_days_ago = timezone.localdate() - timedelta(days=10)
    assert latest == timezone.make_aware(datetime.combine(ten_days_ago, datetime.min.time()))


def test_staff_administrators_and_people_with_admin_rights_are_never_removed(home_page):
    staff = UserFactory(email="editor@example.com", is_staff=True)
    superuser = UserFactory(email="admin@example.com", is_superuser=True)
    lead = UserFactory(email="lead@example.com")
    lead.groups.add(Group.objects.create(name="Safeguarding leads"))
    for person in (staff, superuser, lead):
        age(person, 10)
    assert retention.anonymise_inactive_people() == ([], None)
    assert User.objects.filter(pk__in=[staff.pk, superuser.pk, lead.pk]).count() == 3


def test_running_again_changes_nothing(long_gone, driver):
    assert retention.anonymise_inactive_people()[0] == [driver.pk]
    state = sorted(Certificate.objects.values_list("pk", "learner_id", "holder_removed_at"))
    assert retention.anonymise_inactive_people() == ([], None)
    assert sorted(Certificate.objects.values_list("pk", "learner_id", "holder_removed_at")) == state
    assert ModelLogEntry.objects.filter(action=erasure.REMOVED_ACTION).count() == 1
    assert erasure.person_remove(user_id=driver.pk, reason=erasure.RETENTION_REASON) is False


def test_the_period_comes_from_the_council_setting(long_gone, driver, home_page):
    set_retention(home_page, 8)  # the certificate ran out seven years ago
    assert retention.anonymise_inactive_people() == ([], None)
    set_retention(home_page, 5)
    assert retention.anonymise_inactive_people()[0] == [driver.pk]


def test_the_setting_is_bounded(home_page):
    council = CouncilSettings.for_site(Site.objects.get(is_default_site=True))
    assert council.retention_years == 6
    for wrong in (0, 21):
        council.retention_years = wrong
        with pytest.raises(ValidationError):
            council.full_clean()


def test_the_daily_task_works_in_batches_and_is_on_the_schedule(home_page, quiz):
    people = [UserFactory(email=f"gone{n}@example.com") for n in range(5)]
    for person in people:
        pass_quiz(person, quiz)
        age(person, 10)
    recent = UserFactory(email="recent@example.com")
    assert anonymise_inactive_people_task.delay(batch_size=2).get() == 2  # eager: the next batches follow
    assert not User.objects.filter(pk__in=[person.pk for person in people]).exists()
    assert User.objects.filter(pk=recent.pk).exists()
    assert Certificate.objects.filter(holder_removed_at__isnull=False).count() == 5
    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-inactive-people"]
    assert schedule["task"] == anonymise_inactive_people_task.name


def test_one_person_who_cannot_be_removed_does_not_stop_the_rest(home_page, monkeypatch):
    first, second = UserFactory(email="first@example.com"), UserFactory(email="second@example.com")
    for person in (first, second):
        age(person, 8)
    real_remove = erasure.person_remove

    def refuse_first(*, user_id, **kwargs):
        if user_id == first.pk:
            raise erasure.CannotRemove("test")
        return real_remove(user_id=user_id, **kwargs)

    monkeypatch.setattr(erasure, "person_remove", refuse_first)
    assert retention.anonymise_inactive_people(batch_size=1) == ([], first.pk)
    assert retention.anonymise_inactive_people(batch_size=1, after_pk=first.pk) == ([second.pk], second.pk)
    assert User.objects.filter(pk=first.pk).exists()


def test_entries_of_people_who_never_joined_go_after_the_period(organisation, manager):
    old = member(organisation, email="never@example.com", name="Nev Never")
    recent = member(organisation, email="soon@example.com", name="Sue Soon")
    now = timezone.now()
    Invitation.objects.create(membership=old, invited_by=manager, sent_at=now, expires_at=now + timedelta(days=14))
    Membership.objects.filter(pk=old.pk).update(created_at=now - relativedelta(years=7))
    Invitation.objects.filter(membership=old).update(created_at=now - relativedelta(years=7),
                                                      sent_at=now - relativedelta(years=7))
    anonymise_inactive_people_task.delay().get()
    assert list(Membership.objects.filter(user__isnull=True).values_list("pk", flat=True)) == [recent.pk]
    assert not Invitation.objects.filter(membership_id=old.pk).exists()


def test_every_activity_date_is_a_real_field():
    for label, path, field_name in retention.ACTIVITY_DATES:
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
        assert field.get_internal_type() in ("DateField", "DateTimeField"), (label, field_name)
        assert model.objects.filter(**{path: None}).query is not None  # the path to the person resolves
