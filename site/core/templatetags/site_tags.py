from django import template
from wagtail.models import Page

from eyesandears.core.languages import first_page_as_read

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The accessibility statement, in the language being read where it is translated. The privacy
    notice is the site's own page (accounts:privacy), which shows the council's 'privacy' page in it,
    so the footer links to that and never to the Wagtail page as well."""
    statement = first_page_as_read(Page.objects.live().filter(slug="accessibility").order_by("depth", "path"))
    links = [(statement.title, statement.get_url(request=context.get("request")))] if statement else []
    return {"links": links}
