from django import template

from ..selectors import parents_home

register = template.Library()


@register.inclusion_tag("outreach/includes/footer_links.html", takes_context=True)
def outreach_footer_links(context):
    """The footer's links to "What I saw" and, when it is published, the section for parents and carers."""
    page = parents_home()
    return {"parents_url": page.get_url(getattr(context, "request", None)) if page is not None else None}
