"""The browser-test harness itself: the accessibility check must bite, or a green run means nothing."""

import pytest

from .accessibility import assert_accessible, assert_no_horizontal_scrolling

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
