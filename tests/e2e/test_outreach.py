"""Outreach in a real browser, at phone width with axe-core on every page: "What I saw" keeps the note in
the browser (typed, reloaded, still there; cleared after a confirmation, gone) and no request the page
makes carries anything typed; it prints only the note and who to call, and works without JavaScript;
the pages for parents and carers and the leaflet link from them."""

import re
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import expect

from outreach import demo

from .accessibility import assert_accessible, assert_focus_visible, assert_no_horizontal_scrolling
from .pages import BasePage
from .test_csp import Refusals

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STORAGE_KEY = "eyesandears:what-i-saw"
SCRIPT_PATH = "/static/outreach/what_i_saw.js"

# What a driver might type: each value is distinctive, so that finding it in a request is no accident.
TYPED = {
    "Where": "Back gate of the Quayside Lodge Hotel, towards Ferry Lane",
    "Registration": "KX19 QRT",
    "Make and model": "Vauxhall Zafira",
    "Colour": "Lime green",
    "The child or young person": "Girl of about 14, red puffer coat, called Jazzy-Lou",
    "The adults": "Two men, one with a grey ponytail, called him Uncle Vinnie",
    "What happened": "The ponytail man paid the fare for her and told me to wait round the corner",
    "Anything else": "He gave out the number 07700 900461",
}
DATE, TIME = "2026-11-20", "23:45"
RECORD_PRINTING = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


class WhatISawPage(BasePage):
    path = "/what-i-saw/"
    heading = "What I saw"

    def field(self, label):
        return self.main.get_by_label(label, exact=True)

    @property
    def print_button(self):
        return self.main.get_by_role("button", name="Print your note")

    @property
    def clear_button(self):
        return self.main.get_by_role("button", name="Clear your note")

    def fill_in(self):
        self.field("Date").fill(DATE)
        self.field("Time").fill(TIME)
        for label, text in TYPED.items():
            self.type_into(self.field(label), text)

    def expect_filled_in(self):
        expect(self.field("Date")).to_have_value(DATE)
        expect(self.field("Time")).to_have_value(TIME)
        for label, text in TYPED.items():
            expect(self.field(label)).to_have_value(text)

    def expect_empty(self):
        for label in ["Date", "Time", *TYPED]:
            expect(self.field(label)).to_have_value("")

    def stored(self):
        return self.page.evaluate(f"window.localStorage.getItem({STORAGE_KEY!r})")


class ParentsPage(BasePage):
    heading = "For parents and carers"


class Requests:
    """Every request the page makes from now on, with what it carries."""

    def __init__(self, page):
        self.seen = []
        page.on("request", lambda request: self.seen.append(request))

    def carrying(self, texts):
        found = []
        for request in self.seen:
            carried = unquote_plus(request.url) + " " + unquote_plus(request.post_data or "")
            found += [f"{request.method} {request.url} carries {text!r}" for text in texts if text in carried]
        return found


def what_a_reload_asks_for(request, site):
    """A request with nothing of the visitor's in it: a GET, with no query or body, of the page itself or
    of one of the site's static files (its stylesheets, script, fonts and icon)."""
    if request.method != "GET" or request.post_data or "?" in request.url or not request.url.startswith(site):
        return False
    path = request.url[len(site) :]
    return path == WhatISawPage.path or path.startswith("/static/")


@pytest.fixture
def what_i_saw(page, home_page):
    page.add_init_script(RECORD_PRINTING)
    return WhatISawPage.visit(page)


def test_the_note_stays_in_the_browser_until_it_is_cleared(page, what_i_saw, live_server):
    requests = Requests(page)
    what_i_saw.fill_in()
    # Enter in a one-line field would submit an ordinary form: this one goes nowhere.
    what_i_saw.field("Registration").press("Enter")
    expect(what_i_saw.main.get_by_text("Your note is saved on this device as you type.")).to_be_visible()
    assert TYPED["What happened"] in what_i_saw.stored()

    page.reload()
    what_i_saw = WhatISawPage(page)
    what_i_saw.expect_filled_in()
    expect(what_i_saw.main.get_by_role("status")).to_have_text(
        "Your note from before is shown below. Clear it when you have finished with it."
    )

    what_i_saw.print_button.click()
    assert page.evaluate("window.__printed") == 1

    # Clearing asks first; "No" keeps everything.
    what_i_saw.clear_button.click()
    confirm = what_i_saw.main.get_by_role("heading", name="Clear your note?")
    expect(confirm).to_be_focused()
    expect(what_i_saw.clear_button).to_have_attribute("aria-expanded", "true")
    assert_accessible(page)
    what_i_saw.main.get_by_role("button", name="No, keep my note").click()
    expect(confirm).to_be_hidden()
    expect(what_i_saw.clear_button).to_be_focused()
    what_i_saw.expect_filled_in()

    # With the keyboard: Clear, then "Yes, clear my note".
    what_i_saw.page.keyboard.press("Enter")
    yes = what_i_saw.main.get_by_role("button", name="Yes, clear my note")
    what_i_saw.tab_to(yes)
    assert_focus_visible(yes)
    page.keyboard.press("Enter")
    what_i_saw.expect_empty()
    expect(what_i_saw.main.get_by_role("status")).to_have_text("Your note has been cleared from this device.")
    assert what_i_saw.stored() is None

    page.reload()
    WhatISawPage(page).expect_empty()

    leaks = requests.carrying([DATE, TIME, *TYPED.values()])
    assert not leaks, "\n".join(leaks)
    assert requests.seen, "the reloads should have been recorded"
    # And nothing else either, not even a letter at a time: the reloads, and the site's own static files.
    unexpected = [
        f"{request.method} {request.url}"
        for request in requests.seen
        if not what_a_reload_asks_for(request, live_server.url)
    ]
    assert not unexpected, f"the page made requests it has no need for: {unexpected}"
    assert [request.method for request in requests.seen if request.resource_type == "document"] == ["GET", "GET"]


def test_the_script_is_served_by_the_site_itself(page, home_page, live_server):
    refusals = Refusals(page)
    what_i_saw = WhatISawPage.visit(page)
    sources = page.evaluate("[...document.scripts].map((script) => script.src)")
    assert sources == [live_server.url + SCRIPT_PATH]
    response = page.request.get(SCRIPT_PATH)
    assert response.ok and "javascript" in response.headers["content-type"]
    expect(what_i_saw.print_button).to_be_visible()  # it ran: the buttons are there only when it does
    what_i_saw.fill_in()
    refusals.assert_none()  # the script and the stylesheet run under the strict content security policy


def test_printing_shows_only_the_note_and_who_to_call(page, what_i_saw):
    what_i_saw.fill_in()
    page.emulate_media(media="print")
    for hidden in [
        page.get_by_role("banner"),
        page.get_by_role("contentinfo"),
        what_i_saw.main.get_by_text("Nothing you type on this page is sent to"),
        what_i_saw.print_button,
        what_i_saw.clear_button,
    ]:
        expect(hidden).to_be_hidden()
    expect(what_i_saw.main.get_by_role("heading", name="Your note")).to_be_visible()
    expect(what_i_saw.field("What happened")).to_be_visible()
    call = what_i_saw.main.get_by_role("region", name="Who to call")
    expect(call).to_be_visible()
    expect(call.get_by_role("link", name="999")).to_be_visible()
    # A long answer grows its box, so that all of it is on paper.
    long_text = "\n".join(f"Line {number} of what happened" for number in range(1, 16))
    what_i_saw.field("What happened").fill(long_text)
    box = what_i_saw.field("What happened")
    assert box.evaluate("box => box.scrollHeight <= box.clientHeight")
    page.emulate_media(media="screen")


def test_without_javascript_it_is_a_form_to_print_and_fill_in_by_hand(browser, live_server, home_page):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 800}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(WhatISawPage.path)
        expect(page.get_by_role("heading", level=1)).to_have_text("What I saw")
        # (Chromium with scripts turned off by Playwright still parses <noscript> as text, so its
        # message is not looked for here; the page says the same in its ordinary text.)
        expect(page.get_by_text("It works as a printable form without JavaScript.")).to_be_visible()
        expect(page.get_by_label("What happened", exact=True)).to_be_editable()
        expect(page.get_by_role("button", name="Print your note")).to_be_hidden()
        assert_no_horizontal_scrolling(page)
    finally:
        context.close()


def test_the_parents_pages_and_the_leaflet(page, home_page):
    demo.seed()
    parents = ParentsPage.visit(page, "/parents/")
    expect(parents.main.get_by_role("link", name="Leaflet for parents and carers (PDF, 1 page)")).to_have_attribute(
        "href", "/parents/leaflet.pdf"
    )
    signs = parents.click(
        parents.main.get_by_role("navigation", name="Contents").get_by_role("link", name="Signs to look out for"),
        ParentsPage.titled("Signs to look out for"),
    )
    following = signs.main.get_by_role("link", name="Next: Grooming and online risks")
    grooming = signs.follow_with_keyboard(following, ParentsPage.titled("Grooming and online risks"))
    call = grooming.main.get_by_role("region", name="Who to call")
    grooming.click(call.get_by_role("link", name="Make a note of what you saw"), WhatISawPage)
    response = page.request.get("/parents/leaflet.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")


def test_the_footer_links_to_both(page, home_page):
    demo.seed()
    what_i_saw = WhatISawPage.visit(page)
    footer = page.get_by_role("contentinfo")
    parents = what_i_saw.click(footer.get_by_role("link", name="For parents and carers"), ParentsPage)
    expect(page).to_have_url(re.compile(r"/parents/$"))
    assert parents.main.get_by_role("link", name=re.compile("leaflet", re.IGNORECASE)).count() >= 1
    parents.click(footer.get_by_role("link", name="What I saw: make a note"), WhatISawPage)
    expect(page).to_have_url(re.compile(r"/what-i-saw/$"))

