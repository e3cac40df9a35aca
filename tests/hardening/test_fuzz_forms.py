"""Every form handler, public and signed in, fed whatever a client can send: missing and unknown fields,
huge values, any Unicode, NUL characters, lists where one value is expected, bodies that are not valid
form encoding at all. No answer may be a server error, and an answer that is not a success writes
nothing.

On SQLite the database is made as strict as PostgreSQL about what text it stores (no NUL character in
a string, no \\u0000 in JSON), so that what would fail only in production fails here too. Each handler
gets FUZZ's examples; the whole file runs in well under a minute.
"""

import json
import os
import re
import uuid
from datetime import timedelta
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from certificates.models import Certificate
from courses.models import JobRole
from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from licensing import api_keys
from licensing.models import CheckRecord, Licence, ShareCode, ShareCodeUse
from organisations import uploads
from organisations.models import Invitation, Membership, StaffUpload
from quizzes.models import Attempt
from tests.fixtures.quizzes import start

pytestmark = pytest.mark.django_db

# CI runs a fixed set of examples, so a run's result is repeatable; HYPOTHESIS_EXPLORE=1 draws new ones
# each run (do it now and then, and turn what it finds into a test in test_fuzz_findings.py).
FUZZ = settings(
    derandomize=not os.environ.get("HYPOTHESIS_EXPLORE"),
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# What a client can send -------------------------------------------------------------------------------

NASTY = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\u202eevil", "💥", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "%00", "\r\n", "ｆｕｌｌ", "null", "-1", "0", "1e309", "99999999999999999999999", "[]", "{}", "true", "\ufeff",
    "EAE-7KQ4M-2XD9F-J3KQ7", "SHR-7KQ4M-2XD9F", "PH00123", "person@example.com", "a@b", "x" * 300,
])
EMAILS = st.one_of(st.from_regex(r"\A[a-z]{1,12}(\.[a-z]{1,8})?@example\.(com|org)\Z"), st.emails())
HUGE = st.builds(lambda char, count: char * count, st.sampled_from(["a", "é", "💥", "\x00", "-", " ", "9"]),
                 st.integers(1_000, 120_000))
# Any Unicode but lone surrogates, which no client can encode as UTF-8.
VALUE = st.one_of(st.text(max_size=200), NASTY, HUGE, st.integers().map(str))
VALUES = st.one_of(VALUE, st.lists(VALUE, max_size=4))


@st.composite
def mutated(draw, valid):
    """A valid submission with some of its fields dropped, replaced or doubled (or none: a success)."""
    data = dict(valid)
    changed = st.lists(st.sampled_from(sorted(valid)), min_size=1, max_size=len(valid), unique=True)
    for name in draw(st.one_of(st.just([]), changed)):
        action = draw(st.sampled_from(["drop", "replace", "replace", "list"]))
        if action == "drop":
            del data[name]
        elif action == "replace":
            data[name] = draw(VALUES)
        else:
            data[name] = [data[name], draw(VALUE)]
    if draw(st.booleans()):
        data.update(draw(st.dictionaries(st.text(min_size=1, max_size=20), VALUES, max_size=1)))
    return data


def form_data(fields, valid=None):
    """Any of `fields` (and other names) with any values; or, given `valid`, that submission mutated."""
    anything = st.dictionaries(st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=20)), VALUES,
                               max_size=len(fields) + 2)
    return st.one_of(anything, mutated(valid), mutated(valid)) if valid else anything


@st.composite
def bodies(draw, fields, valid=None):
    """Keyword arguments for Client.post: multipart or urlencoded fields, or raw bytes in either."""
    kind = draw(st.sampled_from(["multipart", "multipart", "urlencoded", "raw", "broken-multipart"]))
    if kind == "multipart":
        return {"data": draw(form_data(fields, valid))}
    if kind == "urlencoded":
        return {"data": urlencode(draw(form_data(fields, valid)), doseq=True),
                "content_type": "application/x-www-form-urlencoded"}
    raw = draw(st.binary(max_size=2000))
    if kind == "raw":
        return {"data": raw, "content_type": "application/x-www-form-urlencoded"}
    return {"data": raw, "content_type": "multipart/form-data; boundary=fuzz"}


def url_segment():
    """Any text as one path segment."""
    return st.one_of(st.text(min_size=1, max_size=80), NASTY.filter(bool)).map(lambda text: quote(text, safe=""))


def not_a_server_error(response):
    event(f"{response.request['REQUEST_METHOD']} answered {response.status_code}")
    assert response.status_code < 500, (response.status_code, response.content[:2000])
    return response


def post(client, path, body):
    return not_a_server_error(client.post(path, **body))


# The database, as strict as PostgreSQL -----------------------------------------------------------------

JSON_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")


def _as_strict_as_postgres(execute, sql, params, many, context):
    for row in (params if many else [params]) or ():
        for value in (row.values() if isinstance(row, dict) else row) or ():
            if isinstance(value, str) and ("\x00" in value or JSON_NUL.search(value)):
                raise DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def strict_text():
    if connection.vendor == "postgresql":
        yield
        return
    with connection.execute_wrapper(_as_strict_as_postgres):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each example starts with no rate-limit counters, so the handlers themselves get the input."""
    from django.core.cache import cache

    def clear():
        cache.clear()

    return clear


# Accounts (allauth, with the project's sign-up form) ------------------------------------------------

PASSPHRASE = "a-long-fuzzing-passphrase"


@FUZZ
@given(data=st.data())
def test_sign_up(client, home_page, fresh_rate_limits, data):
    fresh_rate_limits()
    body = data.draw(bodies(["email", "password1", "password2", "full_name", "preferred_language"], {
        "email": data.draw(EMAILS, label="email"), "password1": PASSPHRASE, "password2": PASSPHRASE,
        "full_name": "Fuzz Person", "preferred_language": "pl"}), label="body")
    users = get_user_model().objects.count()
    response = post(client, "/accounts/signup/", body)
    if response.status_code != 302:
        assert get_user_model().objects.count() == users


@FUZZ
@given(data=st.data())
def test_sign_in(client, home_page, fresh_rate_limits, data):
    fresh_rate_limits()
    user = learner()
    body = data.draw(bodies(["login", "password", "remember"],
                            {"login": user.email, "password": TEST_PASSWORD, "remember": "on"}), label="body")
    client.logout()
    response = post(client, "/accounts/login/", body)
    if response.status_code != 302:
        assert "_auth_user_id" not in client.session


@FUZZ
@given(data=st.data())
def test_password_reset(client, home_page, fresh_rate_limits, data):
    fresh_rate_limits()
    body = data.draw(bodies(["email"], {"email": learner().email}), label="body")
    post(client, "/accounts/password/reset/", body)


@FUZZ
@given(uidb36=st.from_regex(r"\A[0-9A-Za-z]{1,12}\Z"), key=url_segment(),
       body=bodies(["password1", "password2"], {"password1": PASSPHRASE, "password2": PASSPHRASE}))
def test_password_reset_from_a_link(client, home_page, fresh_rate_limits, uidb36, key, body):
    fresh_rate_limits()
    path = f"/accounts/password/reset/key/{uidb36}-{key}/"
    not_a_server_error(client.get(path))
    post(client, path, body)


@FUZZ
@given(data=st.data())
def test_your_account_email_addresses(client, home_page, fresh_rate_limits, data):
    fresh_rate_limits()
    client.force_login(learner())
    action = data.draw(st.sampled_from(["action_add", "action_send", "action_remove", "action_primary"]))
    email = data.draw(st.sampled_from([learner().email, "second@example.com"]))
    body = data.draw(bodies(["email", action], {"email": email, action: ""}), label="body")
    post(client, "/accounts/email/", body)


@FUZZ
@given(body=bodies(["oldpassword", "password1", "password2"],
                   {"oldpassword": TEST_PASSWORD, "password1": PASSPHRASE, "password2": PASSPHRASE}))
def test_password_change(client, home_page, fresh_rate_limits, body):
    fresh_rate_limits()
    user = learner()
    user.set_password(TEST_PASSWORD)
    user.save()
    client.force_login(user)
    post(client, "/accounts/password/change/", body)


def learner():
    return get_user_model().objects.filter(email="fuzz.learner@example.com").first() or UserFactory(
        email="fuzz.learner@example.com")


# Learners: job roles, quizzes ------------------------------------------------------------------------


@FUZZ
@given(data=st.data())
def test_your_job_roles(client, driver, driver_role, hotel_role, data):
    client.force_login(driver)
    body = data.draw(bodies(["job_roles"], {"job_roles": [str(driver_role.pk), str(hotel_role.pk)]}), label="body")
    before = set(driver.job_roles.values_list("pk", flat=True))
    response = post(client, "/your-training/job-roles/", body)
    if response.status_code != 302:
        assert set(driver.job_roles.values_list("pk", flat=True)) == before


@FUZZ
@given(data=st.data())
def test_answering_a_quiz_question(learner_client, quiz, data):
    attempt = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=True).first()
    if attempt is None:
        start(learner_client, quiz)
        attempt = Attempt.objects.get(quiz=quiz, submitted_at__isnull=True)
    questions = attempt.snapshot["questions"]
    number = data.draw(st.one_of(st.integers(1, len(questions)), st.integers(0, len(questions) + 2)), label="number")
    shown = questions[min(max(number, 1), len(questions)) - 1]
    options = [option["id"] for option in shown["options"]]
    body = data.draw(bodies(["question", "answer", "return"], {
        "question": shown["id"], "answer": data.draw(st.lists(st.sampled_from(options), min_size=1, max_size=2,
                                                              unique=True), label="answer"),
        "return": "check"}), label="body")
    answers = attempt.answers
    response = post(learner_client, f"/quizzes/attempts/{attempt.public_id}/questions/{number}/", body)
    if response.status_code != 302:
        attempt.refresh_from_db()
        assert attempt.answers == answers


@FUZZ
@given(body=bodies(["confirm", "answers"]))
def test_starting_checking_and_submitting_a_quiz(learner_client, quiz, body):
    post(learner_client, f"/quizzes/{quiz.pk}/", body)
    attempt = Attempt.objects.filter(quiz=quiz).order_by("-pk").first()
    certificates = Certificate.objects.count()
    not_a_server_error(learner_client.get(f"/quizzes/attempts/{attempt.public_id}/check/"))
    response = post(learner_client, f"/quizzes/attempts/{attempt.public_id}/submit/", body)
    if response.status_code != 302:
        assert Certificate.objects.count() == certificates
    post(learner_client, f"/quizzes/attempts/{uuid.uuid4()}/submit/", body)


# Certificates: the public check ------------------------------------------------------------------------


@FUZZ
@given(code=st.one_of(VALUE, st.just("EAE-7KQ4M-2XD9F-J3KQ7")), as_json=st.booleans(), in_path=st.booleans())
def test_checking_a_certificate(client, certificate, fresh_rate_limits, code, as_json, in_path):
    fresh_rate_limits()
    code = code if code != "EAE-7KQ4M-2XD9F-J3KQ7" else certificate.code
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    if in_path and code.strip("/"):
        response = client.get(f"/check/{quote(code, safe='')}/", **headers)
    else:
        response = client.get("/check/?" + urlencode({"code": code}), **headers)
    not_a_server_error(response)


# Organisations: invite, upload and confirm, follow an invitation --------------------------------------


@FUZZ
@given(data=st.data())
def test_inviting_someone(manager_client, organisation, hotel_role, data):
    body = data.draw(bodies(["full_name", "email", "job_role", "reference", "role"], {
        "full_name": "Nia New", "email": data.draw(EMAILS, label="email"), "job_role": str(hotel_role.pk),
        "reference": "B12", "role": data.draw(st.sampled_from(["learner", "manager"]), label="role")}), label="body")
    memberships, invitations = Membership.objects.count(), Invitation.objects.count()
    response = post(manager_client, f"/organisations/{organisation.pk}/invite/", body)
    if response.status_code != 302:
        assert (Membership.objects.count(), Invitation.objects.count()) == (memberships, invitations)


CELL = st.one_of(st.text(max_size=30), NASTY, EMAILS, st.just("Hotel staff"))
CSV_LIKE = st.lists(st.lists(CELL, min_size=4, max_size=5), max_size=6).map(
    lambda rows: "\n".join(",".join(row) for row in [["Name", "E-mail", "Job role", "Reference"], *rows]).encode())
FILE_CONTENT = st.one_of(st.binary(max_size=3000), CSV_LIKE, CSV_LIKE.map(lambda text: b"\xef\xbb\xbf" + text),
                         st.just(b"PK\x03\x04" + b"\x00" * 100))
FILE_NAME = st.one_of(st.text(max_size=80), st.sampled_from(["people.csv", "people.xlsx", "a\x00.csv", "../x.csv"]))


@st.composite
def file_bodies(draw, field="file"):
    if draw(st.integers(0, 3)) == 0:
        return draw(bodies([field]))
    content_type = draw(st.sampled_from(
        ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-nonsense"]))
    try:
        uploaded = SimpleUploadedFile(draw(FILE_NAME), draw(FILE_CONTENT), content_type=content_type)
    except SuspiciousFileOperation:  # a name such as "/" or "..", which no client can send as a file name
        uploaded = SimpleUploadedFile("upload", draw(FILE_CONTENT), content_type=content_type)
    return {"data": {field: uploaded, **draw(form_data(["extra"]))}}


@FUZZ
@given(body=file_bodies())
def test_uploading_a_file_of_people(manager_client, organisation, hotel_role, body):
    uploads_before = StaffUpload.objects.count()
    response = post(manager_client, f"/organisations/{organisation.pk}/upload/", body)
    if response.status_code != 302:
        assert StaffUpload.objects.count() == uploads_before


@FUZZ
@given(body=file_bodies())
def test_an_officer_uploading_the_register_or_a_list(officer_client, authority, driver_role, body):
    for path in (f"/licensing/{authority.pk}/register/import/", f"/licensing/{authority.pk}/lists/"):
        if hasattr(body["data"], "get") and hasattr(body["data"].get("file"), "seek"):
            body["data"]["file"].seek(0)
        post(officer_client, path, body)


@FUZZ
@given(body=bodies(["confirm"]), real=st.booleans())
def test_confirming_an_upload(manager_client, manager, organisation, hotel_role, body, real):
    upload = StaffUpload.objects.first() or uploads.upload_save(
        organisation=organisation, user=manager, filename="people.csv",
        checks=uploads.check_rows(organisation, [
            {"row_number": 2, "name": "Una Upload", "email": "una@example.com", "job_role": hotel_role.name,
             "reference": "B1"}]),
    )
    public_id = upload.public_id if real else uuid.uuid4()
    post(manager_client, f"/organisations/{organisation.pk}/upload/{public_id}/", body)
    assert Membership.objects.filter(email="una@example.com").count() <= 1


@FUZZ
@given(token=url_segment(), body=bodies(["accept"]), signed_in=st.booleans())
def test_following_an_invitation(client, home_page, token, body, signed_in):
    if signed_in:
        client.force_login(learner())
    not_a_server_error(client.get(f"/invitations/{token}/"))
    post(client, f"/invitations/{token}/", body)


# Licensing: checks by number, a driver's licence, share codes, training from elsewhere, the API -------


@FUZZ
@given(query=st.one_of(VALUE, st.just("PH00123"), st.just("EAE-7KQ4M-2XD9F-J3KQ7")), extra=form_data(["page"]))
def test_an_officer_checking_by_number(officer_client, authority, query, extra):
    records = CheckRecord.objects.count()
    response = not_a_server_error(
        officer_client.get(f"/licensing/{authority.pk}/?" + urlencode({"q": query, **extra}, doseq=True)))
    if response.status_code != 302:
        assert CheckRecord.objects.count() == records


@FUZZ
@given(data=st.data())
def test_a_driver_declaring_a_licence(client, driver, authority, data):
    client.force_login(driver)
    body = data.draw(bodies(["authority", "number", "kind"], {
        "authority": str(authority.pk), "number": data.draw(st.one_of(st.just("PH00999"), VALUE), label="number"),
        "kind": data.draw(st.sampled_from(["private_hire", "hackney_carriage"]), label="kind")}), label="body")
    licences = Licence.objects.count()
    response = post(client, "/your-training/licence/", body)
    if response.status_code != 302:
        assert Licence.objects.count() == licences


@FUZZ
@given(data=st.data())
def test_a_driver_making_a_share_code(client, driver, organisation, data):
    client.force_login(driver)
    body = data.draw(bodies(["organisation", "days", "max_uses"], {
        "organisation": str(organisation.pk),
        "days": str(data.draw(st.one_of(st.integers(1, 90), st.integers(-5, 500)), label="days")),
        "max_uses": str(data.draw(st.one_of(st.integers(1, 20), st.integers(-5, 500)), label="uses"))}),
        label="body")
    codes = ShareCode.objects.count()
    response = post(client, "/your-training/share-codes/", body)
    if response.status_code != 302:
        assert ShareCode.objects.count() == codes


@FUZZ
@given(data=st.data())
def test_a_manager_entering_a_share_code(manager_client, organisation, driver, fresh_rate_limits, data):
    fresh_rate_limits()
    from licensing import sharing

    share_code = ShareCode.objects.first() or sharing.share_code_create(
        driver=driver, organisation=organisation, days=5, max_uses=20)
    body = data.draw(bodies(["code"], {"code": sharing.display(share_code.code)}), label="body")
    uses = ShareCodeUse.objects.count()
    response = post(manager_client, f"/organisations/{organisation.pk}/share-code/", body)
    if not (response.status_code == 200 and "Share code" in response.content.decode() and ShareCodeUse.objects.count()
            == uses + 1):
        assert ShareCodeUse.objects.count() == uses


@FUZZ
@given(data=st.data())
def test_an_officer_recording_training_from_elsewhere(officer_client, authority, driver, driver_role, taxi_course,
                                                      driver_required, data):
    from tests.fixtures.licensing import licensed

    licence = Licence.objects.first() or licensed(authority, driver, "PH00123", driver_role)
    today = timezone.localdate()
    body = data.draw(bodies(["counts_for", "provider", "course_name", "completed_on", "expires_on", "evidence"], {
        "counts_for": str(taxi_course.pk), "provider": "Other Council", "course_name": "CSE awareness",
        "completed_on": data.draw(st.one_of(st.just(str(today - timedelta(days=30))), st.dates().map(str)),
                                  label="completed"),
        "expires_on": data.draw(st.one_of(st.just(str(today + timedelta(days=300))), st.dates().map(str)),
                                label="expires"),
        "evidence": "Seen on the phone."}),
        label="body")
    post(officer_client, f"/licensing/{authority.pk}/register/{licence.pk}/external/", body)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | VALUE,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
API_BODY = st.one_of(
    st.builds(lambda numbers: {"licence_numbers": numbers}, st.lists(st.one_of(VALUE, st.just("PH00123")),
                                                                    max_size=6)),
    st.builds(lambda numbers: {"licence_numbers": numbers}, JSON),
    JSON,
)


@FUZZ
@given(payload=st.one_of(API_BODY.map(lambda value: json.dumps(value).encode()), st.binary(max_size=2000)),
       authorisation=st.sampled_from(["key", "key", "none", "junk"]), junk=VALUE,
       number=st.one_of(st.just("PH00123"), url_segment()))
def test_the_api_with_a_key(client, authority, fresh_rate_limits, payload, authorisation, junk, number):
    fresh_rate_limits()
    raw_key = getattr(authority, "_fuzz_key", None)
    if raw_key is None:
        raw_key = authority._fuzz_key = api_keys.api_key_issue(authority=authority, name="Fuzz", created_by=None)[1]
    headers = {}
    if authorisation == "key":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {raw_key}"
    elif authorisation == "junk":
        headers["HTTP_AUTHORIZATION"] = "Bearer " + junk.replace("\r", "").replace("\n", "")
    records = CheckRecord.objects.count()
    response = not_a_server_error(
        client.post("/api/v1/checks", data=payload, content_type="application/json", **headers))
    if response.status_code != 200:
        assert CheckRecord.objects.count() == records
    not_a_server_error(client.get(f"/api/v1/drivers/{number}", **headers))


# Numbers in addresses: any size, including beyond what a database integer holds.

ID_PATHS = [
    ("post", "/your-training/courses/{n}/start/"),
    ("post", "/your-training/lessons/{n}/complete/"),
    ("post", "/quizzes/{n}/"),
    ("get", "/organisations/{n}/"),
    ("get", "/organisations/{organisation}/people/{n}/"),
    ("post", "/organisations/{n}/invite/"),
    ("get", "/licensing/{n}/"),
    ("post", "/licensing/{authority}/register/{n}/confirm/"),
    ("get", "/licensing/{authority}/register/{n}/external/"),
]


@FUZZ
@given(number=st.one_of(st.integers(0, 10**6), st.integers(2**31 - 2, 2**31 + 2), st.integers(2**63 - 2, 10**40)),
       path=st.sampled_from(ID_PATHS), who=st.sampled_from(["driver", "manager", "officer"]))
def test_ids_of_any_size_in_addresses(client, driver, manager, officer, organisation, authority, taxi_course,
                                      number, path, who):
    client.force_login({"driver": driver, "manager": manager, "officer": officer}[who])
    method, pattern = path
    url = pattern.format(n=number, organisation=organisation.pk, authority=authority.pk)
    not_a_server_error(getattr(client, method)(url))


# The strict database does refuse what PostgreSQL would, so the checks above mean something.


def test_the_strict_database_refuses_what_postgresql_would(db):
    with pytest.raises(DataError), transaction.atomic():
        JobRole.objects.create(name="nul\x00", slug="nul")
    with pytest.raises(DataError), transaction.atomic():
        StaffUpload.objects.create(organisation_id=1, uploaded_by_id=1, filename="x", rows=[{"name": "\x00"}])
