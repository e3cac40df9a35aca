"""The demo council's outreach: the pages for parents and carers (under the "CSE co-ordinator
review" workflow, as the courses are). The "What I saw" page and the leaflet need no data. Idempotent."""

from django.db import transaction
from wagtail.models import Locale

from courses.demo import ensure_review_workflow
from eyesandears.core.models import HomePage

from .content import PARENTS_HOME, PARENTS_PAGES
from .models import ParentsPage, ParentsSource


def ensure_parents_page(parent, content):
    page = ParentsPage.objects.child_of(parent).filter(slug=content["slug"]).first()
    if page is None:
        page = ParentsPage(slug=content["slug"], title=content["title"], body=content["body"])
        parent.add_child(instance=page)
    page.title, page.lead, page.body = content["title"], content["lead"], content["body"]
    page.sources = [ParentsSource(name=name, url=url) for name, url in content["sources"]]
    page.save_revision().publish()
    return page


@transaction.atomic
def seed():
    home = HomePage.objects.filter(locale=Locale.get_default()).get()
    parents = ensure_parents_page(home, PARENTS_HOME)
    for content in PARENTS_PAGES:
        ensure_parents_page(parents, content)
    ensure_review_workflow(parents)
    return []
