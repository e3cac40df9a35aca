"""The licensing API: checks by licence number, one or many; API keys (scoped to one authority,
revocable, rate limited, each use recorded); and the admin pages that issue and revoke keys."""

import hashlib
import re
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from courses.models import Enrolment
from eyesandears.accounts.factories import UserFactory
from licensing import api_keys
from licensing.models import ApiKey, ApiKeyUse, CheckRecord
from organisations.choices import OrganisationKind
from organisations.models import Organisation, RoleRequirement
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import with_totp

pytestmark = pytest.mark.django_db

KEY_SHAPE = re.compile(r"eae_[A-Za-z0-9_-]{40}")


def issue_key(authority, name="Licensing system (live)"):
    return api_keys.api_key_issue(authority=authority, name=name, created_by=None)


@pytest.fixture
def key(authority):
    return issue_key(authority)[1]


@pytest.fixture
def other_authority(db):
    return Organisation.objects.create(name="Earsham Licensing", kind=OrganisationKind.LICENSING_AUTHORITY)


def bearer(raw_key):
    return {"Authorization": f"Bearer {raw_key}"}


def get_driver(client, raw_key, number):
    return client.get(f"/api/v1/drivers/{quote(number, safe='')}", headers=bearer(raw_key))


def post_checks(client, raw_key, numbers):
    return client.post(
        "/api/v1/checks", {"licence_numbers": numbers}, content_type="application/json", headers=bearer(raw_key)
    )


# Checks


def test_a_compliant_driver_by_licence_number_in_any_form(client, key, authority, driver, driver_role, quiz,
                                                          driver_required):
    licence = licensed(authority, driver, "PH00123", driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    response = get_driver(client, key, " ph-00123 ")
    assert response.status_code == 200, response.content
    body = response.json()
    record = CheckRecord.objects.get()
    assert body == {
        "licence_number": "PH00123",
        "entered": " ph-00123 ",
        "outcome": "compliant",
        "name": "Dev Driver",
        "licence": {"kind": "private_hire", "expires_on": None, "confirmed": True},
        "courses": [{"course": "Taxi course", "state": "compliant", "expires_on": certificate.expires_on.isoformat()}],
        "checked_at": body["checked_at"],
        "check_id": str(record.public_id),
    }
    assert "driver@example.com" not in response.content.decode()
    assert (record.method, record.officer, record.driver, record.licence, record.outcome) == (
        "api", None, driver, licence, "compliant")
    assert record.api_key.authority == authority and record.api_key_name == "Licensing system (live)"
    assert record.authority == authority and record.entered == " ph-00123 "


def test_a_driver_who_has_not_passed_is_not_compliant(client, key, authority, driver, driver_role, taxi_course,
                                                      driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    Enrolment.objects.create(user=driver, course=taxi_course)
    body = get_driver(client, key, "PH00123").json()
    assert body["outcome"] == "not_compliant"
    assert body["courses"] == [{"course": "Taxi course", "state": "in_progress", "expires_on": None}]


def test_an_unconfirmed_number_never_makes_a_driver_compliant(client, key, authority, driver, driver_role, quiz,
                                                              driver_required):
    licensed(authority, driver, "PH00999", driver_role, confirmed=False)
    pass_quiz(driver, quiz)
    body = get_driver(client, key, "PH00999").json()
    assert body["outcome"] == "unconfirmed" and body["licence"]["confirmed"] is False
    assert CheckRecord.objects.get().outcome == "unconfirmed"


def test_a_confirmed_entry_wins_over_a_claim_to_the_same_number(client, key, authority, driver, driver_role,
                                                                driver_required):
    impostor = UserFactory(full_name="Ivy Impostor")
    licensed(authority, impostor, "PH00123", driver_role, confirmed=False)
    licensed(authority, driver, "PH00123", driver_role)
    body = get_driver(client, key, "PH00123").json()
    assert body["name"] == "Dev Driver" and body["licence"]["confirmed"] is True


def test_an_unknown_number_is_a_404_with_a_reason_and_is_recorded(client, key):
    response = get_driver(client, key, "ZZ999")
    assert response.status_code == 404
    body = response.json()
    assert body["outcome"] == "unknown" and body["licence"] is None and body["name"] is None
    assert body["detail"] == "No licence with this number is on your authority's register."
    record = CheckRecord.objects.get()
    assert (record.outcome, record.driver, record.entered, record.method) == ("unknown", None, "ZZ999", "api")


def test_a_key_learns_nothing_about_another_authoritys_drivers(client, key, authority, other_authority, driver,
                                                               driver_role, quiz, driver_required):
    elsewhere = UserFactory(full_name="Eli Elsewhere")
    licensed(other_authority, elsewhere, "HC00777", driver_role)
    licensed(other_authority, driver, "HC00123", driver_role)
    licensed(authority, UserFactory(full_name="Ada Here"), "PH00123", driver_role)
    pass_quiz(driver, quiz)

    single = get_driver(client, key, "HC00777")
    assert single.status_code == 404 and single.json()["outcome"] == "unknown"
    bulk = post_checks(client, key, ["HC00777", "HC00123", "PH00123"]).json()
    assert [(row["licence_number"], row["outcome"], row["name"]) for row in bulk] == [
        ("HC00777", "unknown", None), ("HC00123", "unknown", None), ("PH00123", "not_compliant", "Ada Here")]
    text = single.content.decode() + str(bulk)
    assert "Eli Elsewhere" not in text and "Dev Driver" not in text and "Earsham" not in text
    assert set(CheckRecord.objects.values_list("authority", flat=True)) == {authority.pk}
    assert not CheckRecord.objects.filter(driver__in=[elsewhere, driver]).exists()

    # The other authority's own key does see them.
    other_key = issue_key(other_authority)[1]
    assert get_driver(client, other_key, "HC00777").json()["name"] == "Eli Elsewhere"


def test_the_same_number_in_two_authorities_is_each_authoritys_own(client, key, authority, other_authority,
                                                                   driver_role):
    licensed(authority, UserFactory(full_name="Ada Here"), "PH00123", driver_role)
    licensed(other_authority, UserFactory(full_name="Eli Elsewhere"), "PH00123", driver_role)
    assert get_driver(client, key, "PH00123").json()["name"] == "Ada Here"
    assert get_driver(client, issue_key(other_authority)[1], "PH00123").json()["name"] == "Eli Elsewhere"


def test_a_bulk_check_with_messy_numbers(client, key, authority, driver, driver_role, quiz, driver_required):
    licensed(authority, driver, "PH00123", driver_role)
    licensed(authority, UserFactory(full_name="Una Unconfirmed"), "PH00456", driver_role, confirmed=False)
    pass_quiz(driver, quiz)
    response = post_checks(client, key, [" ph-00123 ", "PH00123", "", "   ", "ph/00456", "zz.999", "\ufeffPH 00123"])
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [(row["entered"], row["licence_number"], row["outcome"]) for row in rows] == [
        (" ph-00123 ", "PH00123", "compliant"),
        ("ph/00456", "PH00456", "unconfirmed"),
        ("zz.999", "ZZ999", "unknown"),
    ]
    assert CheckRecord.objects.filter(method="api").count() == 3
    use = ApiKeyUse.objects.get()
    assert (use.endpoint, use.status_code, use.lookups) == ("POST /api/v1/checks", 200, 3)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_other_systems_post_without_a_csrf_token(key):
    client = Client(enforce_csrf_checks=True)
    assert post_checks(client, key, ["PH00123"]).status_code == 200


def test_a_bulk_check_over_the_limit_is_refused_with_the_reason(client, key):
    response = post_checks(client, key, [f"PH{n:05}" for n in range(1001)])
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "licence_numbers" and "at most 1000 items" in error["msg"]
    assert not CheckRecord.objects.exists()
    use = ApiKeyUse.objects.get()
    assert (use.status_code, use.lookups) == (422, 0)


def test_characters_no_database_stores_are_answered_not_crashed_on(client, key):
    body = r'{"licence_numbers": ["PH\u000000123", "\u0007", "ok 1"]}'
    response = client.post("/api/v1/checks", body, content_type="application/json", headers=bearer(key))
    assert response.status_code == 200, response.content
    assert [(row["licence_number"], row["outcome"]) for row in response.json()] == [
        ("PH00123", "unknown"), ("", "unknown"), ("OK1", "unknown")]
    assert get_driver(client, key, "PH\x0000123").status_code == 404
    assert sorted(CheckRecord.objects.values_list("entered", flat=True)) == ["", "PH00123", "PH00123", "ok 1"]
    surrogate = r'{"licence_numbers": ["\ud800"]}'
    response = client.post("/api/v1/checks", surrogate, content_type="application/json", headers=bearer(key))
    assert response.status_code == 422 and CheckRecord.objects.count() == 4


@pytest.mark.parametrize("payload", [{"licence_numbers": []}, {"licence_numbers": [12345]}, {}, ["PH00123"]])
def test_a_malformed_bulk_check_is_refused(client, key, payload):
    response = client.post("/api/v1/checks", payload, content_type="application/json", headers=bearer(key))
    assert response.status_code == 422 and response.json()["detail"]
    assert not CheckRecord.objects.exists()


def test_a_bulk_check_takes_the_same_queries_for_two_drivers_or_six(client, key, authority, driver_role,
                                                                    taxi_course):
    RoleRequirement.objects.create(job_role=driver_role, course=taxi_course)
    numbers = [f"PH{n:05}" for n in range(6)]
    for number in numbers:
        licensed(authority, UserFactory(), number, driver_role)

    def queries(batch):
        with CaptureQueriesContext(connection) as captured:
            assert post_checks(client, key, batch).status_code == 200
        return len(captured)

    assert queries(numbers[:2]) == queries(numbers)


# Keys: authentication, revocation, rate limits and the record of each use


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer ", "Bearer garbage", "Basic dXNlcjpwYXNz", "Token eae_" + "x" * 40,
     "Bearer eae_" + "x" * 40, "Bearer eae_" + "x" * 39 + "\u00e9"],
)
def test_a_missing_or_unknown_key_is_refused(client, key, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}
    response = client.get("/api/v1/drivers/PH00123", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Send a valid API key in the header 'Authorization: Bearer <key>'."}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not CheckRecord.objects.exists() and not ApiKeyUse.objects.exists()


def test_a_revoked_key_is_refused(client, authority):
    api_key, raw_key = issue_key(authority)
    assert get_driver(client, raw_key, "PH00123").status_code == 404
    api_keys.api_key_revoke(api_key=api_key, by=None)
    response = get_driver(client, raw_key, "PH00123")
    assert response.status_code == 401
    assert response.json() == {"detail": "This API key has been revoked. Ask the council for a new one."}
    assert CheckRecord.objects.count() == 1  # only the check made before it was revoked
    # Someone still using a revoked key shows in its record of use.
    assert list(api_key.uses.order_by("pk").values_list("status_code", "lookups")) == [(404, 1), (401, 0)]


def test_each_request_is_recorded_against_its_key(client, authority, driver, driver_role):
    api_key, raw_key = issue_key(authority)
    licensed(authority, driver, "PH00123", driver_role)
    get_driver(client, raw_key, "PH00123")
    get_driver(client, raw_key, "NOPE1")
    post_checks(client, raw_key, ["PH00123", "NOPE1", "NOPE2"])
    uses = list(api_key.uses.order_by("pk").values_list("endpoint", "status_code", "lookups"))
    assert uses == [
        ("GET /api/v1/drivers/{licence_number}", 200, 1),
        ("GET /api/v1/drivers/{licence_number}", 404, 1),
        ("POST /api/v1/checks", 200, 3),
    ]
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None
    assert CheckRecord.objects.filter(api_key=api_key).count() == 5


def test_each_key_is_rate_limited(client, settings, authority):
    settings.LICENSING_API_RATE = "2/m"
    api_key, raw_key = issue_key(authority)
    assert [get_driver(client, raw_key, "PH00123").status_code for _ in range(2)] == [404, 404]
    response = get_driver(client, raw_key, "PH00123")
    assert response.status_code == 429
    body = response.json()
    assert body["detail"].startswith("Too many requests") and 1 <= body["retry_after"] <= 60
    assert response["Retry-After"] == str(body["retry_after"])
    assert post_checks(client, raw_key, ["PH00123"]).status_code == 429
    assert CheckRecord.objects.count() == 2
    assert list(api_key.uses.order_by("pk").values_list("status_code", flat=True)) == [404, 404, 429, 429]
    # Another key, even of the same authority, has its own allowance.
    assert get_driver(client, issue_key(authority, "Test system")[1], "PH00123").status_code == 404


def test_the_schema_is_served_and_documents_each_answer(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    single = schema["paths"]["/api/v1/drivers/{licence_number}"]["get"]
    bulk = schema["paths"]["/api/v1/checks"]["post"]
    assert {"200", "401", "404", "422", "429"} <= set(single["responses"])
    assert {"200", "401", "422", "429"} <= set(bulk["responses"])
    assert single["security"] == [{"LicensingApiKey": []}]
    assert schema["components"]["securitySchemes"]["LicensingApiKey"] == {"type": "http", "scheme": "bearer"}
    assert client.get("/api/v1/docs").status_code == 200


# Issuing and revoking keys in the admin


@pytest.fixture
def key_admin(db):
    user = with_totp(UserFactory(email="keys@example.com", full_name="Kim Keys", is_staff=True))
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "add_apikey", "change_apikey"])
    )
    return user


def test_an_issued_key_is_shown_once_and_only_its_hash_is_kept(client, key_admin, authority, other_authority):
    client.force_login(key_admin)
    form = client.get("/admin/api-keys/issue/").content.decode()
    assert "Eyesbury Licensing" in form and "Earsham Licensing" in form
    response = client.post("/admin/api-keys/issue/", {"authority": authority.pk, "name": "Licensing system (live)"})
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    [raw_key] = set(KEY_SHAPE.findall(response.content.decode()))
    api_key = ApiKey.objects.get()
    assert api_key.hashed_key == hashlib.sha256(raw_key.encode()).hexdigest()
    assert api_key.prefix == raw_key[:12] and api_key.created_by == key_admin and api_key.authority == authority
    assert not any(raw_key in str(value) for value in ApiKey.objects.values().get().values())
    assert ModelLogEntry.objects.get(action="licensing.api_key.issue").user == key_admin

    listing = client.get("/admin/api-keys/").content.decode()
    assert raw_key not in listing and f"{api_key.prefix}…" in listing
    assert get_driver(client, raw_key, "PH00123").status_code == 404  # the key works


def test_a_key_admin_revokes_a_key_after_confirming(client, key_admin, authority):
    api_key, raw_key = issue_key(authority)
    client.force_login(key_admin)
    confirm = client.get(f"/admin/api-keys/{api_key.pk}/revoke/").content.decode()
    assert "Yes, revoke this key" in confirm
    api_key.refresh_from_db()
    assert api_key.revoked_at is None  # looking is not revoking
    response = client.post(f"/admin/api-keys/{api_key.pk}/revoke/")
    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert ModelLogEntry.objects.get(action="licensing.api_key.revoke").user == key_admin
    assert "Revoked" in client.get("/admin/api-keys/").content.decode()
    assert get_driver(client, raw_key, "PH00123").status_code == 401


def refused(response):
    """Wagtail's admin answers PermissionDenied by sending the user back to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_only_people_with_the_permissions_manage_keys(client, authority):
    api_key, _ = issue_key(authority)
    editor = with_totp(UserFactory(is_staff=True))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "/admin/api-keys/" not in home
    assert refused(client.get("/admin/api-keys/"))
    assert refused(client.post("/admin/api-keys/issue/", {"authority": authority.pk, "name": "Mine"}))
    assert refused(client.post(f"/admin/api-keys/{api_key.pk}/revoke/"))
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None

    issuer = with_totp(UserFactory(is_staff=True))
    issuer.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "add_apikey"]))
    client.force_login(issuer)
    assert "/admin/api-keys/" in client.get("/admin/").content.decode()
    assert refused(client.post(f"/admin/api-keys/{api_key.pk}/revoke/"))
    assert ApiKey.objects.get().revoked_at is None


def test_issuing_a_key_needs_an_authenticator_app(client, authority):
    superuser = UserFactory(is_staff=True, is_superuser=True, totp=False)
    client.force_login(superuser)
    response = client.post("/admin/api-keys/issue/", {"authority": authority.pk, "name": "Licensing system"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert not ApiKey.objects.exists()
    with_totp(superuser)
    response = client.post("/admin/api-keys/issue/", {"authority": authority.pk, "name": "Licensing system"})
    assert response.status_code == 200 and ApiKey.objects.count() == 1


def test_keys_are_issued_only_to_licensing_authorities(client, key_admin, organisation):
    client.force_login(key_admin)
    response = client.post("/admin/api-keys/issue/", {"authority": organisation.pk, "name": "Hotel system"})
    assert response.status_code == 200 and not ApiKey.objects.exists()
    assert "Select a valid choice" in response.content.decode()
