"""The demo licensing authority: a licensing officer and the demo driver on the register. Idempotent."""

from django.db import transaction
from django.utils import timezone

from courses.models import JobRole
from eyesandears.core.demo import ensure_demo_user
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Membership, Organisation

from .choices import LicenceKind
from .models import Licence


@transaction.atomic
def seed():
    authority = Organisation.objects.get(kind=OrganisationKind.LICENSING_AUTHORITY)
    officer = ensure_demo_user("licensing@example.com", "Lee Licensing")
    Membership.objects.update_or_create(
        organisation=authority,
        email=officer.email,
        defaults={"user": officer, "full_name": officer.full_name, "role": MemberRole.LICENSING_OFFICER},
    )
    driver = ensure_demo_user("driver@example.com", "Dev Driver")
    membership, _ = Membership.objects.update_or_create(
        organisation=authority,
        email=driver.email,
        defaults={
            "user": driver,
            "full_name": driver.full_name,
            "reference": "PH00123",
            "job_role": JobRole.objects.get(slug="taxi-private-hire-driver"),
            "role": MemberRole.LEARNER,
        },
    )
    Licence.objects.update_or_create(
        membership=membership,
        defaults={
            "authority": authority,
            "number": "PH00123",
            "kind": LicenceKind.PRIVATE_HIRE,
            "expires_on": timezone.localdate().replace(year=timezone.localdate().year + 1),
            "confirmed_at": timezone.now(),
            "confirmed_by": officer,
        },
    )
    return [("licensing@example.com", "licensing officer (sets up an authenticator app at first sign-in)")]
