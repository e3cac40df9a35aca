import wagtail_factories
from wagtail.models import Page, Site

from .models import CouncilSettings, HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Spot the signs. Know what to do."
    lead = "Training for people who meet children in their work."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = "Accessibility statement"
    body = "<p>How accessible this service is.</p>"

    class Meta:
        model = StandardPage


def make_site_home(council_name="Testshire Council"):
    """A home page as the root of the default site, in place of Wagtail's welcome page, with the
    council's name in its settings."""
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-page")
    site.root_page = home
    site.save()
    welcome.delete()
    CouncilSettings.objects.update_or_create(site=site, defaults={"council_name": council_name})
    return home
