from django import template
from wagtail.models import Page

from eyesandears.core.languages import default_locale, live_translation

register = template.Library()


@register.inclusion_tag("includes/footer_links.html", takes_context=True)
def footer_links(context):
    """The accessibility statement, in the language being read where it is translated. The privacy
    notice is the site's own page (accounts:privacy), which shows the council's 'privacy' page in it,
    so the footer links to that and never to the Wagtail page as well."""
    request = context.get("request")
    statement = Page.objects.live().filter(slug="accessibility", locale=default_locale()).first()
    links = []
    if statement is not None:
        statement = live_translation(statement)
        links.append((statement.title, statement.get_url(request=request)))
    return {"links": links}
