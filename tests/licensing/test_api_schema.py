"""The licensing API against its own OpenAPI schema.

Schemathesis reads the schema the app serves (/api/v1/openapi.json), generates requests from it
(the documented examples, boundary cases, then random ones) and sends them to the app in-process
through WSGI, with a valid key. Every answer must be documented: no server errors, only the
status codes, content types, headers and bodies the schema promises. It runs in the normal suite
(`make test`, SQLite) and in CI's PostgreSQL run, where odd characters really reach the database.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from licensing import api_keys
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed

# Requests go through Django's real WSGI handler, which closes old connections at the start and end
# of each request, so the test cannot sit inside a transaction: it commits, and is flushed after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def api_key(settings, authority, driver, driver_role, quiz, driver_required):
    """A key, and a register on which the schema's own example numbers (PH00123, hc-00456) are found."""
    settings.LICENSING_API_RATE = "100000/m"
    licensed(authority, driver, "PH00123", driver_role)
    pass_quiz(driver, quiz)
    from eyesandears.accounts.factories import UserFactory

    licensed(authority, UserFactory(full_name="Una Unconfirmed"), "HC00456", driver_role, confirmed=False)
    return api_keys.api_key_issue(authority=authority, name="Schemathesis", created_by=None)[1]


# Loaded when the tests are collected (reading the schema touches no database). Not through
# `schemathesis.pytest.from_fixture`: with pytest 9 it fails on a removed private attribute.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_schema(case, api_key):
    # Raises on a server error or a response that does not match the schema.
    response = case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code < 500
