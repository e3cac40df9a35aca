import pytest
from wagtail.models import Site

from eyesandears.core.models import CouncilSettings
from outreach import demo
from outreach.models import ParentsPage

SOCIAL_CARE = "0113 496 0123"
OUT_OF_HOURS = "0113 496 0456"


@pytest.fixture
def council(home_page):
    """The council's settings with its own numbers, as an editor sets them under Settings."""
    settings = CouncilSettings.objects.get(site=Site.objects.get(is_default_site=True))
    settings.childrens_social_care_phone = SOCIAL_CARE
    settings.out_of_hours_phone = OUT_OF_HOURS
    settings.save()
    return settings


@pytest.fixture
def parents_section(home_page):
    """The demo council's pages for parents and carers, as `seed_demo` publishes them."""
    demo.seed()
    return ParentsPage.objects.get(slug="parents")
