"""The demo's Urdu and Polish translations of the taxi module: complete, loaded through
wagtail-localize, labelled as awaiting review, and taken like the original."""

from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

from courses.models import CoursePage, TranslationReview
from courses.translation_demo import DEMO_LANGUAGES, TRANSLATIONS_DIR
from quizzes.models import Quiz

PO_FILES = sorted(TRANSLATIONS_DIR.glob("*/*.po"))


def test_every_demo_translation_file_is_complete():
    assert {path.parent.name for path in PO_FILES} == set(DEMO_LANGUAGES)
    for path in PO_FILES:
        po = polib.pofile(str(path))
        assert len(po) > 0
        assert [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()] == [], path.name
    # The same objects are translated into each language.
    names = {language: {path.name for path in PO_FILES if path.parent.name == language} for language in DEMO_LANGUAGES}
    assert names["ur"] == names["pl"] and len(names["ur"]) == 10


@pytest.mark.django_db
def test_seed_demo_publishes_the_translations_awaiting_review(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # again: nothing doubles
    original = CoursePage.objects.get(slug="taxi-and-private-hire-drivers", locale__language_code="en-gb")
    for language in DEMO_LANGUAGES:
        course = original.get_translation(original.locale.__class__.objects.get(language_code=language))
        assert course.live and course.title != original.title
        html = client.get(course.url).content.decode()
        with translation.override(language):
            assert translation.gettext("This translation is awaiting review by a qualified translator.") in html
        assert course.title in html
        quiz = Quiz.objects.get(course=original, locale=course.locale)
        english = Quiz.objects.get(course=original, locale=original.locale)
        assert quiz.live and [child.id for child in quiz.questions] == [child.id for child in english.questions]
        assert [child.value["text"] for child in quiz.questions] != [child.value["text"] for child in english.questions]
    # 10 translated objects (home, index, course, 6 lessons, quiz) in each language, each awaiting review.
    assert TranslationReview.objects.filter(reviewed=False).count() == 10 * len(DEMO_LANGUAGES)
    assert Quiz.objects.count() == 4 + len(DEMO_LANGUAGES)


def test_the_translation_files_name_their_language():
    for path in PO_FILES:
        assert polib.pofile(str(path)).metadata["Language"] == Path(path).parent.name
