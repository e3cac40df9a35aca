"""Urdu and Arabic names on the certificate: the letters joined (their contextual forms, from Arabic
Presentation Forms in Noto Naskh Arabic), drawn right to left, and with the vowel marks the holder
typed. The certificate around the name stays in English.

What is drawn is read from the page's content stream: the glyph codes of the name, left to right as
they are drawn, turned back into characters with the font's ToUnicode map.
"""

import re

import pytest

from certificates.pdf import render_certificate_pdf

from .test_pdf import _certificate_templates, make_facts, page_of, text_of  # noqa: F401 (a fixture)

SHADDA, FATHA, DAMMA, KASRA, SUPERSCRIPT_ALEF = "\u0651", "\u064e", "\u064f", "\u0650", "\u0670"


def _pdf_string(raw: bytes) -> bytes:
    """The bytes of a PDF literal string, its escapes undone."""
    out = bytearray()
    i = 0
    while i < len(raw):
        byte = raw[i]
        if byte == 0x5C:  # backslash
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(0), 8) & 0xFF)
                i += 1 + len(octal.group(0))
                continue
            escaped = raw[i + 1 : i + 2]
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}.get(escaped, escaped)
            i += 2
            continue
        out.append(byte)
        i += 1
    return bytes(out)


def drawn_in(pdf_bytes, font_fragment="NotoNaskhArabic"):
    """Every string shown in the font whose name contains `font_fragment`, in drawing order (left to
    right), as the characters its glyphs stand for."""
    page = page_of(pdf_bytes)
    fonts = page["/Resources"]["/Font"]
    key = next(k for k, ref in fonts.items() if font_fragment in str(ref.get_object()["/BaseFont"]))
    cmap = fonts[key].get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
    to_unicode = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]{2})>[ \t]*<([0-9A-Fa-f]+)>", block):
            to_unicode[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    content = page.get_contents().get_data()
    pattern = re.escape(key.encode()) + rb" [\d.]+ Tf[^(]*?\(((?:\\.|[^\\)])*)\) Tj"
    return [
        "".join(to_unicode.get(byte, chr(byte)) for byte in _pdf_string(match.group(1)))
        for match in re.finditer(pattern, content, re.S)
    ]


@pytest.mark.parametrize(
    ("name", "joined"),
    [
        # Urdu: meem initial, hah medial, meem medial, dal final; ain initial, meem medial, reh final,
        # alef isolated, noon isolated.
        ("محمد عمران", "\ufee3\ufea4\ufee4\ufeaa \ufecb\ufee4\ufeae\ufe8d\ufee5"),
        # Arabic: feh initial, alef final, tah initial, meem medial, teh marbuta final; alef, lam
        # initial, zain final, heh initial, reh final, alef, hamza.
        ("فاطمة الزهراء", "\ufed3\ufe8e\ufec3\ufee4\ufe94 \ufe8d\ufedf\ufeb0\ufeeb\ufeae\ufe8d\ufe80"),
    ],
)
def test_an_urdu_or_arabic_name_is_joined_and_drawn_right_to_left(name, joined):
    pdf = render_certificate_pdf(make_facts(holder_name=name))

    drawn = drawn_in(pdf)
    assert drawn == [joined[::-1]], "the joined forms, the first letter drawn rightmost"
    assert name in text_of(pdf)  # read back in logical order, the forms folded to letters
    assert "Certificate of training" in text_of(pdf) and "This is to certify that" in text_of(pdf)


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("مُحَمَّد", [DAMMA, FATHA, FATHA, SHADDA]),  # Arabic, fully vowelled
        ("عبدالرحمٰن", [SUPERSCRIPT_ALEF]),  # Urdu spelling: the khari zabar over the meem
        ("عِمران", [KASRA]),
    ],
)
def test_the_vowel_marks_of_a_name_are_kept(name, marks):
    pdf = render_certificate_pdf(make_facts(holder_name=name))

    (drawn,) = drawn_in(pdf)
    assert sorted(char for char in drawn if char in marks) == sorted(marks)
    assert not any("\u0621" <= char <= "\u064a" for char in drawn), "every letter is drawn in a joined form"


def test_the_name_is_drawn_in_the_arabic_font_and_everything_else_in_noto_sans():
    pdf = render_certificate_pdf(make_facts(holder_name="محمد عمران"))

    assert drawn_in(pdf) == ["\ufee5\ufe8d\ufeae\ufee4\ufecb \ufeaa\ufee4\ufea4\ufee3"]
    assert "Certificate of training" in "".join(drawn_in(pdf, "NotoSans-Bold"))


def test_xhtml2pdfs_own_reshaper_is_restored_after_a_render(monkeypatch):
    from xhtml2pdf import util

    from certificates import pdf as certificate_pdf

    before = util.arabic_reshaper
    render_certificate_pdf(make_facts(holder_name="محمد عمران"))
    assert util.arabic_reshaper is before

    def explode(*args, **kwargs):
        raise ValueError("broken")

    monkeypatch.setattr(certificate_pdf.pisa, "CreatePDF", explode)
    with pytest.raises(certificate_pdf.CertificateRenderError):
        render_certificate_pdf(make_facts(holder_name="محمد عمران"))
    assert util.arabic_reshaper is before
