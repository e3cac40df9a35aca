"""The glossary: the terms the modules use, each with a plain-English definition and its sources, listed
at /glossary/ and linked from the first place each term appears in a lesson.

Linking works on the text nodes of the HTML a lesson block has already rendered (parsed, never matched
as raw markup), and skips text inside links, headings and other interactive elements. The terms are
read once per request and kept on it, with the terms already linked on each page.
"""

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, NavigableString
from bs4.dammit import EntitySubstitution
from bs4.formatter import HTMLFormatter
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.safestring import mark_safe
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.snippets.views.snippets import SnippetViewSet

# Text inside these is never linked: links cannot nest, and headings and controls stay as they are.
SKIPPED_ELEMENTS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "button", "label", "summary", "select",
     "option", "textarea", "code", "pre", "title"}
)
REQUEST_ATTRIBUTE = "_eyesandears_glossary_linker"


class AsWritten(HTMLFormatter):
    """Writes the HTML back as it came: attributes in their order, text escaped, void elements without a slash."""

    def __init__(self):
        super().__init__(entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix=None)

    def attributes(self, tag):
        return list(tag.attrs.items())


class GlossaryTerm(index.Indexed, ClusterableModel):
    term = models.CharField(max_length=100, help_text="The word or phrase, as it is usually written.")
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in the address: /glossary/#slug.")
    definition = models.TextField(help_text="What it means, in a few short sentences of plain English.")
    other_forms = models.CharField(
        max_length=255,
        blank=True,
        help_text="Other ways of writing it that should also link here, separated by commas: "
        "for example \u2018groomed, grooming\u2019.",
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("other_forms"),
        InlinePanel("sources", heading="Sources", label="Source", min_num=1),
    ]
    search_fields = [index.SearchField("term"), index.SearchField("definition"), index.AutocompleteField("term")]

    class Meta:
        app_label = "courses"
        ordering = [Lower("term")]
        verbose_name = "glossary term"

    def __str__(self):
        return self.term

    @property
    def forms(self):
        """Every way of writing the term that links to it, the term first."""
        found = [self.term.strip()]
        found += [form.strip() for form in self.other_forms.split(",")]
        seen, unique = set(), []
        for form in found:
            if form and form.casefold() not in seen:
                seen.add(form.casefold())
                unique.append(form)
        return unique

    @property
    def also(self):
        return self.forms[1:]

    def get_url(self):
        return f"{reverse('courses:glossary')}#{self.slug}"


class GlossarySource(Orderable):
    """Where the definition comes from, named on the glossary page."""

    term = ParentalKey(GlossaryTerm, on_delete=models.CASCADE, related_name="sources")
    name = models.CharField(max_length=255, help_text="The organisation and the document.")
    url = models.URLField(blank=True, help_text="Where to read it, if it is online.")

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        app_label = "courses"

    def __str__(self):
        return self.name


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = "Glossary"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["term", "slug", "other_forms"]
    search_fields = ["term", "definition"]


def glossary_terms():
    return list(GlossaryTerm.objects.prefetch_related("sources").order_by(Lower("term"), "pk"))


class GlossaryLinker:
    """Links the first appearance of each term on a page (keyed by the page) to its definition."""

    def __init__(self, terms):
        self.url = reverse("courses:glossary")
        self.slug_of = {}
        for term in terms:
            for form in term.forms:
                self.slug_of.setdefault(normalise(form), term.slug)
        self.pattern = None
        if self.slug_of:
            # Longest first, so "child sexual exploitation" wins over "exploitation"; any run of space matches.
            alternatives = sorted(self.slug_of, key=len, reverse=True)
            body = "|".join(r"\s+".join(re.escape(word) for word in form.split(" ")) for form in alternatives)
            self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
        self.linked = {}

    def link(self, html, page_key=None):
        if self.pattern is None or not html:
            return html
        done = self.linked.setdefault(page_key, set())
        if len(done) >= len(set(self.slug_of.values())) or not self.pattern.search(str(html)):
            return html  # a cheap test on the whole fragment before parsing it; the linking itself is below
        soup = BeautifulSoup(str(html), "html.parser")
        changed = False
        for node in list(soup.find_all(string=True)):
            if type(node) is not NavigableString or any(parent.name in SKIPPED_ELEMENTS for parent in node.parents):
                continue
            pieces = self.split(str(node), done, soup)
            if pieces is not None:
                node.replace_with(*pieces)
                changed = True
        return mark_safe(soup.decode(formatter=AsWritten())) if changed else html

    def split(self, text, done, soup):
        pieces, start = [], 0
        for match in self.pattern.finditer(text):
            slug = self.slug_of[normalise(match.group(0))]
            if slug in done:
                continue
            done.add(slug)
            if match.start() > start:
                pieces.append(NavigableString(text[start : match.start()]))
            link = soup.new_tag("a", attrs={"href": f"{self.url}#{slug}", "class": "glossary-link"})
            link.string = match.group(0)
            pieces.append(link)
            start = match.end()
        if not pieces:
            return None
        if start < len(text):
            pieces.append(NavigableString(text[start:]))
        return pieces


def normalise(form):
    return " ".join(form.split()).casefold()


def linker_for(request):
    """The request's linker: the terms are read on the first use in a request, once."""
    linker = getattr(request, REQUEST_ATTRIBUTE, None)
    if linker is None:
        linker = GlossaryLinker(glossary_terms())
        setattr(request, REQUEST_ATTRIBUTE, linker)
    return linker


def link_glossary_terms(html, context):
    """`html` (a lesson block's rendering) with the page's first mention of each term linked to the glossary."""
    request = context.get("request") if context is not None else None
    if request is None:
        return html  # rendered outside a request (a block on its own): left as it is
    page = context.get("page")
    return linker_for(request).link(html, page_key=getattr(page, "pk", None))


def glossary_file():
    from django.conf import settings

    return Path(settings.BASE_DIR) / "content" / "glossary.yaml"


def read_glossary(path=None):
    with open(path or glossary_file(), encoding="utf-8") as stream:
        return yaml.safe_load(stream)["terms"]


def ensure_glossary(path=None):
    """Creates or updates the terms in content/glossary.yaml (matched by slug); run again, it changes nothing."""
    terms = []
    for item in read_glossary(path):
        term = GlossaryTerm.objects.filter(slug=item["slug"]).first() or GlossaryTerm(slug=item["slug"])
        term.term, term.definition = item["term"], item["definition"].strip()
        term.other_forms = item.get("also", "")
        term.sources = [GlossarySource(name=source["name"], url=source.get("url") or "") for source in item["sources"]]
        term.save()
        terms.append(term)
    return terms
