"""Demo translations of a module, loaded through wagtail-localize as an editor's would be.

Each translated page or quiz has a PO file in content/translations/<language>/, one entry per
string wagtail-localize extracts from the original. `seed_demo` imports them and publishes the
translations, each marked as awaiting review by a qualified translator (see TranslationReview)
until an editor marks it reviewed. `manage.py demo_translations --export` writes the PO files
for translators, keeping every string already translated.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from eyesandears.core.models import HomePage

from .models import CourseIndexPage, CoursePage, LessonPage, TranslationReview

TRANSLATIONS_DIR = Path(settings.BASE_DIR) / "content" / "translations"
DEMO_TRANSLATED_MODULES = ["taxi-and-private-hire-drivers"]
DEMO_LANGUAGES = ["ur", "pl"]


def _default_locale():
    return Locale.get_default()


def translatable_objects():
    """(file name, original) in the order they must be translated: parents before children, and
    lessons before the quiz that links to them."""
    default = _default_locale()
    home = HomePage.objects.filter(locale=default).first()
    index = CourseIndexPage.objects.filter(locale=default).first()
    if home is None or index is None:
        return []
    objects = [("home", home), ("courses", index)]
    for slug in DEMO_TRANSLATED_MODULES:
        course = CoursePage.objects.child_of(index).filter(slug=slug).first()
        if course is None:
            continue
        objects.append((slug, course))
        for lesson in LessonPage.objects.child_of(course).order_by("path"):
            objects.append((f"{slug}--{lesson.slug}", lesson))
        quiz = course.quizzes.filter(locale=default).first()
        if quiz is not None:
            objects.append((f"{slug}--quiz", quiz))
    return objects


def po_path(language, name):
    return TRANSLATIONS_DIR / language / f"{name}.po"


def ensure_locales():
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in DEMO_LANGUAGES}


def translation_for(instance, locale):
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    source.update_from_db()
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation


def untranslated_value(entry, language):
    """Slugs stay as in English; a link within the site points at the page in the same language."""
    context = entry.msgctxt or ""
    if context.endswith("slug"):
        return entry.msgid
    if context.endswith("url"):
        return f"/{language}{entry.msgid}" if entry.msgid.startswith("/") else entry.msgid
    return ""


def export_po_files():
    """Write (or refresh) a PO file for each object and language, keeping translated strings."""
    locales = ensure_locales()
    written = []
    for language, locale in locales.items():
        for name, instance in translatable_objects():
            fresh = translation_for(instance, locale).export_po()
            path = po_path(language, name)
            if path.exists():
                known = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(str(path))}
                for entry in fresh:
                    entry.msgstr = known.get((entry.msgctxt, entry.msgid), entry.msgstr)
            for entry in fresh:
                if not entry.msgstr:
                    entry.msgstr = untranslated_value(entry, language)
            fresh.metadata["Language"] = language
            path.parent.mkdir(parents=True, exist_ok=True)
            fresh.save(str(path))
            written.append(path)
    return written


def import_strings(translation, po):
    """Give each string of the original its translation from the PO file, matched by its text: the
    block ids in the contexts change each time the demo lessons are loaded."""
    by_text = {}
    for entry in po:
        if entry.msgstr and "fuzzy" not in entry.flags:
            by_text.setdefault(entry.msgid, entry.msgstr)
    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    for segment in segments:
        text = by_text.get(segment.string.data)
        if text is not None:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={"data": text, "tool_name": "seed_demo", "has_error": False, "field_error": ""},
            )


def publish_translation(translation, original):
    """Save the translation as a draft and publish it at once. (wagtail-localize's own publish waits
    for the transaction to commit; published then, a parent page would be written back as it was
    before its translated children were added under it.)"""
    translation.source.create_or_update_translation(
        translation.target_locale, publish=False, copy_parent_pages=True, fallback=True
    )
    translated = original.get_translation(translation.target_locale)
    translated = translated.specific if isinstance(translated, Page) else translated
    translated.get_latest_revision().publish()
    return translated


@transaction.atomic
def seed():
    """Import and publish every demo translation that has a PO file."""
    locales = ensure_locales()
    for language, locale in locales.items():
        for name, instance in translatable_objects():
            path = po_path(language, name)
            if not path.exists():
                continue
            translation = translation_for(instance, locale)
            import_strings(translation, polib.pofile(str(path)))
            publish_translation(translation, instance)
            # From here on editors revise it in Wagtail's editor, through the review workflow.
            Translation.objects.filter(pk=translation.pk).update(enabled=False)
            TranslationReview.objects.get_or_create(
                locale=locale, translation_key=instance.translation_key, defaults={"title": str(instance)}
            )
    return []
