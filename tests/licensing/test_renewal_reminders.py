"""Renewal reminders: a driver whose training runs out before their licence renewal is e-mailed once per
renewal date, however often the daily task runs."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone

from certificates.models import Certificate
from eyesandears.accounts.factories import UserFactory
from licensing import renewal
from licensing.models import ExternalTraining, LicensingPolicy, RenewalReminder
from licensing.renewal import renewal_reminders_due, send_renewal_reminders
from licensing.tasks import send_renewal_reminders_task
from organisations.models import Membership
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.courses import make_course
from tests.fixtures.licensing import licensed

pytestmark = pytest.mark.django_db

SUBJECT = "Refresher due before your licence renewal"


def in_days(days):
    return timezone.localdate() + timedelta(days=days)


def long_date(value):
    return dateformat.format(value, "j F Y")


def trained_until(user, quiz, expires_on):
    certificate = pass_quiz(user, quiz).certificate
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=expires_on)
    return certificate


def reminders(mailoutbox):
    return [message for message in mailoutbox if message.subject.startswith(SUBJECT)]


@pytest.fixture
def lapsing(authority, driver, driver_role, quiz, driver_required):
    """A confirmed driver renewing in 100 days whose certificate runs out in 90."""
    trained_until(driver, quiz, in_days(90))
    return licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(100))


def test_the_reminder_goes_once_even_when_the_task_runs_twice(lapsing, driver, taxi_course, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 1
        assert send_renewal_reminders() == 0
    [message] = reminders(mailoutbox)
    assert message.to == [driver.email]
    assert message.subject == f"{SUBJECT} on {long_date(in_days(100))}"
    assert "PH00123" in message.body and "Eyesbury Licensing" in message.body
    assert f"due for renewal on {long_date(in_days(100))}" in message.body
    assert f"Taxi course: runs out on {long_date(in_days(90))}." in message.body
    assert f"http://testserver{taxi_course.url}" in message.body
    assert "http://testserver/your-training/" in message.body
    [reminder] = RenewalReminder.objects.all()
    assert reminder.licence == lapsing and reminder.renewal_on == in_days(100)


def test_the_celery_task_sends_it_once(lapsing, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_renewal_reminders_task.delay()
        send_renewal_reminders_task.delay()
    assert len(reminders(mailoutbox)) == 1


def test_two_runs_at_once_send_it_once(lapsing, monkeypatch, mailoutbox, django_capture_on_commit_callbacks):
    """The second run found the driver before the first had written the reminder: the constraint stops it."""
    found_by_the_second_run = renewal_reminders_due()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 1
    monkeypatch.setattr(renewal, "renewal_reminders_due", lambda today=None: found_by_the_second_run)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 0
    assert len(reminders(mailoutbox)) == 1 and RenewalReminder.objects.count() == 1


def test_a_new_renewal_date_gets_its_own_reminder(lapsing, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 1
        lapsing.expires_on = in_days(110)
        lapsing.save()
        assert send_renewal_reminders() == 1
        assert send_renewal_reminders() == 0
    assert [message.subject for message in reminders(mailoutbox)] == [
        f"{SUBJECT} on {long_date(in_days(100))}",
        f"{SUBJECT} on {long_date(in_days(110))}",
    ]


def test_the_reminder_links_to_the_refresher_course(lapsing, course_index, driver_role, taxi_course, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    refresher = make_course(course_index, roles=[driver_role], title="Taxi refresher", slug="taxi-refresher",
                            lessons=1, refreshes=taxi_course)
    with django_capture_on_commit_callbacks(execute=True):
        send_renewal_reminders()
    [message] = reminders(mailoutbox)
    assert f"Take Taxi refresher before {long_date(in_days(100))}:" in message.body
    assert f"http://testserver{refresher.url}" in message.body


def test_training_that_already_ran_out_is_still_needed_by_the_renewal(lapsing, mailoutbox,
                                                                     django_capture_on_commit_callbacks):
    Certificate.objects.update(issued_on=in_days(-1000), expires_on=in_days(-3))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 1
    [message] = reminders(mailoutbox)
    assert f"Taxi course: ran out on {long_date(in_days(-3))}." in message.body


@pytest.mark.parametrize(
    ("certificate_expires", "renewal", "sent"),
    [
        (90, 100, 1),
        (100, 100, 1),  # not valid on the day it runs out
        (101, 100, 0),  # still valid on the renewal day
        (60, 120, 1),  # the last day of the window
        (60, 121, 0),  # outside the window
        (60, -1, 0),  # the renewal date has passed
    ],
)
def test_who_is_reminded_at_the_edges(authority, driver, driver_role, quiz, driver_required, certificate_expires,
                                      renewal, sent):
    trained_until(driver, quiz, in_days(certificate_expires))
    licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(renewal))
    assert send_renewal_reminders() == sent
    assert RenewalReminder.objects.count() == sent


def test_no_reminder_for_an_unconfirmed_licence(authority, driver, driver_role, quiz, driver_required):
    trained_until(driver, quiz, in_days(90))
    licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(100), confirmed=False)
    assert send_renewal_reminders() == 0


def test_no_reminder_without_a_renewal_date_or_training(authority, driver, driver_role, quiz, driver_required):
    licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(100))  # never trained: the task list says
    other = UserFactory(full_name="Dated")
    trained_until(other, quiz, in_days(90))
    licensed(authority, other, "PH00124", driver_role, expires_on=None)
    assert send_renewal_reminders() == 0


def test_no_reminder_for_a_driver_who_has_not_joined_or_is_deactivated(authority, driver, driver_role, quiz,
                                                                      driver_required, lapsing):
    from licensing.models import Licence

    Membership.objects.filter(pk=lapsing.membership_id).update(user=None)
    assert send_renewal_reminders() == 0
    Membership.objects.filter(pk=lapsing.membership_id).update(user=driver)
    type(driver).objects.filter(pk=driver.pk).update(is_active=False)
    assert send_renewal_reminders() == 0
    assert Licence.objects.count() == 1


def test_no_reminder_once_the_refresher_is_done_or_external_training_covers_it(lapsing, driver, quiz, authority,
                                                                              taxi_course):
    ExternalTraining.objects.create(
        authority=authority, driver=driver, counts_for=taxi_course, provider="P", course_name="C",
        completed_on=in_days(-1), expires_on=in_days(365), evidence="seen",
    )
    assert send_renewal_reminders() == 0
    ExternalTraining.objects.update(withdrawn_at=timezone.now())
    pass_quiz(driver, quiz)  # a new certificate, valid for years
    assert send_renewal_reminders() == 0


def test_no_reminder_where_the_authority_switched_it_off(lapsing, authority, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    policy = LicensingPolicy.objects.create(authority=authority, require_valid_at_renewal=False)
    assert renewal_reminders_due() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_renewal_reminders() == 0
    assert reminders(mailoutbox) == []
    policy.require_valid_at_renewal = True
    policy.save()
    assert send_renewal_reminders() == 1


@pytest.mark.parametrize(("window", "sent"), [(200, 1), (149, 0)])
def test_the_window_is_the_authoritys(authority, driver, driver_role, quiz, driver_required, window, sent):
    trained_until(driver, quiz, in_days(140))
    licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(150))  # outside the default 120
    assert send_renewal_reminders() == 0
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=window)
    assert send_renewal_reminders() == sent


def test_a_short_window_holds_the_reminder_back(lapsing, authority):
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=60)
    assert send_renewal_reminders() == 0


def test_each_authoritys_policy_applies_to_its_own_drivers(authority, driver, driver_role, quiz, driver_required):
    from organisations.choices import OrganisationKind
    from organisations.models import Organisation

    other = Organisation.objects.create(name="Neighbouring Licensing", kind=OrganisationKind.LICENSING_AUTHORITY)
    LicensingPolicy.objects.create(authority=other, require_valid_at_renewal=False)
    LicensingPolicy.objects.create(authority=authority, renewal_window_days=200)
    trained_until(driver, quiz, in_days(140))
    mine = licensed(authority, driver, "PH00123", driver_role, expires_on=in_days(150))
    licensed(other, driver, "NL555", driver_role, expires_on=in_days(145))
    [(licence, gaps)] = renewal_reminders_due()
    assert licence == mine and [gap.course.title for gap in gaps] == ["Taxi course"]


def test_finding_the_drivers_costs_the_same_queries_for_1_or_5(authority, driver_role, quiz, driver_required):
    def add_drivers(count, start):
        for number in range(start, start + count):
            user = UserFactory(full_name=f"Driver {number}")
            trained_until(user, quiz, in_days(50))
            licensed(authority, user, f"PH{number:04d}", driver_role, expires_on=in_days(60))

    def queries(expected):
        with CaptureQueriesContext(connection) as captured:
            assert len(renewal_reminders_due()) == expected
        return len(captured)

    add_drivers(1, 0)
    one = queries(1)
    add_drivers(4, 1)
    assert queries(5) == one


def test_the_beat_schedule_sends_them_daily_and_celery_knows_the_task(settings):
    from eyesandears.celery import app

    [entry] = [entry for entry in settings.CELERY_BEAT_SCHEDULE.values()
               if entry["task"] == "licensing.send_renewal_reminders"]
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"].hour == {7} and entry["schedule"].day_of_week == set(range(7))
    app.loader.import_default_modules()
    assert app.tasks["licensing.send_renewal_reminders"].name == send_renewal_reminders_task.name
