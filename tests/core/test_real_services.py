"""The same behaviour on the components production runs: PostgreSQL, Redis and a Celery worker."""

import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection

from eyesandears.accounts.factories import UserFactory
from tests.conftest import delivered_mail

User = get_user_model()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_sign_ups_with_one_address_make_one_account():
    barrier = threading.Barrier(2)
    outcomes = []

    def create(email):
        barrier.wait()
        try:
            User.objects.create_user(email=email, full_name="Twin", password="a-long-passphrase")
            outcomes.append("created")
        except IntegrityError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(email,)) for email in ("twin@example.com", "TWIN@example.com")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert User.objects.filter(email__iexact="twin@example.com").count() == 1


@pytest.mark.redis
@pytest.mark.django_db
def test_sign_in_rate_limits_are_kept_in_redis_for_every_app_server(client, home_page, settings):
    import redis

    UserFactory(email="target@example.com")
    for n in range(5):
        client.post("/accounts/login/", {"login": "target@example.com", "password": f"guess-{n}"})
    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*login_failed*")
    assert keys, "the rate-limit counters should live in Redis"
    other_server = type(client)()  # a fresh client: no shared session or cookies
    response = other_server.post(
        "/accounts/login/", {"login": "target@example.com", "password": "a-long-test-passphrase"}
    )
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_verification_email_is_delivered_by_a_real_worker(client, home_page, real_worker):
    passphrase = "correct horse battery staple"
    client.post(
        "/accounts/signup/",
        {"full_name": "Sam Worker", "email": "sam@example.com", "password1": passphrase, "password2": passphrase},
    )
    message = delivered_mail(real_worker["mail_dir"], "To: sam@example.com")
    assert "To: sam@example.com" in message
    assert re.search(r"/accounts/confirm-email/\S+", message)
    assert "core.send_email" in real_worker["log"].read_text()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_healthz_sees_the_real_broker(client, real_worker):
    assert client.get("/healthz").json() == {"database": "ok", "broker": "ok"}
