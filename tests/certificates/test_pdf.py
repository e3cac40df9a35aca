"""The certificate PDF renderer (certificates/pdf.py): what it prints, in which fonts, and what it
refuses to fetch or read.

No database: the renderer is a pure function of CertificateFacts.
"""

import datetime
import io
import re
import socket
import threading
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
import segno
from django.conf import settings
from PIL import Image
from pypdf import PdfReader
from xhtml2pdf import pisa

from certificates import pdf as certificate_pdf
from certificates.pdf import (
    CertificateFacts,
    CertificateRenderError,
    format_date,
    render_certificate_pdf,
)

TEMPLATES_DIR = Path(certificate_pdf.__file__).resolve().parent / "templates"
A4_LANDSCAPE = (841.89, 595.28)
VERIFY_URL = "https://training.example-council.gov.uk/certificates/verify/EAE-7KQ4M-2XD9F-J3KQ7/"


@pytest.fixture(autouse=True)
def _certificate_templates(settings):
    """The app's templates, also while `certificates` is not in INSTALLED_APPS."""
    if "certificates" not in settings.INSTALLED_APPS:
        templates = [dict(engine) for engine in settings.TEMPLATES]
        templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
        settings.TEMPLATES = templates


def make_facts(**changes):
    facts = CertificateFacts(
        council_name="Testshire Borough Council",
        service_name="Eyes and Ears",
        holder_name="Zoë Łukasiewicz-Ñúñez",
        course_title="Safeguarding children: taxi and private hire drivers",
        job_role="Taxi and private hire driver",
        issued_on=datetime.date(2026, 11, 25),
        expires_on=datetime.date(2029, 11, 25),
        code="EAE-7KQ4M-2XD9F-J3KQ7",
        verify_url=VERIFY_URL,
    )
    return replace(facts, **changes)


def page_of(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1, "a certificate is one page"
    return reader.pages[0]


def text_of(pdf_bytes):
    """The page's text, Arabic presentation forms folded back to letters, spaces collapsed."""
    text = unicodedata.normalize("NFKC", page_of(pdf_bytes).extract_text())
    return re.sub(r"\s+", " ", text)


def embedded_fonts(pdf_bytes):
    """{base font name without the subset tag: has an embedded TrueType file}."""
    fonts = {}
    for ref in page_of(pdf_bytes)["/Resources"]["/Font"].values():
        font = ref.get_object()
        name = str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]
        descriptors = [font.get("/FontDescriptor")]
        descriptors += [d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
        fonts[name] = any(d is not None and "/FontFile2" in d.get_object() for d in descriptors)
    return fonts


def image_sizes(pdf_bytes):
    """(width, height) in pixels of every image drawn on the page, in any form XObject too."""
    sizes = []

    def walk(resources):
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            xobject = ref.get_object()
            if xobject["/Subtype"] == "/Image":
                sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
            elif xobject["/Subtype"] == "/Form":
                walk(xobject.get("/Resources"))

    walk(page_of(pdf_bytes)["/Resources"])
    return sizes


def png_file(path, size, colour=(200, 30, 60)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, format="PNG")
    return path


@pytest.fixture
def listener():
    """A TCP server on a free loopback port that counts the connections it is sent."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except OSError:
                continue
            connections.append(address)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield {"port": server.getsockname()[1], "connections": connections}
    stop.set()
    thread.join(timeout=2)
    server.close()


# What it prints


def test_prints_every_fact_on_one_a4_page():
    pdf = render_certificate_pdf(make_facts())

    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    width, height = (float(v) for v in page_of(pdf).mediabox.upper_right)
    assert (width, height) == pytest.approx(A4_LANDSCAPE, abs=0.5)
    text = text_of(pdf)
    for expected in (
        "Testshire Borough Council",
        "Certificate of training",
        "Zoë Łukasiewicz-Ñúñez",
        "has completed",
        "Safeguarding children: taxi and private hire drivers",
        "Taxi and private hire driver",
        "25 November 2026",
        "25 November 2029",
        "EAE-7KQ4M-2XD9F-J3KQ7",
        f"Check this certificate at {VERIFY_URL} or scan the code",
    ):
        assert expected in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(datetime.date(2026, 11, 25), "25 November 2026"), (datetime.date(2027, 1, 5), "5 January 2027")],
)
def test_dates_are_written_out_in_english(value, expected):
    assert format_date(value) == expected


def test_dates_are_english_whatever_language_is_active():
    from django.utils import translation

    with translation.override("pl"):
        text = text_of(render_certificate_pdf(make_facts(expires_on=datetime.date(2029, 3, 1))))
    assert "1 March 2029" in text


def test_the_qr_code_is_drawn_at_the_size_of_the_verify_url_symbol():
    pdf = render_certificate_pdf(make_facts())

    expected = segno.make(VERIFY_URL, error="m").symbol_size(scale=8, border=2)
    assert expected in image_sizes(pdf)


def test_the_same_facts_print_the_same_page():
    facts = make_facts()
    assert text_of(render_certificate_pdf(facts)) == text_of(render_certificate_pdf(facts))


def test_a_long_name_and_title_still_fit_on_one_page():
    pdf = render_certificate_pdf(
        make_facts(
            council_name="The Royal Borough of Somewhere and the District of Elsewhere Shared Licensing Service"[:120],
            holder_name=("Maria-Fernanda Alessandra Łukasiewicz-Ñúñez de la Cruz y Villanueva " * 3)[:150],
            course_title=("Safeguarding children from sexual exploitation: a refresher for drivers " * 4)[:255],
            job_role=("Taxi and private hire driver and door supervisor " * 2)[:80],
        )
    )
    assert "Łukasiewicz" in text_of(pdf)  # and page_of() checked it is one page


# Fonts and scripts


def test_noto_sans_is_embedded_and_only_the_fonts_needed():
    fonts = embedded_fonts(render_certificate_pdf(make_facts()))

    assert fonts["NotoSans-Bold"] and fonts["NotoSans-Regular"] and fonts["NotoSansMono-Bold"]
    assert not any("Naskh" in name or "Droid" in name for name in fonts)


@pytest.mark.parametrize(
    ("name", "font"),
    [
        ("محمد الأحمد", "NotoNaskhArabic-Bold"),  # Arabic
        ("عائشہ خان", "NotoNaskhArabic-Bold"),  # Urdu: heh goal is in the Arabic block, joined by Naskh
        ("王小明", "DroidSansFallback"),  # Chinese
    ],
)
def test_a_name_in_another_script_is_set_in_a_font_for_it(name, font):
    pdf = render_certificate_pdf(make_facts(holder_name=name))

    fonts = embedded_fonts(pdf)
    assert fonts[font], f"{font} is embedded as a TrueType file"
    assert name in text_of(pdf)


def test_arabic_letters_are_joined():
    """xhtml2pdf writes the joined forms (Arabic Presentation Forms) into the PDF."""
    raw = page_of(render_certificate_pdf(make_facts(holder_name="عائشہ خان"))).extract_text()

    assert "\ufecb\ufe8e\ufe8b\ufeb8\ufba7" in raw  # ع ا ئ ش ہ in their initial, medial and final forms
    assert "عائشہ" not in raw  # the unjoined letters are not what is drawn


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zoë Łukasiewicz", ("latin", "ltr")),
        ("محمد الأحمد", ("arabic", "rtl")),
        ("عائشہ خان", ("arabic", "rtl")),
        ("王小明", ("cjk", "ltr")),
        ("Ali علي", ("arabic", "ltr")),
    ],
)
def test_the_font_and_direction_are_chosen_by_script(name, expected):
    assert (certificate_pdf.family_for(name).script, certificate_pdf.text_direction(name)) == expected


# What it fetches and reads: nothing but its own files


def test_markup_in_a_name_is_printed_not_followed(listener, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-42")
    image = png_file(tmp_path / "outside.png", (97, 41))
    port = listener["port"]
    name = (
        f'<img src="http://127.0.0.1:{port}/x"> <link href="file:///etc/passwd"> '
        f'<img src="file://{image}"> <link rel="stylesheet" href="file://{secret}">'
    )

    pdf = render_certificate_pdf(make_facts(holder_name=name))

    text = text_of(pdf)
    assert f'<img src="http://127.0.0.1:{port}/x">' in text
    assert '<link href="file:///etc/passwd">' in text
    assert listener["connections"] == []
    assert "TOP-SECRET-CONTENT-42" not in text and b"TOP-SECRET-CONTENT-42" not in pdf
    assert (97, 41) not in image_sizes(pdf)


def test_every_text_field_is_escaped(listener):
    tag = f'<img src="http://127.0.0.1:{listener["port"]}/y">'

    pdf = render_certificate_pdf(
        make_facts(council_name=tag, service_name=tag, course_title=tag, job_role=tag, code=tag, verify_url=tag)
    )

    assert text_of(pdf).count(tag) >= 6
    assert listener["connections"] == []


def test_the_gates_hold_even_for_markup_that_was_not_escaped(listener, tmp_path):
    """Were a template ever to print a name with |safe, the link callback and xhtml2pdf's resource
    policy would still fetch and read nothing outside the renderer's own static files."""
    port = listener["port"]
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT-42")
    image = png_file(tmp_path / "outside.png", (97, 41))
    font = tmp_path / "font.ttf"
    font.write_bytes((Path(settings.STATICFILES_DIRS[0]) / "fonts/NotoSansMono-Bold.ttf").read_bytes())
    html = f"""<html><head><style>
      @import url("http://127.0.0.1:{port}/style.css");
      @font-face {{ font-family: "Stolen"; src: url("file://{font}"); }}
      body {{ background-image: url("http://127.0.0.1:{port}/bg.png"); font-family: "Stolen"; }}
    </style><link rel="stylesheet" href="file://{secret}"></head><body>
      <img src="http://127.0.0.1:{port}/a.png"> <img src="file://{image}"> <img src="{image}">
      <img src="{settings.STATIC_URL}../settings/base.py"> <img src="{settings.STATIC_URL}images/logo.png">
      <p>hello</p></body></html>"""
    out = io.BytesIO()

    pisa.CreatePDF(
        html, dest=out, link_callback=certificate_pdf._link_callback, resource_policy=certificate_pdf.resource_policy()
    )

    pdf = out.getvalue()
    assert listener["connections"] == []
    assert b"TOP-SECRET-CONTENT-42" not in pdf
    assert (97, 41) not in image_sizes(pdf)
    assert (240, 240) in image_sizes(pdf)  # its own static logo is the one image allowed in
    assert not any("Mono" in name for name in embedded_fonts(pdf))


@pytest.mark.parametrize(
    "uri",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/font.ttf",
        "/static/../settings/base.py",
        "/static/fonts/../../settings/base.py",
        "/static/css/eyesandears.css",  # a static file, but not one of the renderer's
        "ftp://example.com/x",
        "",
    ],
)
def test_the_link_callback_turns_anything_else_into_a_blank(uri):
    assert certificate_pdf._link_callback(uri, None) == certificate_pdf.BLANK_URI


def test_the_link_callback_resolves_the_renderers_own_files():
    path = certificate_pdf._link_callback(settings.STATIC_URL + "fonts/NotoSans-Regular.ttf", None)

    assert Path(path) == (Path(settings.STATICFILES_DIRS[0]) / "fonts/NotoSans-Regular.ttf").resolve()
    assert certificate_pdf._link_callback("data:image/png;base64,AAAA", None) == "data:image/png;base64,AAAA"


def test_the_resource_policy_allows_no_network_and_only_the_static_folders():
    policy = certificate_pdf.resource_policy()

    assert policy.allow_remote is False
    assert policy.roots == tuple(certificate_pdf.static_roots())


# The council's logo


def test_the_councils_uploaded_logo_is_embedded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    logo = png_file(tmp_path / "media" / "original_images" / "council.png", (123, 45))

    pdf = render_certificate_pdf(make_facts(logo_path=str(logo)))

    assert (123, 45) in image_sizes(pdf)
    assert (240, 240) not in image_sizes(pdf)  # not the service's own logo


def test_without_a_logo_the_services_own_is_drawn():
    assert (240, 240) in image_sizes(render_certificate_pdf(make_facts(logo_path=None)))


@pytest.mark.parametrize("where", ["outside", "symlink", "not-an-image", "relative", "missing"])
def test_a_logo_outside_the_allowed_folders_or_not_an_image_is_refused(settings, tmp_path, where):
    settings.MEDIA_ROOT = tmp_path / "media"
    originals = tmp_path / "media" / "original_images"
    outside = png_file(tmp_path / "elsewhere" / "logo.png", (77, 33))
    if where == "outside":
        path = str(outside)
    elif where == "symlink":
        originals.mkdir(parents=True)
        (originals / "link.png").symlink_to(outside)
        path = str(originals / "link.png")
    elif where == "not-an-image":
        originals.mkdir(parents=True)
        (originals / "notes.png").write_text("TOP-SECRET-CONTENT-42")
        path = str(originals / "notes.png")
    elif where == "relative":
        path = "elsewhere/logo.png"
    else:
        path = str(originals / "gone.png")

    pdf = render_certificate_pdf(make_facts(logo_path=path))

    sizes = image_sizes(pdf)
    assert (77, 33) not in sizes
    assert (240, 240) in sizes  # the service's own logo stands in
    assert b"TOP-SECRET-CONTENT-42" not in pdf


# Failing safe


def test_errors_reported_by_xhtml2pdf_raise(monkeypatch):
    class Failed:
        err = 2

    monkeypatch.setattr(certificate_pdf.pisa, "CreatePDF", lambda *args, **kwargs: Failed())

    with pytest.raises(CertificateRenderError, match="reported 2 error"):
        render_certificate_pdf(make_facts())


def test_an_exception_in_xhtml2pdf_raises_a_render_error(monkeypatch):
    def explode(*args, **kwargs):
        raise ValueError("broken")

    monkeypatch.setattr(certificate_pdf.pisa, "CreatePDF", explode)

    with pytest.raises(CertificateRenderError, match="broken"):
        render_certificate_pdf(make_facts())


def test_missing_fonts_raise_rather_than_print_in_helvetica(settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path]

    with pytest.raises(CertificateRenderError, match="fonts/NotoSans-Regular.ttf"):
        render_certificate_pdf(make_facts())
