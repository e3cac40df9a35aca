import wagtail_factories

from .models import ParentsPage


class ParentsPageFactory(wagtail_factories.PageFactory):
    title = "For parents and carers"
    slug = "parents"
    lead = "How to spot the signs, and what to do."
    body = "<p>You know your child best.</p>"

    class Meta:
        model = ParentsPage
