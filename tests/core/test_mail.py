"""E-mail goes out through a Celery task after the transaction commits, and is never lost."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction

from eyesandears.core import mail as site_mail

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_mail_is_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        send_mail("Your certificate", "Body", None, ["learner@example.com"])
        assert mail.outbox == []
    assert [message.subject for message in mail.outbox] == ["Your certificate"]


def test_mail_in_a_rolled_back_transaction_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Should not go", "Body", None, ["learner@example.com"])
        raise RuntimeError("roll back")
    assert mail.outbox == []


def test_html_alternatives_and_attachments_survive_the_queue():
    message = EmailMultiAlternatives("Subject", "Text", "from@example.com", ["to@example.com"], cc=["cc@example.com"])
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("certificate.pdf", b"%PDF-1.4 binary\x00\xff", "application/pdf")
    message.send()
    sent = mail.outbox[0]
    assert sent.alternatives[0][0] == "<p>HTML</p>"
    assert sent.attachments[0][1] == b"%PDF-1.4 binary\x00\xff"
    assert sent.cc == ["cc@example.com"]


def test_mail_is_sent_directly_when_the_broker_is_away(broker_away):
    send_mail("Verify your e-mail", "Body", None, ["learner@example.com"])
    assert [message.subject for message in mail.outbox] == ["Verify your e-mail"]


def test_payload_round_trip_keeps_every_header():
    message = EmailMultiAlternatives(
        "S",
        "B",
        "f@example.com",
        ["t@example.com"],
        bcc=["b@example.com"],
        reply_to=["r@example.com"],
        headers={"X-Eyes": "1"},
    )
    rebuilt = site_mail.payload_to_message(site_mail.message_to_payload(message))
    assert (rebuilt.bcc, rebuilt.reply_to, rebuilt.extra_headers) == (
        ["b@example.com"],
        ["r@example.com"],
        {"X-Eyes": "1"},
    )
