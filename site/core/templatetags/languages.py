from django import template
from django.utils import translation
from wagtail.models import Page

from ..languages import is_rtl, language_links

register = template.Library()


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    page = context.get("page")
    if not isinstance(page, Page):  # a list's paginator page, or nothing
        page = None
    return {"links": language_links(request, page=page), "request": request}


@register.filter
def bcp47(language_code):
    """A Django language code as HTML's lang attribute writes it: "en-gb" becomes "en-GB"."""
    language, _, region = (language_code or "").partition("-")
    return f"{language}-{region.upper()}" if region else language


@register.simple_tag
def text_direction():
    return "rtl" if is_rtl() else "ltr"


@register.simple_tag
def home_url():
    """The home page in the language being read (English has no prefix)."""
    language = translation.get_language()
    from django.conf import settings

    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
