"""Publishing a briefing e-mails the learners of its job roles once each: not again when the task runs
twice, nor when an edit is published, nor to those who stopped briefing e-mails."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from briefings import services
from briefings.models import BriefingMailout, BriefingSend
from briefings.tasks import send_briefing_emails_task
from eyesandears.accounts.factories import UserFactory
from tests.conftest import _point_celery_at

from .conftest import briefing_mail, draft_briefing, learner, publish

pytestmark = pytest.mark.django_db


def recipients_of(messages):
    return sorted(address for message in messages for address in message.to)


def test_publishing_emails_each_learner_of_the_roles_once(
    briefing_index, hotel_role, driver_role, hotel_learners, driver, youth_learner, mailoutbox,
    django_capture_on_commit_callbacks,
):
    both = learner("both@example.com", hotel_role, driver_role)
    briefing = draft_briefing(briefing_index, hotel_role, driver_role, title="Operation Makesafe")
    assert not mailoutbox  # saving a draft e-mails nobody

    publish(briefing, django_capture_on_commit_callbacks)

    expected = sorted([user.email for user in hotel_learners] + [driver.email, both.email])
    assert recipients_of(briefing_mail(mailoutbox)) == expected  # the youth worker is not among them
    assert set(BriefingSend.objects.filter(briefing=briefing).values_list("user__email", flat=True)) == set(expected)
    assert BriefingMailout.objects.get(briefing=briefing).finished_at is not None


def test_running_the_task_again_sends_nothing_twice(published, hotel_learners, mailoutbox):
    sent = len(briefing_mail(mailoutbox))
    assert sent == len(hotel_learners)
    send_briefing_emails_task.delay(published.pk)
    send_briefing_emails_task.apply(args=[published.pk, 0])
    assert len(briefing_mail(mailoutbox)) == sent


def test_publishing_an_edit_emails_only_people_who_have_not_had_it(
    published, hotel_role, hotel_learners, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = learner("newcomer@example.com", hotel_role)
    mailoutbox.clear()
    published.summary = "Corrected summary."
    publish(published, django_capture_on_commit_callbacks)
    assert recipients_of(briefing_mail(mailoutbox)) == [newcomer.email]
    mailoutbox.clear()
    publish(published, django_capture_on_commit_callbacks)
    assert briefing_mail(mailoutbox) == []


def test_batches_reach_everyone_once(
    briefing_index, hotel_role, hotel_learners, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    more = [learner(f"more{number}@example.com", hotel_role) for number in range(3)]
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe")
    publish(briefing, django_capture_on_commit_callbacks)
    assert recipients_of(briefing_mail(mailoutbox)) == sorted(user.email for user in hotel_learners + more)


def test_a_batch_returns_where_to_carry_on(briefing_index, hotel_role, hotel_learners):
    briefing = draft_briefing(briefing_index, hotel_role, email_learners=False)
    briefing.save_revision().publish()
    BriefingMailout.objects.create(briefing=briefing, queued_at=timezone.now(), progressed_at=timezone.now())
    first_two = services.briefing_send_batch(briefing_id=briefing.pk, batch_size=2)
    assert first_two == sorted(user.pk for user in hotel_learners)[1]
    assert services.briefing_send_batch(briefing_id=briefing.pk, after_user_id=first_two, batch_size=2) is None
    assert BriefingSend.objects.filter(briefing=briefing).count() == 3
    assert BriefingMailout.objects.get(briefing=briefing).finished_at is not None


def test_learners_who_stopped_briefing_emails_are_skipped(
    briefing_index, hotel_role, hotel_learners, mailoutbox, django_capture_on_commit_callbacks
):
    stopped = hotel_learners[0]
    services.briefing_emails_set(user=stopped, on=False)
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe")
    publish(briefing, django_capture_on_commit_callbacks)
    assert stopped.email not in recipients_of(briefing_mail(mailoutbox))
    assert len(briefing_mail(mailoutbox)) == 2
    assert not BriefingSend.objects.filter(user=stopped).exists()


def test_unverified_and_inactive_accounts_are_not_emailed(
    briefing_index, hotel_role, mailoutbox, django_capture_on_commit_callbacks
):
    learner("unverified@example.com", hotel_role, verified=False)
    learner("inactive@example.com", hotel_role, is_active=False)
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe")
    publish(briefing, django_capture_on_commit_callbacks)
    assert briefing_mail(mailoutbox) == []


def test_a_briefing_published_with_email_off_emails_nobody(
    briefing_index, hotel_role, hotel_learners, mailoutbox, django_capture_on_commit_callbacks
):
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe", email_learners=False)
    publish(briefing, django_capture_on_commit_callbacks)
    assert briefing_mail(mailoutbox) == []
    assert not BriefingMailout.objects.exists()


def test_the_email_links_to_the_briefing_and_offers_one_click_unsubscribe(published, hotel_learners, mailoutbox):
    [message] = [m for m in briefing_mail(mailoutbox) if m.to == [hotel_learners[0].email]]
    assert message.subject == "Required briefing: Operation Makesafe"
    assert f"http://testserver{published.url}" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/briefing-emails/unsubscribe/") and unsubscribe.endswith("/>")
    assert unsubscribe[1:-1] in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert hotel_learners[0].email not in unsubscribe  # nothing about the person in the link


def test_the_email_is_in_the_learners_language(
    briefing_index, hotel_role, mailoutbox, django_capture_on_commit_callbacks
):
    learner("urdu@example.com", hotel_role, preferred_language="ur")
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe")
    publish(briefing, django_capture_on_commit_callbacks)
    with translation.override("ur"):
        subject = translation.gettext("Briefing: %(title)s") % {"title": "Operation Makesafe"}
    assert subject != "Briefing: Operation Makesafe"
    [message] = [message for message in mailoutbox if message.subject == subject]
    assert message.to == ["urdu@example.com"]
    assert "/ur/briefing-emails/unsubscribe/" in message.extra_headers["List-Unsubscribe"]


def test_an_unpublished_briefing_stops_its_mailout(published, hotel_role, mailoutbox):
    learner("late@example.com", hotel_role)
    published.unpublish()
    send_briefing_emails_task.apply(args=[published.pk, 0])
    assert "late@example.com" not in recipients_of(briefing_mail(mailoutbox))


def test_a_mailout_whose_task_was_lost_is_resumed_by_the_sweep(
    briefing_index, hotel_role, hotel_learners, mailoutbox, django_capture_on_commit_callbacks
):
    briefing = draft_briefing(briefing_index, hotel_role, title="Operation Makesafe")
    saved = _point_celery_at("redis://127.0.0.1:1/0", eager=False)  # nothing listens there
    try:
        publish(briefing, django_capture_on_commit_callbacks)
    finally:
        _point_celery_at(saved[1], eager=saved[0])
    assert briefing_mail(mailoutbox) == []
    assert BriefingMailout.objects.get(briefing=briefing).finished_at is None

    assert services.resume_stalled_mailouts() == 0  # not stalled yet
    later = timezone.now() + services.STALLED_AFTER + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resume_stalled_mailouts(now=later) == 1
    assert len(briefing_mail(mailoutbox)) == len(hotel_learners)
    assert BriefingMailout.objects.get(briefing=briefing).finished_at is not None


def test_staff_without_the_role_are_not_emailed(published, mailoutbox):
    UserFactory(email="editor@example.com", is_staff=True)
    assert "editor@example.com" not in recipients_of(briefing_mail(mailoutbox))
