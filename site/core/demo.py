"""The demo council: site settings, the home page, the accessibility statement, the privacy notice
and the first demo accounts. Every step is idempotent so `seed_demo` can run again safely."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .content import ACCESSIBILITY_STATEMENT, HOME_AUDIENCES, HOME_INTRO, PRIVACY_NOTICE
from .models import CouncilSettings, HomePage, StandardPage

DEMO_PASSWORD = "eyes-and-ears-demo"

DEMO_COUNCIL = {
    "council_name": "Eyes and Ears Borough Council",
    "service_name": "Eyes and Ears",
    "contact_email": "safeguarding@example.com",
    "contact_phone": "0113 496 0000",
    "contact_address": "Council House\nMarket Square\nEyesbury\nEY1 1AA",
    "childrens_social_care_phone": "0113 496 0123",
    "out_of_hours_phone": "0113 496 0456",
}


def ensure_demo_user(email, full_name, *, superuser=False, staff=False, groups=()):
    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model(email=email)
    user.full_name = full_name
    user.is_superuser = superuser
    user.is_staff = staff or superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def ensure_home_page():
    """Put a HomePage at the top of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title="Spot the signs. Know what to do.",
            slug="home-eyes-and-ears",
            lead="Training for people who meet children in their work, so that you can spot child "
            "sexual exploitation and know what to do about it.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    home.intro = HOME_INTRO
    home.audiences = HOME_AUDIENCES
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.site_name, site.root_page = "localhost", 80, "Eyes and Ears", home
    site.save()
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(content_type__model="page").delete()
    return home


def ensure_standard_page(home, *, slug, title, lead, body):
    page = StandardPage.objects.filter(locale=home.locale, slug=slug).first()
    if page is None:
        page = StandardPage(slug=slug, title=title, lead=lead, body=body)
        home.add_child(instance=page)
    page.title, page.lead, page.body = title, lead, body
    page.save_revision().publish()
    return page


@transaction.atomic
def seed():
    home = ensure_home_page()
    settings, _ = CouncilSettings.objects.get_or_create(site=home.get_site())
    for field, value in DEMO_COUNCIL.items():
        setattr(settings, field, value)
    settings.save()
    ensure_standard_page(
        home,
        slug="accessibility",
        title="Accessibility statement",
        lead="How accessible this service is, and how to tell us about a problem.",
        body=ACCESSIBILITY_STATEMENT,
    )
    ensure_standard_page(
        home,
        slug="privacy",
        title="Privacy notice",
        lead="What we hold about you, why, and for how long.",
        body=PRIVACY_NOTICE,
    )
    ensure_demo_user("admin@example.com", "Ada Admin", superuser=True)
    ensure_demo_user("editor@example.com", "Eddie Editor", staff=True, groups=["Editors"])
    return [
        ("admin@example.com",
         "superuser: everything, including the Wagtail admin at /admin/ (sets up an authenticator app at first "
         "sign-in)"),
        ("editor@example.com", "Wagtail editor, the council's CSE co-ordinator (sets up an authenticator app at first "
         "sign-in)"),
    ]
