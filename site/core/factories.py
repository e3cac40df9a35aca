import wagtail_factories

from .models import HomePage, StandardPage


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
