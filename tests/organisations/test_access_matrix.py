"""Every organisation-scoped view, download and export, for every kind of user: the designed answer."""

import pytest
from django.contrib.auth.models import Group

from eyesandears.accounts.factories import UserFactory
from organisations.choices import MemberRole, OrganisationKind
from organisations.models import Organisation
from tests.fixtures.certificates import pass_quiz
from tests.fixtures.organisations import member, with_totp

pytestmark = pytest.mark.django_db

LOGIN = "login"


@pytest.fixture
def world(organisation, other_organisation, driver, driver_role, quiz):
    """Organisation A (with a driver who holds a certificate), B, a licensing authority, and a user of each kind."""
    learner_membership = member(organisation, driver, job_role=driver_role)
    certificate = pass_quiz(driver, quiz).certificate
    manager_a = with_totp(UserFactory(email="a@example.com"))
    member(organisation, manager_a, role=MemberRole.MANAGER)
    manager_b = with_totp(UserFactory(email="b@example.com"))
    member(other_organisation, manager_b, role=MemberRole.MANAGER)
    authority = Organisation.objects.create(name="Licensing", kind=OrganisationKind.LICENSING_AUTHORITY)
    officer = with_totp(UserFactory(email="officer@example.com"))
    member(authority, officer, role=MemberRole.LICENSING_OFFICER)
    editor = UserFactory(email="editor@example.com", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    superuser = with_totp(UserFactory(email="root@example.com", is_staff=True, is_superuser=True))
    users = {
        "anonymous": None,
        "learner": driver,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "officer": officer,
        "editor": editor,
        "superuser": superuser,
    }
    a = organisation.pk
    invitation_member = member(organisation, None, email="invited@example.com", name="Invited Person")
    from django.utils import timezone

    from organisations.models import Invitation

    invitation = Invitation.objects.create(
        membership=invitation_member, expires_at=timezone.now() + timezone.timedelta(days=3)
    )
    targets = {
        "dashboard": ("get", f"/organisations/{a}/"),
        "person": ("get", f"/organisations/{a}/people/{learner_membership.pk}/"),
        "export csv": ("get", f"/organisations/{a}/export.csv"),
        "export xlsx": ("get", f"/organisations/{a}/export.xlsx"),
        "remind": ("post", f"/organisations/{a}/remind/"),
        "invite": ("get", f"/organisations/{a}/invite/"),
        "invitations": ("get", f"/organisations/{a}/invitations/"),
        "resend": ("post", f"/organisations/{a}/invitations/{invitation.public_id}/resend/"),
        "upload": ("get", f"/organisations/{a}/upload/"),
        "certificate pdf": ("get", f"/certificates/{certificate.public_id}/pdf/"),
        "certificate page": ("get", f"/certificates/{certificate.public_id}/"),
        "council summary": ("get", "/organisations/all/"),
    }
    return users, targets


OK, REDIRECT_OK = 200, 302
# The designed answer for each view (rows) and user (columns).
EXPECTED = {
    #                  anonymous learner manager_a manager_b officer editor superuser
    "dashboard": (LOGIN, 404, 200, 404, 404, 404, 200),
    "person": (LOGIN, 404, 200, 404, 404, 404, 200),
    "export csv": (LOGIN, 404, 200, 404, 404, 404, 200),
    "export xlsx": (LOGIN, 404, 200, 404, 404, 404, 200),
    "remind": (LOGIN, 404, 302, 404, 404, 404, 302),
    "invite": (LOGIN, 404, 200, 404, 404, 404, 200),
    "invitations": (LOGIN, 404, 200, 404, 404, 404, 200),
    "resend": (LOGIN, 404, 302, 404, 404, 404, 302),
    "upload": (LOGIN, 404, 200, 404, 404, 404, 200),
    "certificate pdf": (LOGIN, 200, 200, 404, 404, 404, 200),
    "certificate page": (LOGIN, 200, 200, 404, 404, 404, 200),
    "council summary": (LOGIN, 403, 403, 403, 403, 403, 200),
}
USERS = ("anonymous", "learner", "manager_a", "manager_b", "officer", "editor", "superuser")


@pytest.mark.parametrize("view", EXPECTED)
def test_access_matrix(client, world, view):
    users, targets = world
    method, url = targets[view]
    answers = {}
    for who in USERS:
        client.logout()
        if users[who]:
            client.force_login(users[who])
        response = getattr(client, method)(url)
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            answers[who] = LOGIN
        else:
            answers[who] = response.status_code
    assert answers == dict(zip(USERS, EXPECTED[view], strict=True))


def test_a_manager_without_an_authenticator_app_is_sent_to_set_one_up(client, organisation):
    manager = UserFactory()
    member(organisation, manager, role=MemberRole.MANAGER)
    client.force_login(manager)
    for url in (
        f"/organisations/{organisation.pk}/",
        f"/organisations/{organisation.pk}/export.csv",
        "/organisations/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate/")
    with_totp(manager)
    assert client.get(f"/organisations/{organisation.pk}/").status_code == 200
