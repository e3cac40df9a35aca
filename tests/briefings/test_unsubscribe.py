"""The unsubscribe link in a briefing e-mail: a confirm page, a button, and the one-click POST that mail
clients send (RFC 8058). It stops briefing e-mails only, for the one person it was made for."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from briefings.models import BriefingEmailPreference
from briefings.services import briefing_emails_set, email_preference_of
from briefings.tokens import unsubscribe_token
from tests.fixtures.certificates import pass_quiz

from .conftest import briefing_mail, draft_briefing, learner, publish

pytestmark = pytest.mark.django_db


def unsubscribe_path(message):
    return re.search(r"<http://testserver(\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)


def emails_on(user):
    return BriefingEmailPreference.objects.get(user=user).emails_on


@pytest.fixture
def message_to_first(published, hotel_learners, mailoutbox):
    return next(m for m in briefing_mail(mailoutbox) if m.to == [hotel_learners[0].email])


def test_the_link_asks_before_it_changes_anything(client, message_to_first, hotel_learners):
    response = client.get(unsubscribe_path(message_to_first))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stop briefing e-mails" in page and 'method="post"' in page
    assert "still e-mail you about your training" in page
    assert emails_on(hotel_learners[0])


def test_pressing_the_button_stops_briefing_emails(client, message_to_first, hotel_learners):
    response = client.post(unsubscribe_path(message_to_first))
    assert response.status_code == 200
    assert "Briefing e-mails stopped" in response.content.decode()
    assert not emails_on(hotel_learners[0])
    assert emails_on(hotel_learners[1])  # only the person the link was made for


def test_a_mail_clients_one_click_post_works_without_a_csrf_token(message_to_first, hotel_learners):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        unsubscribe_path(message_to_first), {"List-Unsubscribe": "One-Click"}, headers={"Cookie": ""}
    )
    assert response.status_code == 200
    assert not emails_on(hotel_learners[0])


def test_an_unsubscribed_learner_gets_no_more_briefings(
    client, message_to_first, briefing_index, hotel_role, hotel_learners, mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.post(unsubscribe_path(message_to_first))
    mailoutbox.clear()
    publish(draft_briefing(briefing_index, hotel_role, title="Second briefing"), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in briefing_mail(mailoutbox, "Second briefing")) == sorted(
        user.email for user in hotel_learners[1:]
    )


def test_training_emails_still_go_after_unsubscribing(
    client, driver, quiz, mailoutbox, django_capture_on_commit_callbacks
):
    token = unsubscribe_token(email_preference_of(driver))
    client.post(reverse("briefings:unsubscribe", args=[token]))
    assert not emails_on(driver)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pass_quiz(driver, quiz)
    assert [m.to for m in mailoutbox if "certificate" in m.subject.lower()] == [[driver.email]]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_refused_with_400(client, hotel_learners, method):
    token = unsubscribe_token(email_preference_of(hotel_learners[0]))
    key, signature = token.split(":")
    tampered = [
        f"{key}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{key[:-1]}{'A' if key[-1] != 'A' else 'B'}:{signature}",
        key,
        "nonsense",
    ]
    for bad in tampered:
        response = getattr(client, method)(reverse("briefings:unsubscribe", args=[bad]))
        assert response.status_code == 400, bad
        assert "This link does not work" in response.content.decode()
    assert emails_on(hotel_learners[0])


def test_one_persons_token_cannot_unsubscribe_another(client, hotel_role):
    alice, bob = learner("alice@example.com", hotel_role), learner("bob@example.com", hotel_role)
    alice_token = unsubscribe_token(email_preference_of(alice))
    bob_key = email_preference_of(bob).key
    alice_key, signature = alice_token.split(":")
    response = client.post(reverse("briefings:unsubscribe", args=[f"{bob_key}:{signature}"]))
    assert response.status_code == 400
    client.post(reverse("briefings:unsubscribe", args=[alice_token]))
    assert not emails_on(alice)
    assert emails_on(bob)


def test_the_link_of_a_closed_account_is_not_found(client, hotel_role):
    gone = learner("gone@example.com", hotel_role)
    token = unsubscribe_token(email_preference_of(gone))
    gone.delete()
    assert client.post(reverse("briefings:unsubscribe", args=[token])).status_code == 404


def test_a_learner_turns_briefing_emails_back_on_from_your_training(client, driver):
    briefing_emails_set(user=driver, on=False)
    client.force_login(driver)
    page = client.get(reverse("courses:your_training")).content.decode()
    assert "Briefing e-mails are off" in page and "Turn briefing e-mails back on" in page
    response = client.post(reverse("briefings:email_preference"), {"emails": "on"})
    assert response.status_code == 302
    assert emails_on(driver)
    assert "Briefing e-mails are off" not in client.get(reverse("courses:your_training")).content.decode()


def test_the_preference_form_refuses_anything_but_on_or_off(client, driver):
    client.force_login(driver)
    response = client.post(reverse("briefings:email_preference"), {"emails": "maybe"})
    assert response.status_code == 400
    assert "Choose on or off." in response.content.decode()
