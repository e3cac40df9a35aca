"""The one-page leaflet for parents and carers at /parents/leaflet.pdf: public, exactly one A4 page
whatever the council's settings, with the council's name and numbers from those settings, escaped,
rendered without the network, and made once for everyone until something on it changes."""

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from certificates.pdf import BLANK_URI
from outreach import leaflet
from outreach.leaflet import LeafletFacts, render_leaflet_pdf

from .conftest import OUT_OF_HOURS, SOCIAL_CARE

pytestmark = pytest.mark.django_db

PATH = "/parents/leaflet.pdf"
A4 = (595, 842)  # points


def reader_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader):
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_anyone_can_download_it_and_it_is_one_a4_page(client, council, parents_section):
    reader = reader_of(client.get(PATH))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    assert 'filename="parents-and-carers-leaflet.pdf"' in client.get(PATH)["Content-Disposition"]


def test_it_has_the_councils_name_and_numbers_from_its_settings(client, council, parents_section):
    text = text_of(reader_of(client.get(PATH)))
    assert "Testshire Council" in text
    for number in ("999", "101", SOCIAL_CARE, OUT_OF_HOURS, "0800 555 111", "0808 800 5000", "0800 1111"):
        assert number in text, number
    assert "http://testserver/parents/" in text  # where to read more


def test_a_change_in_the_settings_makes_a_new_leaflet(client, council, parents_section):
    client.get(PATH)
    council.council_name = "Newtown Borough Council"
    council.childrens_social_care_phone = "0113 496 0777"
    council.save()
    text = text_of(reader_of(client.get(PATH)))
    assert "Newtown Borough Council" in text and "0113 496 0777" in text
    assert "Testshire Council" not in text


def test_numbers_the_council_has_not_set_are_left_out(client, home_page):
    text = text_of(reader_of(client.get(PATH)))
    assert "children's social care (office hours)" not in text and "out of hours" not in text
    assert "999" in text and "0800 555 111" in text


def test_it_stays_on_one_page_with_the_longest_settings(client, council):
    council.council_name = "Metropolitan Borough Council of " + "Long" * 22
    council.service_name = "S" * 80
    for field in ("childrens_social_care_phone", "out_of_hours_phone", "crimestoppers_phone", "nspcc_helpline_phone"):
        setattr(council, field, "0113 496 0123 ext 4567 (24 hours) 89012")
    council.save()
    assert len(reader_of(client.get(PATH)).pages) == 1


def test_what_the_council_typed_is_printed_as_text_not_markup(client, council):
    council.council_name = '<b>Testshire</b> & <img src="http://127.0.0.1:1/x.png">'
    council.save()
    text = text_of(reader_of(client.get(PATH)))
    assert '<b>Testshire</b> & <img src="http://127.0.0.1:1/x.png">' in text


@pytest.mark.parametrize("prefix", ["/ur", "/pl"])
def test_it_is_one_page_in_every_language(client, council, prefix):
    reader = reader_of(client.get(prefix + PATH))
    assert len(reader.pages) == 1
    assert SOCIAL_CARE in text_of(reader)


def test_in_urdu_every_phone_number_reads_left_to_right(client, council):
    """The PDF holds text in the order it is seen, so a number whose groups were reordered inside the
    right-to-left lines would show here reversed."""
    text = text_of(reader_of(client.get("/ur" + PATH)))
    for number in (SOCIAL_CARE, OUT_OF_HOURS, "0800 555 111", "0808 800 5000", "0800 1111"):
        assert number in text, number
        assert " ".join(reversed(number.split())) not in text, number


def test_text_too_long_for_the_largest_size_is_set_smaller_until_it_fits(monkeypatch, home_page):
    """A translation longer than the English must still fit: the leaflet steps down a size at a time."""
    sizes = []
    real = leaflet.leaflet_html

    def with_a_longer_lead(facts, size):
        sizes.append(size)
        html = real(facts, size)
        return html.replace("It is never the child's fault.", "It is never the child's fault. " * 40, 1)

    monkeypatch.setattr(leaflet, "leaflet_html", with_a_longer_lead)
    pdf = render_leaflet_pdf(facts())
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert sizes[0] == leaflet.TEXT_SIZES[0] and len(sizes) > 1


def test_it_is_made_once_and_then_served_from_the_cache(client, council, monkeypatch):
    made = []
    real = leaflet.render_leaflet_pdf
    monkeypatch.setattr(leaflet, "render_leaflet_pdf", lambda facts: made.append(facts) or real(facts))
    first, second = client.get(PATH).content, client.get(PATH).content
    assert first == second and len(made) == 1
    cache.clear()
    client.get(PATH)
    assert len(made) == 2


def test_nothing_is_fetched_from_elsewhere(monkeypatch, home_page):
    """Only the project's own fonts and data: URIs reach xhtml2pdf; anything else is a blank image."""
    assert leaflet._link_callback("http://127.0.0.1:1/x.png", None) == BLANK_URI
    assert leaflet._link_callback("file:///etc/passwd", None) == BLANK_URI
    assert leaflet._link_callback("/static/../../etc/passwd", None) == BLANK_URI
    assert leaflet._link_callback("/static/fonts/NotoSans-Regular.ttf", None).endswith("fonts/NotoSans-Regular.ttf")


def test_it_only_answers_reading(client, home_page):
    assert client.post(PATH).status_code == 405


def facts(**changes):
    values = {
        "council_name": "Testshire Council", "service_name": "Eyes and Ears", "emergency_phone": "999",
        "non_emergency_phone": "101", "childrens_social_care_phone": SOCIAL_CARE, "out_of_hours_phone": OUT_OF_HOURS,
        "crimestoppers_phone": "0800 555 111", "nspcc_helpline_phone": "0808 800 5000",
        "more_url": "http://testserver/parents/",
    }  # fmt: skip
    return LeafletFacts(**{**values, **changes})
