"""The licensing API: a licensing authority's own system checks drivers' training by licence number,
one at a time or up to 1,000 at once. JSON over HTTPS, described by the OpenAPI schema the app
serves at /api/v1/openapi.json (browsable at /api/v1/docs).

Every request carries `Authorization: Bearer <key>`, a key an administrator issued to one licensing
authority (licensing/api_keys.py). A key only ever sees its own authority's register: a driver
registered with another authority is "unknown" to it. Each request is recorded (ApiKeyUse), each
driver looked up is recorded as a check (CheckRecord, method "api"), and each key is rate limited.
The answer holds what an officer sees on the check page, without contact details: the name as on
the register, the licence, and where the driver stands on each required course.
"""

import re
from datetime import date, datetime
from functools import wraps
from typing import Annotated, Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import path, register_converter
from django.utils.cache import add_never_cache_headers
from ninja import Field, NinjaAPI, Path, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from pydantic import StringConstraints

from eyesandears.accounts import audit
from eyesandears.core import ratelimits
from organisations.choices import Compliance
from organisations.compliance import compliance_for_memberships

from . import api_keys
from .choices import CheckOutcome, LicenceKind
from .models import normalise_licence_number
from .selectors import DriverStatus, licences_answering, outcome_for

BULK_MAX = 1000
ENTERED_MAX = 60  # what CheckRecord.entered holds
NUMBER_MAX = 40  # what Licence.number holds
RATE_GROUP = "licensing:api"

MISSING_KEY = "Send a valid API key in the header 'Authorization: Bearer <key>'."
REVOKED_KEY = "This API key has been revoked. Ask the council for a new one."
RATE_LIMITED = "Too many requests with this API key. Wait and try again (see Retry-After)."
NOT_ON_REGISTER = "No licence with this number is on your authority's register."


# Schemas: what the OpenAPI document promises, and what each answer is checked against.


class LicenceOut(Schema):
    kind: LicenceKind
    expires_on: date | None = Field(description="When the licence itself is due for renewal, if recorded.")
    confirmed: bool = Field(description="Whether an officer has confirmed this number belongs to this driver.")


class CourseOut(Schema):
    course: str = Field(description="The required course's title.")
    state: Compliance
    expires_on: date | None = Field(description="When the driver's current certificate for it runs out.")


class DriverOut(Schema):
    licence_number: str = Field(description="The number as the register holds it (capitals, no spaces or dashes).")
    entered: str = Field(description="The number as it was sent.")
    outcome: CheckOutcome = Field(
        description="compliant: every required course is current. not_compliant: one or more is not. "
        "unconfirmed: the number has not been confirmed by an officer, so it never counts as compliant. "
        "unknown: no such licence on your authority's register."
    )
    name: str | None = Field(description="The driver's name as on the register; null when unknown.")
    licence: LicenceOut | None
    courses: list[CourseOut]
    checked_at: datetime = Field(description="When this check was made and recorded.")
    check_id: UUID = Field(description="The reference of the record of this check.")


class UnknownDriverOut(DriverOut):
    detail: str


class BulkCheckIn(Schema):
    licence_numbers: list[Annotated[str, StringConstraints(max_length=ENTERED_MAX)]] = Field(
        min_length=1,
        max_length=BULK_MAX,
        description=f"Up to {BULK_MAX:,} licence numbers, in any form (' ph-00123 ' is PH00123). "
        "Blank entries are skipped and repeats are checked once.",
        examples=[["PH00123", "hc-00456"]],
    )


class ErrorOut(Schema):
    detail: str


class RateLimitedOut(Schema):
    detail: str
    retry_after: int = Field(description="Seconds until this key may be used again.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(description="What was wrong with the request, and where.")


ERROR_RESPONSES = {401: ErrorOut, 422: ValidationErrorOut, 429: RateLimitedOut}


# Authentication and rate limits.


class RateLimited(HttpError):
    def __init__(self, retry_after):
        self.retry_after = retry_after
        super().__init__(429, RATE_LIMITED)


def _by_api_key(group, request):
    return f"api-key:{request.api_key.pk}"


class LicensingApiKey(HttpBearer):
    """An API key issued to a licensing authority, sent as a bearer token."""

    def authenticate(self, request, token):
        api_key = api_keys.api_key_for(token.strip())
        if api_key is None:
            return None
        request.api_key = api_key  # from here on the request is recorded against the key
        if api_key.revoked_at is not None:
            raise AuthenticationError(message=REVOKED_KEY)
        found = ratelimits.usage(request, group=RATE_GROUP, key=_by_api_key, rate=settings.LICENSING_API_RATE)
        if found and found["should_limit"]:
            raise RateLimited(retry_after=max(found["time_left"], 1))
        return api_key


api = NinjaAPI(
    title="Eyes and Ears licensing API",
    version="1.0",
    description=(
        "Check licensed drivers' safeguarding (CSE awareness) training against your licensing authority's "
        "register. Authenticate with the API key the council issued to your authority: "
        "`Authorization: Bearer eae_...`. Each key sees only its own authority's register, is rate "
        "limited, and every check made with it is recorded."
    ),
    auth=LicensingApiKey(),
    urls_namespace="licensing_api",
)


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    detail = exc.message if exc.message == REVOKED_KEY else MISSING_KEY
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="licensing"'
    return response


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    response = api.create_response(request, {"detail": exc.message, "retry_after": exc.retry_after}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _endpoint(request):
    """The route, not the path: a licence number in the URL is not kept in the usage log."""
    route = getattr(request.resolver_match, "route", "") or ""
    return f"{request.method} /" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def record_use(run):
    """Every request made with one of our keys (revoked ones too) is recorded, however it was answered.
    Answers hold personal data, so nothing on the way may cache them."""

    @wraps(run)
    def wrapped(request, *args, **kwargs):
        try:
            response = run(request, *args, **kwargs)
        except Exception:
            _record_use(request, 500)
            raise
        _record_use(request, response.status_code)
        add_never_cache_headers(response)
        return response

    return wrapped


def _record_use(request, status_code):
    api_key = getattr(request, "api_key", None)
    if api_key is not None:
        api_keys.api_key_use_record(
            api_key=api_key,
            endpoint=_endpoint(request),
            status_code=status_code,
            lookups=getattr(request, "api_lookups", 0),
        )


api.add_decorator(record_use, mode="view")


class AnyTextConverter:
    """A path segment of any characters, newlines included (Django's `path` stops at a newline)."""

    regex = r"[\s\S]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnyTextConverter, "anytext")


# Lookups, always within the key's own authority.


def _searchable(number):
    return 0 < len(number) <= NUMBER_MAX and api_keys.printable(number) == number


def statuses_by_number(authority, numbers):
    """{number: DriverStatus} for those of these normalised numbers on the authority's register, in a
    fixed number of queries however many there are. A confirmed entry wins over unconfirmed claims."""
    numbers = {number for number in numbers if _searchable(number)}
    if not numbers:
        return {}
    licences = list(licences_answering(authority, numbers).values())
    people = compliance_for_memberships([licence.membership for licence in licences], authority)
    return {
        licence.number: DriverStatus(licence, outcome_for(licence, person.courses), person.courses)
        for licence, person in zip(licences, people, strict=True)
    }


def _check(request, entries):
    """Look up (entered, normalised number) pairs, record each as a check, and answer for each."""
    api_key = request.api_key
    found = statuses_by_number(api_key.authority, [number for _, number in entries])
    statuses = [(entered, found.get(number) or DriverStatus(None, CheckOutcome.UNKNOWN)) for entered, number in entries]
    with transaction.atomic():
        records = api_keys.api_checks_record(api_key=api_key, statuses=statuses)
        audit.audit_look(request, api_key.authority, audit.API_CHECKED, api_key=api_key.prefix, drivers=len(records))
    request.api_lookups = len(records)
    return [
        _driver_out(number, status, record)
        for (_, number), (_, status), record in zip(entries, statuses, records, strict=True)
    ]


def _driver_out(number, status, record):
    licence = status.licence
    return {
        "licence_number": licence.number if licence else api_keys.printable(number)[:ENTERED_MAX],
        "entered": record.entered,
        "outcome": status.outcome,
        "name": licence.membership.full_name if licence else None,
        "licence": (
            {"kind": licence.kind, "expires_on": licence.expires_on, "confirmed": licence.confirmed}
            if licence
            else None
        ),
        "courses": [
            {"course": entry.course.title, "state": entry.state, "expires_on": entry.expires_on}
            for entry in status.courses
        ],
        "checked_at": record.checked_at,
        "check_id": record.public_id,
    }


# Endpoints.


@api.get(
    "/drivers/{anytext:licence_number}",
    response={200: DriverOut, 404: UnknownDriverOut, **ERROR_RESPONSES},
    operation_id="check_driver",
    summary="Check one driver by licence number",
    description="Where the driver with this licence number stands on the training your authority requires. "
    "An unknown number answers 404, with outcome 'unknown'.",
    tags=["checks"],
)
def check_driver(
    request,
    licence_number: Annotated[
        str,
        Path(
            min_length=1,
            max_length=ENTERED_MAX,
            description="In any form: ' ph-00123 ' is PH00123.",
            examples=["PH00123"],
        ),
    ],
):
    [result] = _check(request, [(licence_number, normalise_licence_number(licence_number))])
    if result["outcome"] == CheckOutcome.UNKNOWN:
        return Status(404, {**result, "detail": NOT_ON_REGISTER})
    return result


@api.post(
    "/checks",
    response={200: list[DriverOut], 400: ErrorOut, **ERROR_RESPONSES},
    operation_id="check_drivers",
    summary=f"Check up to {BULK_MAX:,} drivers at once",
    description="One answer per distinct licence number, in the order first sent. Numbers not on your "
    "authority's register answer with outcome 'unknown'. More than "
    f"{BULK_MAX:,} numbers in one request is refused with 422.",
    tags=["checks"],
)
def check_drivers(request, payload: BulkCheckIn):
    entries, seen = [], set()
    for entered in payload.licence_numbers:
        number = normalise_licence_number(entered)
        if number and number not in seen:
            seen.add(number)
            entries.append((entered, number))
    return _check(request, entries)


# Mounted by site/urls.py: path("api/v1/", include("licensing.api")).
urlpatterns = [path("", api.urls)]
