from django import template
from wagtail.models import Page

register = template.Library()

FOOTER_PAGE_SLUGS = ("accessibility", "privacy")


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The accessibility statement and privacy notice, in one query, whichever exist."""
    request = context.get("request")
    pages = {page.slug: page for page in Page.objects.live().filter(slug__in=FOOTER_PAGE_SLUGS)}
    links = [(pages[slug].title, pages[slug].get_url(request=request)) for slug in FOOTER_PAGE_SLUGS if slug in pages]
    return {"links": links}
