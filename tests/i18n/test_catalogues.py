"""The shipped interface languages are complete: every string marked for translation in the code and
templates has a translation in Urdu and Polish, none is fuzzy, and the compiled catalogues are used."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
SHIPPED = ["ur", "pl"]
SOURCES = ["site", "courses", "quizzes", "certificates", "organisations", "licensing", "briefings", "seminars",
           "outreach", "manage.py"]


def catalogue(language, root=ROOT):
    return root / "locale" / language / "LC_MESSAGES" / "django.po"


def problems(po):
    return (
        [f"untranslated: {entry.msgid!r}" for entry in po.untranslated_entries()]
        + [f"fuzzy: {entry.msgid!r}" for entry in po.fuzzy_entries()]
        + [f"obsolete: {entry.msgid!r}" for entry in po.obsolete_entries()]
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_the_catalogue_has_no_missing_or_fuzzy_translation(language):
    po = polib.pofile(str(catalogue(language)))
    assert len(po) > 300
    assert problems(po) == []


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the strings from a copy of the sources, merged into a copy of the catalogues, as
    `make messages` would: a string added or changed in the code shows as untranslated or fuzzy."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to extract the strings: apt-get install gettext")
    copy = tmp_path_factory.mktemp("extract")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "static"))
        else:
            shutil.copy(source, copy / name)
    shutil.copytree(ROOT / "locale", copy / "locale", ignore=shutil.ignore_patterns("*.mo"))
    environment = {**os.environ, "LOCALE_DIR": str(copy / "locale"),
                   "DJANGO_SETTINGS_MODULE": "eyesandears.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location", "-l", "ur", "-l", "pl"],
        cwd=copy, env=environment, check=True, capture_output=True,
    )
    return copy


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_in_the_code_is_in_the_catalogue_and_translated(extracted, language):
    fresh = polib.pofile(str(catalogue(language, extracted)))
    shipped = {entry.msgid for entry in polib.pofile(str(catalogue(language)))}
    assert {entry.msgid for entry in fresh} - shipped == set()
    assert problems(fresh) == []


@pytest.mark.parametrize(("language", "english"), [("ur", "Your training"), ("pl", "Your training")])
def test_the_compiled_catalogue_is_used(language, english):
    with translation.override(language):
        translated = translation.gettext(english)
    assert translated != english
    assert translated == polib.pofile(str(catalogue(language))).find(english).msgstr


def test_the_release_step_compiles_the_catalogues_without_gnu_gettext(tmp_path, settings):
    from django.core.management import call_command

    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("compile_translations")
    for language in SHIPPED:
        compiled = polib.mofile(str(tmp_path / "locale" / language / "LC_MESSAGES" / "django.mo"))
        assert compiled.find("Your training").msgstr == polib.pofile(str(catalogue(language))).find(
            "Your training").msgstr
