"""Choosing a language: the switcher on every page, the learner's remembered preference, and the
language a signed-in learner lands in."""

import pytest
from django.utils import translation

from eyesandears.accounts.factories import TEST_PASSWORD, UserFactory
from eyesandears.core.languages import interface_language, language_links

pytestmark = pytest.mark.django_db


def switcher_forms(html):
    return html.count('action="/language/"')


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/glossary/", "/search/", "/check/"])
def test_every_page_offers_the_other_languages(client, home_page, path):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert switcher_forms(html) == 2  # the two languages not being read; the current one is marked
    assert '<span aria-current="true">English</span>' in html
    assert 'lang="ur"' in html and "اردو" in html and "Polski" in html


def test_the_switcher_points_at_the_same_page_in_the_other_language(client, home_page):
    html = client.get("/accounts/login/").content.decode()
    assert 'name="next" value="/ur/accounts/login/"' in html
    assert 'name="next" value="/pl/accounts/login/"' in html
    html = client.get("/pl/accounts/login/").content.decode()
    assert 'name="next" value="/accounts/login/"' in html
    assert '<span aria-current="true">Polski</span>' in html


def test_a_page_links_to_its_translation_and_falls_back_to_that_language_s_home(client, urdu_taxi, taxi_course,
                                                                               hotel_course):
    html = client.get(taxi_course.url).content.decode()
    assert f'name="next" value="{urdu_taxi.url}"' in html
    # No Urdu translation of the hotel course yet: the switcher goes to the Urdu home page.
    html = client.get(hotel_course.url).content.decode()
    assert 'name="next" value="/ur/"' in html


def test_the_switcher_on_a_page_costs_two_queries_however_many_languages(rf, urdu_taxi, hotel_course,
                                                                           django_assert_max_num_queries):
    request = rf.get(hotel_course.url)
    hotel_course.get_url(request)  # Wagtail caches the site's root paths on the request
    with django_assert_max_num_queries(2):
        links = {link.code: link.url for link in language_links(request, hotel_course)}
    assert links == {"en-gb": hotel_course.url, "ur": "/ur/", "pl": "/pl" + hotel_course.url}


def test_choosing_a_language_remembers_it_for_a_signed_in_learner(client):
    learner = UserFactory(preferred_language="en")
    client.force_login(learner)
    response = client.post("/language/", {"language": "pl", "next": "/pl/your-training/"})
    assert response.status_code == 302 and response["Location"] == "/pl/your-training/"
    learner.refresh_from_db()
    assert learner.preferred_language == "pl"
    client.post("/language/", {"language": "en-gb", "next": "/your-training/"})
    learner.refresh_from_db()
    assert learner.preferred_language == "en"


def test_a_language_not_offered_is_refused_and_changes_nothing(client):
    learner = UserFactory(preferred_language="en")
    client.force_login(learner)
    response = client.post("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert b"Choose one of the languages offered" in response.content
    learner.refresh_from_db()
    assert learner.preferred_language == "en"


def test_the_switcher_never_sends_anyone_to_another_site(client):
    response = client.post("/language/", {"language": "ur", "next": "https://evil.example/ur/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_switcher_needs_a_post(client):
    assert client.get("/language/?language=ur&next=/ur/").status_code == 405


def test_signing_in_on_an_english_page_lands_a_polish_reader_in_polish(client, home_page):
    UserFactory(email="ola@example.com", preferred_language="pl")
    response = client.post("/accounts/login/", {"login": "ola@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/pl/")


def test_signing_in_on_an_urdu_page_stays_in_urdu(client, home_page):
    UserFactory(email="sam@example.com", preferred_language="pl")
    response = client.post("/ur/accounts/login/", {"login": "sam@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not response["Location"].startswith("/pl/")


@pytest.mark.parametrize(("stored", "language"), [("en", "en-gb"), ("ur", "ur"), ("pl", "pl"), ("so", "en-gb"),
                                                  ("", "en-gb")])
def test_a_stored_preference_maps_to_an_interface_language(stored, language):
    assert interface_language(stored) == language


def test_the_interface_is_translated_in_both_shipped_languages(client, home_page):
    for language in ("ur", "pl"):
        html = client.get(f"/{language}/accounts/login/").content.decode()
        with translation.override(language):
            assert translation.gettext("Skip to main content") in html
            assert translation.gettext("Skip to main content") != "Skip to main content"
