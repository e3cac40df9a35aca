from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from .models import ParentsPage


@dataclass(frozen=True)
class Section:
    """The parents and carers pages, as the contents list and the previous and next links show them."""

    root: ParentsPage
    pages: list  # the opening page, then the live pages under it, in the editors' order
    previous: ParentsPage | None
    next: ParentsPage | None


def section_of(page):
    """The section the page belongs to: the highest parents page above it (or itself) and its pages."""
    root = ParentsPage.objects.ancestor_of(page, inclusive=True).order_by("depth").first() or page
    pages = [root, *ParentsPage.objects.live().public().child_of(root).order_by("path")]
    ids = [item.pk for item in pages]
    position = ids.index(page.pk) if page.pk in ids else None
    previous = pages[position - 1] if position else None
    following = pages[position + 1] if position is not None and position + 1 < len(pages) else None
    return Section(root=root, pages=pages, previous=previous, next=following)


def parents_home():
    """The opening page of the parents and carers section in the language being read, or the original
    when it has not been translated; None when there is none. One query (the footer of every page asks)."""
    original = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    try:
        reading = get_supported_content_language_variant(translation.get_language() or original)
    except LookupError:
        reading = original
    found = list(
        ParentsPage.objects.live()
        .filter(locale__language_code__in={reading, original})
        .select_related("locale")
        .order_by("depth", "path")[:20]
    )
    preferred = [page for page in found if page.locale.language_code == reading]
    return (preferred or found or [None])[0]
