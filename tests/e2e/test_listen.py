"""The "Listen to this lesson" controls in a real browser: shown where the browser can speak, reading the lesson in
the page's language a chunk at a time, with Pause, Resume and Stop; hidden where it cannot speak.

The browser's speech is its own API boundary: headless chromium may have no voices or audio, so
`speechSynthesis.speak` is wrapped before the page loads to record what it is asked to say.
"""

import pytest
from playwright.sync_api import expect

from courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory

from .accessibility import assert_focus_visible
from .pages import LessonPage, tab_to
from .test_csp import Refusals

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Signs on the rank"
FIRST_WORDS = "Exploitation is when someone uses their power over a child to abuse them."
DISCUSSION = "Write down the time, the address and the registration, then call 101."
BODY = [
    ("text", f"<h2>What it is</h2><p>{FIRST_WORDS} It can happen anywhere.</p>"),
    (
        "scenario",
        {
            "title": "A late pick-up",
            "situation": "You collect a girl of about 14 from a hotel at 2am.",
            "question": "What would you do?",
            "discussion": DISCUSSION,
        },
    ),
]

RECORD_SPEECH = """
(() => {
    window.__spoken = [];
    window.__utterances = [];
    window.__speechCalls = [];
    if (!window.speechSynthesis) return;
    const synth = window.speechSynthesis;
    synth.speak = (utterance) => {
        window.__utterances.push(utterance);
        window.__spoken.push({ text: utterance.text, lang: utterance.lang });
    };
    for (const name of ["pause", "resume", "cancel"]) {
        synth[name] = () => { window.__speechCalls.push(name); };
    }
})();
"""


NO_SPEECH = """
delete window.speechSynthesis;
if ("speechSynthesis" in window) {
    Object.defineProperty(window, "speechSynthesis", { value: undefined, configurable: true });
}
"""


@pytest.fixture
def lesson(home_page):
    index = CourseIndexPageFactory(parent=home_page)
    course = CoursePageFactory(parent=index, title="Rank course", slug="rank")
    return LessonPageFactory(parent=course, title=TITLE, slug="lesson-1", summary="Part one.", body=BODY)


def spoken(page):
    return page.evaluate("window.__spoken")


def test_the_lesson_is_read_aloud_in_the_pages_language_with_pause_resume_and_stop(page, lesson):
    refusals = Refusals(page)
    page.add_init_script(RECORD_SPEECH)
    lesson_page = LessonPage.visit(page, lesson.url, heading=TITLE)
    listen = lesson_page.main.get_by_role("button", name="Listen to this lesson")
    status = lesson_page.main.get_by_role("status")
    stop = lesson_page.main.get_by_role("button", name="Stop")
    expect(listen).to_be_visible()
    expect(stop).to_be_hidden()

    tab_to(page, listen)
    page.keyboard.press("Enter")

    pause = lesson_page.main.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()  # the same button, now labelled Pause
    expect(status).to_have_text("Reading…")
    expect(stop).to_be_visible()
    lang = page.evaluate("document.documentElement.lang")
    assert lang == "en-GB"
    first = spoken(page)
    assert len(first) == 1, "one chunk at a time"
    assert first[0]["lang"] == lang
    assert first[0]["text"].startswith(TITLE)

    page.keyboard.press("Enter")
    expect(lesson_page.main.get_by_role("button", name="Resume")).to_be_focused()
    expect(status).to_have_text("Paused")
    assert page.evaluate("window.__speechCalls").count("pause") == 1

    page.keyboard.press("Enter")
    expect(pause).to_be_focused()
    expect(status).to_have_text("Reading…")
    assert "resume" in page.evaluate("window.__speechCalls")

    tab_to(page, stop)
    assert_focus_visible(stop)
    page.keyboard.press("Enter")
    expect(status).to_have_text("Stopped")
    expect(stop).to_be_hidden()
    expect(listen).to_be_focused()  # not lost with the Stop button
    assert page.evaluate("window.__speechCalls").count("cancel") >= 2  # on starting, and on stopping

    # Read to the end: the next chunk follows as each one ends, the body after the title and summary.
    page.evaluate("window.__spoken = []; window.__utterances = []")
    page.keyboard.press("Enter")
    texts = let_the_reading_run(page, lang)
    assert texts[0].startswith(TITLE)
    assert any(text.startswith(FIRST_WORDS) for text in texts), texts
    assert not any(DISCUSSION in text for text in texts), "a closed discussion is not read"
    assert not any("Show the discussion" in text or "Listen to this lesson" in text for text in texts), texts
    expect(status).to_have_text("Finished reading")
    expect(listen).to_be_focused()

    # Once the discussion is opened, it is read too; at the end, the controls are ready again.
    lesson_page.main.get_by_text("Show the discussion").click()
    page.evaluate("window.__spoken = []; window.__utterances = []")
    listen.click()
    texts = let_the_reading_run(page, lang)
    assert any(DISCUSSION in text for text in texts), texts
    expect(status).to_have_text("Finished reading")
    expect(listen).to_be_visible()
    refusals.assert_none()


def let_the_reading_run(page, lang):
    """End each recorded utterance, as the browser would when it has said it, until no more come;
    return every text that was said, each checked to be in the page's language."""
    page.evaluate(
        """() => {
            for (let i = 0; i < 50; i++) {
                const said = window.__utterances.length;
                const last = window.__utterances[said - 1];
                last.dispatchEvent(new SpeechSynthesisEvent("end", { utterance: last }));
                if (window.__utterances.length === said) break;
            }
        }"""
    )
    said = spoken(page)
    assert len(said) >= 3
    assert all(entry["lang"] == lang for entry in said), said
    return [entry["text"] for entry in said]


def test_without_speech_synthesis_the_controls_stay_hidden(page, lesson):
    refusals = Refusals(page)
    page.add_init_script(NO_SPEECH)
    lesson_page = LessonPage.visit(page, lesson.url, heading=TITLE)

    expect(lesson_page.main.locator(".listen")).to_be_hidden()
    expect(lesson_page.main.get_by_role("button", name="Listen to this lesson")).to_have_count(0)
    refusals.assert_none()
