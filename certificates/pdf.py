"""The certificate PDF: the facts in, the bytes of an A4 landscape page out.

A pure function over `CertificateFacts`, so that the service, the task and the tests can call it
without a database. Rendered by xhtml2pdf from `certificates/certificate_pdf.html`.

Names are typed by learners in any script, and ReportLab draws each character with one font. The
fonts in site/static/fonts/ cover Latin (with every accent), Polish, Arabic and Urdu, and Chinese,
Japanese and Korean; each is embedded only when some text on the certificate needs it, and the
holder's name is set in the family of its own script (Arabic script in Noto Naskh Arabic, CJK in
Droid Sans Fallback, anything else in Noto Sans). xhtml2pdf joins Arabic letters (arabic_reshaper:
each letter becomes its initial, medial, final or isolated form, which Noto Naskh Arabic carries) and
lays right-to-left text out with its own bidirectional algorithm. Its reshaper drops the vowel marks
and other harakat by default, which would print a name such as "عبدالرحمٰن" or "مُحَمَّد" without
the marks its holder typed; the certificate is rendered with them kept (`_arabic_marks_kept`).

The renderer fetches nothing from the network and reads no file but its own fonts and logo: every
text is HTML-escaped by the template, `_link_callback` resolves only the project's own static files
and `data:` URIs, and xhtml2pdf's `ResourceAccessPolicy` confines any read to those folders with
remote fetches turned off. The council's logo is read here, by this code, only from the static
folders or Wagtail's original images, checked to be an image, and embedded as a `data:` URI.
"""

from __future__ import annotations

import base64
import datetime
import io
import logging
import threading
import types
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import arabic_reshaper
import segno
from django.conf import settings
from django.template.loader import render_to_string
from PIL import Image
from xhtml2pdf import pisa
from xhtml2pdf import util as xhtml2pdf_util
from xhtml2pdf.config.resources import ResourceAccessPolicy

log = logging.getLogger(__name__)

TEMPLATE_NAME = "certificates/certificate_pdf.html"

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: What a refused or unknown resource becomes: a 1x1 transparent GIF, which draws nothing. The
#: link callback must return something: an empty answer makes xhtml2pdf use the original URI.
BLANK_URI = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

#: Only these folders of the static files are for the renderer.
STATIC_SUBFOLDERS = ("fonts/", "images/")
DEFAULT_LOGO = "images/logo.png"

#: A logo is drawn 20 mm wide; 600 pixels is far more than print needs at that size.
LOGO_MAX_PIXELS = 600
LOGO_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
LOGO_MAX_BYTES = 10 * 1024 * 1024
#: Wagtail keeps the images editors upload here, under MEDIA_ROOT.
WAGTAIL_ORIGINALS = "original_images"


@dataclass(frozen=True)
class FontFamily:
    script: str
    name: str
    regular: str
    bold: str | None = None  # None: the regular face stands in for bold, and the file is read once


LATIN = FontFamily("latin", "Noto Sans", "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf")
ARABIC = FontFamily(
    "arabic", "Noto Naskh Arabic", "fonts/NotoNaskhArabic-Regular.ttf", "fonts/NotoNaskhArabic-Bold.ttf"
)
CJK = FontFamily("cjk", "Droid Sans Fallback", "fonts/DroidSansFallbackFull.ttf")  # one weight only
MONO = FontFamily("mono", "Noto Sans Mono", "fonts/NotoSansMono-Bold.ttf")  # the code, always bold


class CertificateRenderError(RuntimeError):
    """The PDF could not be rendered. Nothing half-made is returned."""


@dataclass(frozen=True)
class CertificateFacts:
    council_name: str
    service_name: str
    holder_name: str  # untrusted text typed by the learner, any script
    course_title: str
    job_role: str
    issued_on: datetime.date
    expires_on: datetime.date
    code: str  # already formatted, e.g. "EAE-7KQ4M-2XD9F-J3KQ7"
    verify_url: str  # absolute URL the QR code opens
    logo_path: str | None = None  # an absolute path to the council's logo image file, or None


def render_certificate_pdf(facts: CertificateFacts) -> bytes:
    """The certificate as the bytes of a one-page A4 PDF; raises CertificateRenderError."""
    html = render_to_string(TEMPLATE_NAME, certificate_context(facts))
    out = io.BytesIO()
    try:
        with _arabic_marks_kept():
            result = pisa.CreatePDF(
                html,
                dest=out,
                encoding="utf-8",
                link_callback=_link_callback,
                resource_policy=resource_policy(),
            )
    except Exception as exc:
        raise CertificateRenderError(f"xhtml2pdf failed on certificate {facts.code}: {exc}") from exc
    if result.err:
        raise CertificateRenderError(f"xhtml2pdf reported {result.err} error(s) on certificate {facts.code}")
    pdf = out.getvalue()
    if not pdf.startswith(b"%PDF-"):
        raise CertificateRenderError(f"xhtml2pdf wrote no PDF for certificate {facts.code}")
    return pdf


#: Joins Arabic letters as xhtml2pdf's default does, but keeps the harakat (vowel marks, shadda, the
#: superscript alef of Urdu names), which Noto Naskh Arabic draws over and under the joined letters.
_MARK_KEEPING_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
_RESHAPER_LOCK = threading.Lock()


@contextmanager
def _arabic_marks_kept():
    """While a certificate renders, xhtml2pdf joins Arabic letters with `_MARK_KEEPING_RESHAPER`.

    xhtml2pdf calls `arabic_reshaper.reshape` through its `util` module and has no setting for it, so
    its module reference is swapped for the render and restored after; the lock keeps renders in other
    threads from restoring it under one another."""
    if not hasattr(xhtml2pdf_util, "arabic_reshaper"):
        raise CertificateRenderError("xhtml2pdf no longer reshapes Arabic through util.arabic_reshaper")
    with _RESHAPER_LOCK:
        original = xhtml2pdf_util.arabic_reshaper
        xhtml2pdf_util.arabic_reshaper = types.SimpleNamespace(reshape=_MARK_KEEPING_RESHAPER.reshape)
        try:
            yield
        finally:
            xhtml2pdf_util.arabic_reshaper = original


def certificate_context(facts: CertificateFacts) -> dict:
    """What the template shows. Every string in it is escaped by the template."""
    texts = (facts.council_name, facts.service_name, facts.holder_name, facts.course_title, facts.job_role)
    families = _families_needed(texts)
    holder_family = family_for(facts.holder_name)
    return {
        "facts": facts,
        "issued_on": format_date(facts.issued_on),
        "expires_on": format_date(facts.expires_on),
        "fonts": [
            {
                "name": family.name,
                "regular": _static_url(family.regular),
                "bold": _static_url(family.bold) if family.bold else None,
            }
            for family in (*families, MONO)
        ],
        "text_stack": _stack(families),
        "holder_stack": _stack([holder_family, *(f for f in families if f != holder_family)]),
        "holder_script": holder_family.script,
        "holder_size": _holder_size(facts.holder_name),
        "course_size": _course_size(facts.course_title),
        # More air between the parts when the name and the title are short enough to allow it.
        "gap": 4 if _holder_size(facts.holder_name) >= 28 and _course_size(facts.course_title) >= 19 else 2,
        "dirs": {
            "holder": text_direction(facts.holder_name),
            "course": text_direction(facts.course_title),
            "role": text_direction(facts.job_role),
            "council": text_direction(facts.council_name),
            "service": text_direction(facts.service_name),
        },
        "logo_uri": _logo_uri(facts.logo_path),
        "qr_uri": qr_data_uri(facts.verify_url),
    }


def format_date(value: datetime.date) -> str:
    """25 November 2026, in English whatever language is active."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=8, border=2)


# Scripts and fonts


def _is_arabic_script(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF  # Arabic (Urdu and Persian letters included)
        or 0x0750 <= code <= 0x077F  # Arabic Supplement
        or 0x08A0 <= code <= 0x08FF  # Arabic Extended-A
        or 0xFB50 <= code <= 0xFDFF  # Presentation Forms-A
        or 0xFE70 <= code <= 0xFEFF  # Presentation Forms-B
    )


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= code <= 0x2FDF  # CJK radicals
        or 0x3000 <= code <= 0x30FF  # CJK punctuation, Hiragana, Katakana
        or 0x3100 <= code <= 0x31FF  # Bopomofo, Hangul compatibility Jamo, Katakana extension
        or 0x3400 <= code <= 0x4DBF  # CJK Extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full- and half-width forms
        or 0x20000 <= code <= 0x2FFFF  # supplementary ideographs
    )


def family_for(text: str) -> FontFamily:
    """The family a text is set in: the script of its first letter that is not Latin decides."""
    for char in text:
        if _is_arabic_script(char):
            return ARABIC
        if _is_cjk(char):
            return CJK
    return LATIN


def _families_needed(texts) -> list[FontFamily]:
    """Noto Sans always (the labels are English), and the others only when a text needs them:
    Droid Sans Fallback is 4 MB, read on every render that embeds it."""
    joined = "".join(texts)
    families = [LATIN]
    if any(_is_arabic_script(char) for char in joined):
        families.append(ARABIC)
    if any(_is_cjk(char) for char in joined):
        families.append(CJK)
    return families


def _stack(families) -> str:
    """A CSS font-family list. xhtml2pdf picks, for each character, the first family that has it."""
    return ", ".join(f'"{family.name}"' for family in families)


def text_direction(text: str) -> str:
    """rtl when the first strongly directional character is right-to-left (HTML's dir=auto)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def _holder_size(name: str) -> int:
    """The name in points: large, and smaller as it gets longer, so it stays on one or two lines."""
    length = len(name)
    wide = sum(1 for char in name if _is_cjk(char))
    length += wide  # an ideograph is about two Latin letters wide
    if length <= 28:
        return 34
    if length <= 40:
        return 28
    if length <= 90:
        return 22
    return 16


def _course_size(title: str) -> int:
    length = len(title) + sum(1 for char in title if _is_cjk(char))
    if length <= 60:
        return 19
    if length <= 120:
        return 15
    return 12


# Files: what the renderer may read


def static_roots() -> list[Path]:
    """The project's own static folders (STATICFILES_DIRS), resolved."""
    roots = []
    for entry in settings.STATICFILES_DIRS:
        # An entry is a folder, or (prefix, folder).
        folder = entry[1] if isinstance(entry, (tuple, list)) else entry
        roots.append(Path(folder).resolve())
    return roots


def resource_policy() -> ResourceAccessPolicy:
    """xhtml2pdf's own gate: no network at all, and local reads only inside the static folders."""
    roots = static_roots()
    if not roots:
        raise CertificateRenderError("STATICFILES_DIRS is empty: the certificate fonts cannot be found")
    return ResourceAccessPolicy.server(
        base_dir=roots[0],
        extra_roots=tuple(roots[1:]),
        allow_remote=False,
        allowed_hosts=frozenset(),
    )


def find_static(relative: str) -> Path | None:
    """The file at `relative` (e.g. "fonts/NotoSans-Regular.ttf") in the static folders, if it is
    one of the renderer's own and really there; None for anything else."""
    if not relative.startswith(STATIC_SUBFOLDERS) or "\\" in relative or "\x00" in relative:
        return None
    for root in static_roots():
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def static_url(relative: str, *, needed_by: str, error: type[Exception]) -> str:
    """The URL of one of the renderer's static files for a template; raises `error` if it is missing."""
    if find_static(relative) is None:
        raise error(f"{needed_by} needs {relative} in the static files, and it is not there")
    return settings.STATIC_URL + relative


def static_link_callback(document: str):
    """An xhtml2pdf link_callback that resolves only the renderer's static files and `data:` URIs; all
    else (http, file:, paths anywhere) becomes a blank image. It never returns an empty answer,
    because xhtml2pdf would then fetch the original. `document` names the PDF in the log."""

    def link_callback(uri: str, rel: str | None) -> str:
        uri = str(uri or "")
        if uri.startswith("data:"):
            return uri
        if uri.startswith(settings.STATIC_URL) and "?" not in uri and "#" not in uri:
            path = find_static(uri[len(settings.STATIC_URL) :])
            if path is not None:
                return str(path)
        log.warning("%s: refused a link to %r", document, uri[:120])
        return BLANK_URI

    return link_callback


def _static_url(relative: str) -> str:
    return static_url(relative, needed_by="the certificate", error=CertificateRenderError)


_link_callback = static_link_callback("Certificate PDF")


def _logo_roots() -> list[Path]:
    """Where a council logo may be read from: the static folders, and the originals of the images
    editors upload to Wagtail (CouncilSettings.logo)."""
    return [*static_roots(), (Path(settings.MEDIA_ROOT) / WAGTAIL_ORIGINALS).resolve()]


def _logo_uri(logo_path: str | None) -> str:
    """The council's logo as a PNG `data:` URI, or the service's own logo when it has none or its
    file cannot be used (outside the allowed folders, missing, too large, or not an image)."""
    if logo_path:
        data = _read_logo(Path(logo_path))
        if data is not None:
            return "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return _static_url(DEFAULT_LOGO)


def _read_logo(path: Path) -> bytes | None:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return None
    if not path.is_absolute() or not any(resolved.is_relative_to(root) for root in _logo_roots()):
        log.warning("Certificate PDF: refused a logo outside the static and image folders: %s", str(path)[:120])
        return None
    try:
        if not resolved.is_file() or resolved.stat().st_size > LOGO_MAX_BYTES:
            log.warning("Certificate PDF: the logo %s is missing or too large", resolved)
            return None
        with Image.open(resolved) as image:
            if image.format not in LOGO_FORMATS or image.width * image.height > 40_000_000:
                log.warning("Certificate PDF: the logo %s is not a usable image", resolved)
                return None
            image.load()
            image.thumbnail((LOGO_MAX_PIXELS * 3, LOGO_MAX_PIXELS))
            # Flattened onto the white of the page: ReportLab draws the soft edge of a transparent
            # logo as a faint grey ring.
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            out = io.BytesIO()
            flat.save(out, format="PNG")
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        log.warning("Certificate PDF: the logo %s could not be read: %s", resolved, exc)
        return None
