"""The audit log: every compliance check by a manager or licensing officer (and a licensing system's API
checks), and administrators' changes in the Wagtail admin, are in Wagtail's audit log, carry no names,
and administrators find them under Reports > Site history by action, user, date and name."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from eyesandears.accounts import audit, receivers
from eyesandears.accounts.factories import UserFactory
from licensing import api_keys, sharing
from licensing.models import CheckRecord
from tests.fixtures.licensing import licensed
from tests.fixtures.organisations import member, with_totp

from .conftest import LICENCE_NUMBER, signed_in

pytestmark = pytest.mark.django_db

NAMES = ("Dev Driver", "driver@example.com", LICENCE_NUMBER, "BADGE-7")


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("timestamp", "pk"))


def assert_names_nobody(entry):
    text = json.dumps(entry.data) + entry.label
    for name in NAMES:
        assert name not in text, (entry.action, name)


@pytest.fixture
def admin_client(client):
    admin = with_totp(UserFactory(email="admin@example.com", full_name="Ada Admin", is_superuser=True, is_staff=True))
    client.force_login(admin)
    client.admin = admin
    return client


@pytest.fixture
def hotel_member(organisation, driver, driver_role):
    return member(organisation, driver, job_role=driver_role, reference="BADGE-7")


def test_a_managers_looks_at_people_are_logged_without_names(manager_browser, manager, organisation, hotel_member):
    base = f"/organisations/{organisation.pk}/"
    assert manager_browser.get(base, {"q": "Dev Driver", "state": "not_started"}).status_code == 200
    assert manager_browser.get(f"{base}people/{hotel_member.pk}/").status_code == 200
    assert manager_browser.get(f"{base}export.csv", {"q": "Dev"}).status_code == 200
    assert manager_browser.get(f"{base}export.xlsx").status_code == 200

    [dashboard] = entries(audit.DASHBOARD_VIEWED)
    assert (dashboard.label, dashboard.user, dashboard.object_id) == ("Station Hotel", manager, str(organisation.pk))
    assert dashboard.data == {"page": 1, "state": "not_started", "job_role_id": None, "searched": True}
    [person] = entries(audit.PERSON_VIEWED)
    assert person.data == {"membership_id": hotel_member.pk} and person.user == manager
    exports = entries(audit.REPORT_EXPORTED)
    assert [entry.data["file_format"] for entry in exports] == ["csv", "xlsx"]
    assert exports[0].data["searched"] is True and exports[1].data["people"] == 2
    for entry in (dashboard, person, *exports):
        assert_names_nobody(entry)


def test_an_officers_checks_are_logged_as_well_as_recorded(officer_browser, officer, authority, driver,
                                                            driver_role, driver_required):
    licensed(authority, driver, LICENCE_NUMBER, driver_role)
    response = officer_browser.get(f"/licensing/{authority.pk}/", {"q": LICENCE_NUMBER})
    record = CheckRecord.objects.get()
    assert officer_browser.get(response["Location"]).status_code == 200
    [checked] = entries(audit.DRIVER_CHECKED)
    assert (checked.label, checked.user) == ("Eyesbury Licensing", officer)
    assert checked.data == {"check_id": str(record.public_id), "method": "licence_number", "outcome": record.outcome}
    [viewed] = entries(audit.CHECK_RECORD_VIEWED)
    assert viewed.data == {"check_id": str(record.public_id)}

    assert officer_browser.get(f"/licensing/{authority.pk}/expiring/", {"days": "60"}).status_code == 200
    assert officer_browser.get(f"/licensing/{authority.pk}/expiring.csv", {"days": "60"}).status_code == 200
    assert entries(audit.EXPIRING_VIEWED)[0].data == {"days": 60, "drivers": 0}
    assert entries(audit.EXPIRING_EXPORTED)[0].data == {"days": 60, "drivers": 0, "file_format": "csv"}

    upload = SimpleUploadedFile("numbers.csv", f"Licence number\r\n{LICENCE_NUMBER}\r\nPH99999\r\n".encode(),
                                content_type="text/csv")
    response = officer_browser.post(f"/licensing/{authority.pk}/lists/", {"file": upload})
    assert response.status_code == 302
    [listed] = entries(audit.LIST_CHECKED)
    assert listed.data["numbers"] == 2 and listed.user == officer
    for entry in ModelLogEntry.objects.filter(action__startswith="licensing."):
        assert_names_nobody(entry)


def test_a_list_checks_results_download_is_logged(officer_browser, authority, driver, driver_role, driver_required,
                                                  django_capture_on_commit_callbacks):
    licensed(authority, driver, LICENCE_NUMBER, driver_role)
    upload = SimpleUploadedFile("numbers.csv", f"{LICENCE_NUMBER}\r\n".encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        location = officer_browser.post(f"/licensing/{authority.pk}/lists/", {"file": upload})["Location"]
    assert officer_browser.get(f"{location}result.csv").status_code == 200
    [downloaded] = entries(audit.LIST_RESULT_DOWNLOADED)
    assert downloaded.data["file_format"] == "csv"


def test_an_api_check_is_logged_against_the_authority_with_the_key_not_a_person(client, authority, driver,
                                                                                 driver_role):
    licensed(authority, driver, LICENCE_NUMBER, driver_role)
    api_key, raw_key = api_keys.api_key_issue(authority=authority, name="Licensing system", created_by=None)
    response = client.get(f"/api/v1/drivers/{LICENCE_NUMBER}", headers={"Authorization": f"Bearer {raw_key}"})
    assert response.status_code == 200
    [checked] = entries(audit.API_CHECKED)
    assert (checked.label, checked.user) == ("Eyesbury Licensing", None)
    assert checked.data == {"api_key": api_key.prefix, "drivers": 1}


def test_a_share_code_check_is_logged(manager_browser, manager, organisation, driver):
    share_code = sharing.share_code_create(driver=driver, organisation=organisation)
    response = manager_browser.post(f"/organisations/{organisation.pk}/share-code/", {"code": share_code.code})
    assert response.status_code == 200
    [checked] = entries(audit.SHARE_CODE_CHECKED)
    assert checked.data == {"share_code_id": str(share_code.public_id)} and checked.user == manager


def test_an_administrators_changes_are_logged(admin_client, home_page, driver_role, taxi_course, organisation):
    learner = UserFactory(email="lee@example.com", full_name="Lee Learner")
    site = Site.objects.get(is_default_site=True)
    changes = [
        (reverse("wagtailusers_users:edit", args=[learner.pk]),
         {"email": "lee@example.com", "full_name": "Lee Learner", "preferred_language": "en", "is_active": "on"}),
        (reverse("wagtailsettings:edit", args=["core", "councilsettings", site.pk]),
         {"council_name": "Testshire Council", "service_name": "Eyes and Ears", "police_emergency_phone": "999",
          "police_non_emergency_phone": "101", "crimestoppers_phone": "0800 555 111",
          "nspcc_helpline_phone": "0808 800 5000", "retention_years": "7"}),
        (reverse("organisation_records:edit", args=[organisation.pk]), {"name": "Station Hotel Ltd", "kind": "hotel"}),
        (reverse("wagtailsnippets_courses_jobrole:edit", args=[driver_role.pk]),
         {"name": "Taxi drivers", "slug": driver_role.slug, "description": ""}),
        (reverse("required_training:add"), {"job_role": driver_role.pk, "course": taxi_course.pk}),
    ]
    for url, data in changes:
        response = admin_client.post(url, data)
        assert response.status_code == 302, (url, response.content.decode()[:300])
    by_admin = ModelLogEntry.objects.filter(user=admin_client.admin)
    logged = {(entry.content_type.model, entry.action) for entry in by_admin}
    assert logged >= {
        ("user", "wagtail.edit"), ("councilsettings", "wagtail.edit"), ("organisation", "wagtail.edit"),
        ("jobrole", "wagtail.edit"), ("rolerequirement", "wagtail.create"),
    }


def test_changes_to_groups_permissions_and_members_say_what_changed(admin_client, home_page):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "TOTAL_FORMS" in html
    formsets = {
        f"{prefix}-{part}": value
        for prefix in ("page_permissions", "collection_permissions", "document_permissions", "image_permissions")
        for part, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                            ("MAX_NUM_FORMS", "1000"))
    }
    see_all = Permission.objects.get(codename="view_all_organisations")
    response = admin_client.post(reverse("wagtailusers_groups:add"),
                                 {"name": "Safeguarding leads", "permissions": [see_all.pk], **formsets})
    assert response.status_code == 302
    group = Group.objects.get(name="Safeguarding leads")
    [created] = entries("wagtail.create")
    [granted] = entries(receivers.GROUP_PERMISSIONS_CHANGED)
    assert granted.data == {"added": ["organisations.view_all_organisations"]} and granted.user == admin_client.admin
    assert granted.uuid == created.uuid  # one action in the history

    lead = UserFactory(email="lead@example.com", full_name="Lee Lead")
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[lead.pk]),
        {"email": lead.email, "full_name": lead.full_name, "preferred_language": "en", "is_active": "on",
         "groups": [group.pk]},
    )
    assert response.status_code == 302
    [joined] = entries(receivers.GROUP_MEMBERS_CHANGED)
    assert (joined.label, joined.data) == ("Safeguarding leads", {"added": [lead.pk]})

    response = admin_client.post(reverse("wagtailusers_groups:edit", args=[group.pk]),
                                 {"name": "Safeguarding leads", "permissions": [], **formsets})
    assert response.status_code == 302
    removed = entries(receivers.GROUP_PERMISSIONS_CHANGED)[-1]
    assert removed.data == {"removed": ["organisations.view_all_organisations"]}


def test_changes_outside_the_admin_are_not_an_administrators(home_page):
    group = Group.objects.create(name="Safeguarding leads")
    group.permissions.add(Permission.objects.get(codename="view_all_organisations"))
    assert not ModelLogEntry.objects.filter(action=receivers.GROUP_PERMISSIONS_CHANGED).exists()


def test_administrators_find_entries_by_action_user_date_name_and_words(admin_client, manager_browser, manager,
                                                                          organisation, officer_browser, authority,
                                                                          hotel_member):
    manager_browser.get(f"/organisations/{organisation.pk}/people/{hotel_member.pk}/")
    officer_browser.get(f"/licensing/{authority.pk}/", {"q": "PH404"})
    check_id = str(CheckRecord.objects.get().public_id)
    looked = ("Station Hotel", audit.PERSON_VIEWED)
    checked = ("Eyesbury Licensing", audit.DRIVER_CHECKED)

    def found(url_name, **query):
        response = admin_client.get(reverse(url_name), query)
        assert response.status_code == 200
        return [(entry.label, entry.action) for entry in response.context["object_list"]]

    # Reports > Site history (Wagtail's): by action, name and date.
    site_history = "wagtailadmin_reports:site_history"
    assert {looked, checked} <= set(found(site_history))
    assert found(site_history, action=audit.PERSON_VIEWED) == [looked]
    assert set(found(site_history, label="Eyesbury")) == {checked}

    # Reports > Audit log: the same, and by the person who acted, and by words in the details.
    audit_log = "accounts_audit_log:index"
    assert found(audit_log, action=audit.PERSON_VIEWED) == [looked]
    assert found(audit_log, user=manager.pk) == [looked]
    assert found(audit_log, search=check_id) == [checked]
    assert found(audit_log, search="eyesbury") == [checked]
    today = timezone.localdate()
    assert looked in found(audit_log, timestamp_from=today.isoformat(), timestamp_to=today.isoformat())
    yesterday = (today - timedelta(days=1)).isoformat()
    assert found(audit_log, timestamp_from=yesterday, timestamp_to=yesterday) == []
    page = admin_client.get(reverse(audit_log)).content.decode()
    assert "Viewed a person&#x27;s training record" in page
    export = admin_client.get(reverse(audit_log), {"export": "csv", "action": audit.PERSON_VIEWED})
    assert b"Station Hotel" in b"".join(export.streaming_content)


def test_only_administrators_see_the_audit_log(manager_browser, home_page):
    assert manager_browser.get(reverse("accounts_audit_log:index")).status_code in (302, 403)


def test_the_audit_actions_have_labels_for_the_filter(admin_client, home_page):
    from wagtail.log_actions import registry

    for action in audit.ACTIONS:
        assert registry.action_exists(action)
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit.audit_look(None, None, "organisations.not_an_action")


def test_people_not_signed_in_never_reach_a_logged_view(client, organisation):
    assert client.get(f"/organisations/{organisation.pk}/")["Location"].startswith("/accounts/login/")
    assert not ModelLogEntry.objects.exists()


def test_a_manager_of_another_organisation_is_refused_and_nothing_is_logged(other_organisation, organisation,
                                                                             hotel_member):
    other_manager = with_totp(UserFactory(email="other.manager@example.com"))
    member(other_organisation, other_manager, role="manager")
    browser = signed_in(other_manager)
    assert browser.get(f"/organisations/{organisation.pk}/people/{hotel_member.pk}/").status_code == 404
    assert not ModelLogEntry.objects.filter(action=audit.PERSON_VIEWED).exists()
