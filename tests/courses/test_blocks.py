"""The lesson blocks: each renders its content escaped, and refuses what would make it inaccessible."""

import pytest
from django.test import RequestFactory
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from courses.blocks import (
    ImageBlock,
    KeyPointsBlock,
    LessonBodyBlock,
    MythFactBlock,
    ScenarioBlock,
    VideoBlock,
    WarningSignBlock,
    WhatToDoBlock,
)


def render(block, data, context=None):
    return block.render(block.to_python(data), context=context)


@pytest.mark.parametrize(
    "block_class",
    [WarningSignBlock, ScenarioBlock, MythFactBlock, KeyPointsBlock, VideoBlock, WhatToDoBlock],
)
def test_every_block_has_an_icon_a_template_and_a_preview(block_class, home_page):
    block = block_class()
    assert block.meta.icon and block.meta.template and block.meta.description
    html = render(block, block.meta.preview_value)
    assert html.strip()


def test_image_block_has_an_icon_template_and_description():
    meta = ImageBlock().meta
    assert meta.icon and meta.template and meta.description


def test_a_warning_sign_shows_the_sign_and_why_it_matters_escaped():
    html = render(WarningSignBlock(), {"sign": "<script>x</script>", "why_it_matters": "Because."})
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert "Because." in html


def test_a_scenario_reveals_its_discussion_with_details_and_no_script():
    html = render(
        ScenarioBlock(),
        {"title": "Late pick-up", "situation": "A girl at 2am.", "question": "What now?", "discussion": "Call 101."},
    )
    assert "<details" in html and "<summary" in html
    assert html.index("What now?") < html.index("<details") < html.index("Call 101.")
    assert "<script" not in html


def test_what_to_do_shows_the_councils_own_numbers_from_site_settings(home_page):
    from eyesandears.core.models import CouncilSettings

    settings = CouncilSettings.for_site(home_page.get_site())
    settings.childrens_social_care_phone = "0113 496 7777"
    settings.out_of_hours_phone = "0113 496 8888"
    settings.save()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    html = render(WhatToDoBlock(), {"heading": "Who to call", "intro": "Act now."}, context={"request": request})
    for number in ("999", "101", "0113 496 7777", "0113 496 8888", "0800 555 111"):
        assert number in html
    assert 'href="tel:01134967777"' in html


def test_a_video_needs_a_transcript_and_a_source():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"title": "Clip", "video_url": "https://example.com/v", "transcript": ""}))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"title": "Clip", "transcript": "Everything said."}))
    assert "video_url" in error.value.block_errors
    video = {"title": "Clip", "video_url": "https://example.com/v", "transcript": "Said."}
    cleaned = block.clean(block.to_python(video))
    html = block.render(cleaned)
    assert "Read the transcript" in html and "Said." in html


def test_an_image_needs_alt_text(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Hotel corridor", file=get_test_image_file())
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
    assert "alt_text" in error.value.block_errors
    described = {"image": image.pk, "alt_text": "An empty corridor", "caption": ""}
    html = block.render(block.clean(block.to_python(described)))
    assert 'alt="An empty corridor"' in html


def test_key_points_need_at_least_one_point():
    block = KeyPointsBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"heading": "Remember", "points": []}))


def test_lesson_text_allows_only_the_restricted_features():
    text_block = LessonBodyBlock().child_blocks["text"]
    assert set(text_block.features) == {"h2", "h3", "bold", "italic", "ol", "ul", "link"}


def test_the_lesson_body_refuses_an_unknown_block():
    block = LessonBodyBlock()
    with pytest.raises((StreamBlockValidationError, KeyError, TypeError, ValueError)):
        block.clean(block.to_python([{"type": "raw_html", "value": "<script>x</script>"}]))
