"""Inviting one person, and joining through the invitation with allauth sign-up or log-in."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from eyesandears.accounts.factories import UserFactory
from organisations.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def invite(client, organisation, hotel_role, **extra):
    data = {"full_name": "Nia New", "email": "Nia@Example.com", "job_role": hotel_role.pk, "reference": "H-9",
            "role": "learner", **extra}
    return client.post(f"/organisations/{organisation.pk}/invite/", data)


def link_in(message):
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


def test_inviting_someone_sends_them_a_link(manager_client, organisation, hotel_role, mailoutbox,
                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(manager_client, organisation, hotel_role)
    assert response["Location"] == f"/organisations/{organisation.pk}/invitations/"
    membership = Membership.objects.get(email="nia@example.com")
    assert membership.user is None and membership.reference == "H-9" and membership.job_role == hotel_role
    [message] = mailoutbox
    assert message.to == ["nia@example.com"] and "Station Hotel" in message.subject
    assert link_in(message) == f"/invitations/{membership.invitation.token}/"
    assert Invitation.objects.get().sent_at is not None
    html = manager_client.get(f"/organisations/{organisation.pk}/invitations/").content.decode()
    assert "Nia New" in html and "Send again" in html


def test_the_form_shows_errors_and_refuses_a_member_twice(manager_client, organisation, hotel_role):
    html = manager_client.post(f"/organisations/{organisation.pk}/invite/", {"email": "not-an-email"}).content.decode()
    assert "There is a problem" in html and "Enter their full name." in html
    assert "Enter an e-mail address in the right format" in html
    invite(manager_client, organisation, hotel_role)
    html = invite(manager_client, organisation, hotel_role, email="NIA@example.com").content.decode()
    assert "already a member of this organisation" in html
    assert Membership.objects.filter(email="nia@example.com").count() == 1


def test_a_new_person_signs_up_through_the_link_and_joins_with_their_job_role(
    client, manager_client, organisation, hotel_role, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, organisation, hotel_role)
    link = link_in(mailoutbox[0])
    client.logout()
    html = client.get(link).content.decode()
    assert "Join Station Hotel" in html and "Create an account" in html
    passphrase = "a long and memorable passphrase"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", {"full_name": "Nia New", "email": "nia@example.com",
                                          "password1": passphrase, "password2": passphrase})
    confirm = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(1)
    client.post(confirm)
    membership = Membership.objects.get(email="nia@example.com")
    assert membership.user is not None and membership.user.email == "nia@example.com"
    assert list(membership.user.job_roles.all()) == [hotel_role]
    assert Invitation.objects.get().accepted_at is not None


def test_someone_signed_in_accepts_with_a_button(client, manager_client, organisation, hotel_role, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, organisation, hotel_role)
    link = link_in(mailoutbox[0])
    person = UserFactory(email="nia.personal@example.com")
    client.force_login(person)
    assert "Join and see your training" in client.get(link).content.decode()
    assert client.post(link)["Location"] == "/your-training/"
    assert Membership.objects.get(email="nia@example.com").user == person
    assert client.get(link).status_code == 404  # used


def test_an_expired_withdrawn_or_replaced_link_does_not_work(client, manager_client, organisation, hotel_role,
                                                            mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, organisation, hotel_role)
    invitation = Invitation.objects.get()
    old_link = f"/invitations/{invitation.token}/"
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(f"/organisations/{organisation.pk}/invitations/{invitation.public_id}/resend/")
    invitation.refresh_from_db()
    assert client.get(old_link).status_code == 404
    assert link_in(mailoutbox[-1]) == f"/invitations/{invitation.token}/"
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/invitations/{invitation.token}/")
    assert response.status_code == 404 and "This invitation has expired" in response.content.decode()
    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=1))
    manager_client.post(f"/organisations/{organisation.pk}/invitations/{invitation.public_id}/withdraw/")
    assert not Membership.objects.filter(email="nia@example.com").exists()
    assert client.get(f"/invitations/{invitation.token}/").status_code == 404


def test_invitations_are_sent_once_even_if_the_task_runs_twice(manager_client, organisation, hotel_role, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    from organisations.services import send_invitations

    with django_capture_on_commit_callbacks(execute=True):
        invite(manager_client, organisation, hotel_role)
    assert send_invitations([Invitation.objects.get().pk]) == 0
    assert len(mailoutbox) == 1
