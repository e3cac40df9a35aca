from django.utils.html import format_html
from wagtail import hooks
from wagtail.rich_text.pages import PageLinkHandler

from .languages import localized_pages


class LocalizedPageLinkHandler(PageLinkHandler):
    """Links in rich text go to the linked page in the language being read, found for all the links
    of a text at once (Wagtail's own handler looks each one up separately)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = localized_pages(cls.get_many(attrs_list))
        return [format_html('<a href="{}">', page.url) if page else "<a>" for page in pages]


@hooks.register("register_rich_text_features", order=100)  # after Wagtail's own, which it replaces
def register_localized_page_links(features):
    features.register_link_type(LocalizedPageLinkHandler)
