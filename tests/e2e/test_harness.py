"""The browser-test harness itself: the accessibility check must bite, or a green run means nothing."""

import pytest

from .accessibility import assert_accessible, assert_focus_visible, assert_no_horizontal_scrolling
from .pages import tab_to

BROKEN_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Broken</title></head><body><main>
<h1>Broken</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt">
<p style="color: #bbb; background: #fff">Pale text that few can read.</p>
<div style="width: 600px">Too wide for a phone.</div>
</main></body></html>"""


def test_serious_violations_fail_with_a_readable_list(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert "#no-alt" in message
    assert "color-contrast (serious)" in message
    assert "https://dequeuniversity.com/rules/axe/" in message


def test_sideways_scrolling_at_phone_width_fails(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(AssertionError, match="scrolls sideways at 320px"):
        assert_no_horizontal_scrolling(page)


KEYBOARD_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Keys</title>
<style>button:focus { outline: none; } #shown:focus { outline: 3px solid #fd0; }</style></head><body><main>
<h1>Keys</h1>
<button id="shown">Shows its focus</button>
<button id="unmarked">Hides its focus</button>
<div id="mouse-only" onclick="void 0">Only for the mouse</div>
</main></body></html>"""


def test_tab_to_reaches_what_the_keyboard_can_and_fails_on_what_it_cannot(page):
    page.set_content(KEYBOARD_PAGE)
    tab_to(page, page.locator("#unmarked"), max_presses=5)
    assert page.evaluate("document.activeElement.id") == "unmarked"
    with pytest.raises(AssertionError, match="could not reach .* in 5 presses"):
        tab_to(page, page.locator("#mouse-only"), max_presses=5)


def test_a_focus_that_does_not_show_fails(page):
    page.set_content(KEYBOARD_PAGE)
    shown = tab_to(page, page.locator("#shown"))
    assert_focus_visible(shown)
    unmarked = tab_to(page, page.locator("#unmarked"))
    with pytest.raises(AssertionError, match="looks the same with and without the keyboard focus"):
        assert_focus_visible(unmarked)
