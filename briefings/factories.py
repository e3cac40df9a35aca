import factory
import wagtail_factories

from .models import BriefingIndexPage, BriefingPage


class BriefingIndexPageFactory(wagtail_factories.PageFactory):
    title = "Briefings"
    slug = "briefings"

    class Meta:
        model = BriefingIndexPage


class BriefingPageFactory(wagtail_factories.PageFactory):
    """A briefing saved as a draft (not live): publish it with `publish(briefing)` to fire the e-mails."""

    title = factory.Sequence(lambda n: f"Briefing {n}")
    summary = "Call 101 and say Operation Makesafe if you are worried about a child."
    body = "<p>The police scheme for hotels has been relaunched.</p>"
    live = False

    class Meta:
        model = BriefingPage
        skip_postgeneration_save = True

    @factory.post_generation
    def job_roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.audience_job_roles.set(extracted)
            self.save()
