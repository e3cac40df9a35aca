"""The leaflet for parents and carers: one A4 page that schools can print and send home, with the
council's name and phone numbers from its settings, in the language being read.

Rendered by xhtml2pdf from `outreach/leaflet_pdf.html` with the same guards as the certificates
(certificates/pdf.py): every text is escaped by the template, the link callback resolves only the
project's own fonts and `data:` URIs, and xhtml2pdf's `ResourceAccessPolicy` refuses the network and
any file outside the static folders. A translation longer than the English could spill onto a second
page, so the leaflet is set a size smaller until it fits on one. The PDF is the same for everyone who
reads the same language, so it is kept in the cache under a hash of its HTML: a change of settings,
text or address makes a new one.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from xhtml2pdf import pisa

from certificates.pdf import (
    ARABIC,
    CJK,
    LATIN,
    family_for,
    qr_data_uri,
    resource_policy,
    static_link_callback,
    static_url,
)
from eyesandears.core.languages import is_rtl

log = logging.getLogger(__name__)

TEMPLATE_NAME = "outreach/leaflet_pdf.html"
#: Body text sizes in points, largest first: the first that fits on one page is used.
TEXT_SIZES = (10.5, 10, 9.5, 9, 8.5, 8)
CACHE_SECONDS = 24 * 60 * 60
TITLE = gettext_noop("Child sexual exploitation: a guide for parents and carers")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


# Joined by no-break spaces, which the bidirectional algorithm keeps inside a number (ordinary spaces
# would let Urdu text show the groups in the wrong order: "1111 0800").
CHILDLINE_PHONE = "0800\u00a01111"


class LeafletRenderError(RuntimeError):
    """The leaflet could not be rendered. Nothing half-made is returned."""


@dataclass(frozen=True)
class LeafletFacts:
    council_name: str
    service_name: str
    emergency_phone: str
    non_emergency_phone: str
    childrens_social_care_phone: str  # may be empty: the council has not set it
    out_of_hours_phone: str  # may be empty
    crimestoppers_phone: str
    nspcc_helpline_phone: str
    more_url: str  # absolute address of the pages for parents and carers


def facts_from(council, more_url) -> LeafletFacts:
    """The leaflet's facts from the council's settings (CouncilSettings)."""
    return LeafletFacts(
        council_name=council.council_name,
        service_name=council.service_name,
        emergency_phone=council.police_emergency_phone,
        non_emergency_phone=council.police_non_emergency_phone,
        childrens_social_care_phone=council.childrens_social_care_phone,
        out_of_hours_phone=council.out_of_hours_phone,
        crimestoppers_phone=council.crimestoppers_phone,
        nspcc_helpline_phone=council.nspcc_helpline_phone,
        more_url=more_url,
    )


def leaflet_pdf(facts: LeafletFacts) -> bytes:
    """The leaflet in the active language, from the cache when this one was made before."""
    key = "outreach:leaflet:" + hashlib.sha256(leaflet_html(facts, TEXT_SIZES[0]).encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_leaflet_pdf(facts)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def render_leaflet_pdf(facts: LeafletFacts) -> bytes:
    """The bytes of a one-page A4 PDF; raises LeafletRenderError."""
    for size in TEXT_SIZES:
        pdf = _render(leaflet_html(facts, size))
        if page_count(pdf) == 1:
            return pdf
        log.info("Parents' leaflet: %s text runs onto a second page at %spt", translation.get_language(), size)
    raise LeafletRenderError(f"the leaflet does not fit on one page even at {TEXT_SIZES[-1]}pt")


def leaflet_html(facts: LeafletFacts, text_size: float) -> str:
    return render_to_string(TEMPLATE_NAME, leaflet_context(facts, text_size))


def leaflet_context(facts: LeafletFacts, text_size: float) -> dict:
    """What the template shows. Every string in it is escaped by the template."""
    families = _families_needed(facts)
    return {
        "facts": facts,
        "fonts": [
            {
                "name": family.name,
                "regular": _static_url(family.regular),
                "bold": _static_url(family.bold) if family.bold else None,
            }
            for family in families
        ],
        "text_stack": ", ".join(f'"{family.name}"' for family in families),
        "sizes": {
            "text": text_size,
            "lead": text_size + 1,
            "large": text_size + 2,
            "heading": text_size + 2.5,
            "title": text_size + 9,
            "small": text_size - 1.5,
        },
        "title": gettext(TITLE),
        "direction": "rtl" if is_rtl() and _translated() else "ltr",
        "language": (translation.get_language() if _translated() else None) or settings.LANGUAGE_CODE,
        "qr_uri": qr_data_uri(facts.more_url),
        "childline_phone": CHILDLINE_PHONE,
    }


def page_count(pdf: bytes) -> int:
    """How many pages ReportLab wrote (it writes each page as its own uncompressed object)."""
    return len(_PAGE_OBJECT.findall(pdf))


def _render(html: str) -> bytes:
    out = io.BytesIO()
    try:
        result = pisa.CreatePDF(
            html, dest=out, encoding="utf-8", link_callback=_link_callback, resource_policy=resource_policy()
        )
    except Exception as exc:
        raise LeafletRenderError(f"xhtml2pdf failed on the parents' leaflet: {exc}") from exc
    if result.err:
        raise LeafletRenderError(f"xhtml2pdf reported {result.err} error(s) on the parents' leaflet")
    pdf = out.getvalue()
    if not pdf.startswith(b"%PDF-"):
        raise LeafletRenderError("xhtml2pdf wrote no PDF for the parents' leaflet")
    return pdf


def _translated() -> bool:
    """Whether the leaflet's text is in the language being read: until a translator has done it, it is
    in English, and set left to right even on an Urdu page."""
    return gettext(TITLE) != TITLE


def _families_needed(facts: LeafletFacts) -> list:
    """Noto Sans always; Noto Naskh Arabic for Urdu (or a council name in Arabic script); the CJK font
    only when a name needs it (it is 4 MB)."""
    families = [LATIN]
    scripts = {family_for(text).script for text in (facts.council_name, facts.service_name)}
    if is_rtl() or ARABIC.script in scripts:
        families.append(ARABIC)
    if CJK.script in scripts:
        families.append(CJK)
    return families


def _static_url(relative: str) -> str:
    return static_url(relative, needed_by="the leaflet", error=LeafletRenderError)


_link_callback = static_link_callback("Parents' leaflet")
