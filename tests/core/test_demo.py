import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Site

from eyesandears.accounts.models import User
from eyesandears.core.models import CouncilSettings, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_demo_council_and_can_run_again(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out
    # One home page per language: the demo ships Urdu and Polish translations of the taxi module.
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == ["en-gb", "pl", "ur"]
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert set(StandardPage.objects.values_list("slug", flat=True)) == {"accessibility", "privacy"}
    assert CouncilSettings.objects.get().council_name == "Eyes and Ears Borough Council"
    editor = User.objects.get(email="editor@example.com")
    assert editor.check_password("eyes-and-ears-demo")
    assert editor.groups.filter(name="Editors").exists()
    assert User.objects.get(email="admin@example.com").is_superuser
    assert User.objects.filter(email__in=["admin@example.com", "editor@example.com"]).count() == 2
    assert "editor@example.com" in output and "eyes-and-ears-demo" in output


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.filter(email="admin@example.com").exists()


def test_the_demo_site_renders_every_page(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for path in ("/", "/accessibility/", "/privacy/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Eyes and Ears Borough Council" in client.get("/").content.decode()
