from dataclasses import dataclass

from eyesandears.core.languages import first_page_as_read

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
    return first_page_as_read(ParentsPage.objects.live().order_by("depth", "path"))
