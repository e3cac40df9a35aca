"""The languages the site speaks, and how translated content maps back to the original.

Records of training (enrolments, lesson progress, certificates, required courses) always point at
the original, default-language pages, so a learner's progress and a council's reports are the same
whichever language the learner reads. Translations are what a learner reads.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def supported_codes():
    return [code for code, _name in settings.LANGUAGES]


def interface_language(code):
    """The interface language for a stored preference ("en", "ur", "pl", or one with no
    translation yet, which reads English)."""
    code = (code or "").lower()
    for supported in supported_codes():
        if code == supported or code == supported.split("-")[0]:
            return supported
    return DEFAULT_LANGUAGE


def preference_value(language_code):
    """What to store as a learner's preferred language for an interface language."""
    return language_code.split("-")[0]


@contextmanager
def in_language_of(user):
    """Render what goes to this person (an e-mail) in the interface language they prefer, with links
    to pages in that language."""
    with translation.override(interface_language(getattr(user, "preferred_language", ""))):
        yield


def is_rtl(language_code=None):
    return get_language_info(language_code or translation.get_language() or DEFAULT_LANGUAGE)["bidi"]


def default_locale():
    return Locale.get_default()


def active_locale():
    """The content locale of the page being served, falling back to the default."""
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return default_locale()


def source_of(instance):
    """The original (default-language) version of a translatable page or snippet; itself when it is
    already the original or has no original."""
    default = default_locale()
    if instance.locale_id == default.pk:
        return instance
    original = instance.get_translation_or_none(default)
    if original is None:
        return instance
    return original.specific if isinstance(original, Page) else original


def live_translation(instance, locale=None):
    """The live translation of a page or snippet in the locale (the active one by default), or the
    instance itself when there is none."""
    locale = locale or active_locale()
    if instance.locale_id == locale.pk:
        return instance
    translated = instance.get_translation_or_none(locale)
    if translated is None or not getattr(translated, "live", True):
        return instance
    return translated.specific if isinstance(translated, Page) else translated


def live_translations_of(pages, locale=None):
    """{original page id: its live translation in the locale} for many pages in one query."""
    locale = locale or active_locale()
    pages = list(pages)
    if not pages or all(page.locale_id == locale.pk for page in pages):
        return {page.pk: page for page in pages}
    by_key = {page.translation_key: page.pk for page in pages}
    found = {page.pk: page for page in pages}
    model = type(pages[0])
    for translated in model.objects.live().filter(translation_key__in=by_key, locale=locale):
        found[by_key[translated.translation_key]] = translated
    return found


def localized_pages(pages, locale=None):
    """Each page (or None) replaced by its live translation in the locale, where there is one, in
    one query however many pages there are."""
    locale = locale or active_locale()
    keys = {page.translation_key for page in pages if page is not None and page.locale_id != locale.pk}
    found = {}
    if keys:
        found = {page.translation_key: page for page in Page.objects.live().filter(translation_key__in=keys,
                                                                                    locale=locale)}
    return [found.get(page.translation_key, page) if page is not None else None for page in pages]


def content_languages():
    """(the content language being read, the default content language), as Wagtail's language codes."""
    original = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    try:
        reading = get_supported_content_language_variant(translation.get_language() or original)
    except LookupError:
        reading = original
    return reading, original


def first_page_as_read(originals):
    """The first of `originals` (default-language pages, in the order wanted) as the language being read
    has it: its live translation where there is one, itself otherwise; None when there are none. One
    query, so that the footer of every page can ask. Gives a plain Page (title and URL)."""
    reading, original = content_languages()
    first = originals.filter(locale__language_code=original).values("translation_key")[:1]
    found = list(
        Page.objects.live()
        .filter(translation_key__in=first, locale__language_code__in={reading, original})
        .select_related("locale")
    )
    preferred = [page for page in found if page.locale.language_code == reading]
    return (preferred or found or [None])[0]


@dataclass
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool


def _pages_by_language(page):
    """{language code: the page's live translation, or that language's home page where the page has no
    translation}. Two queries at most, whichever page and however many languages."""
    found = {}
    for translated in Page.objects.live().filter(translation_key=page.translation_key).select_related("locale"):
        found[translated.locale.language_code] = translated
    if any(code not in found for code, _name in settings.LANGUAGES):
        for home in Page.objects.live().filter(depth=2).select_related("locale").order_by("path"):
            found.setdefault(home.locale.language_code, home)
    return found


def language_links(request, page=None):
    """Where each language's version of this page is: a page's translation, or for the other pages
    the same address in that language."""
    current = translation.get_language()
    path = request.get_full_path()
    pages = _pages_by_language(page) if page is not None else {}
    links = []
    for code, name in settings.LANGUAGES:
        url = pages[code].get_url(request) if code in pages else None
        if url is None:
            url = translate_url(path, code)
        links.append(LanguageLink(code, name, url, code == current))
    return links
