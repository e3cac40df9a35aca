import pytest
from wagtail.blocks import StructBlockValidationError

from eyesandears.core.blocks import AudienceBlock


def audience(link_url):
    return {"heading": "Drivers", "description": "Get trained.", "link_text": "Start", "link_url": link_url}


@pytest.mark.parametrize("link_url", ["/accounts/signup/", "#who-to-call", "https://www.nspcc.org.uk/"])
def test_audience_links_may_be_site_paths_anchors_or_web_addresses(link_url):
    block = AudienceBlock()
    assert block.clean(block.to_python(audience(link_url)))["link_url"] == link_url


@pytest.mark.parametrize("link_url", ["javascript:alert(1)", "//evil.example/", "data:text/html,hi"])
def test_audience_links_refuse_scripts_and_other_schemes(link_url):
    block = AudienceBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python(audience(link_url)))


def test_audience_block_renders_its_link_with_escaped_text():
    html = AudienceBlock().render(AudienceBlock().to_python({**audience("/x/"), "heading": "<b>Drivers</b>"}))
    assert "&lt;b&gt;Drivers&lt;/b&gt;" in html
    assert '<a href="/x/" class="card__link">' in html
