"""Reading the site's e-mail in browser tests.

In the test settings mail goes through the Celery backend, which runs eagerly and delivers to
Django's locmem backend: `django.core.mail.outbox`, a module-level list shared with the live
server's thread.
"""

import re
import time

from django.core import mail

LINK = re.compile(r"https?://\S+")


def wait_for_email(to, *, subject_contains="", timeout=5.0):
    """The latest message to `to` (whose subject contains `subject_contains`), waiting briefly for it."""
    deadline = time.monotonic() + timeout
    while True:
        matching = [
            message
            for message in getattr(mail, "outbox", [])
            if to.lower() in (address.lower() for address in message.to) and subject_contains in message.subject
        ]
        if matching:
            return matching[-1]
        if time.monotonic() > deadline:
            sent = [(message.to, message.subject) for message in getattr(mail, "outbox", [])]
            raise AssertionError(f"no e-mail to {to} with {subject_contains!r} in its subject; sent: {sent}")
        time.sleep(0.05)


def link_in(message, containing):
    """The one link in the message whose address contains `containing`."""
    links = [link for link in LINK.findall(message.body) if containing in link]
    assert len(links) == 1, f"expected one link containing {containing!r} in:\n{message.body}"
    return links[0]
