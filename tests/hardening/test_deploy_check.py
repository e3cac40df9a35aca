"""`manage.py check --deploy` is clean under the production settings, warnings included."""

from tests.hardening.conftest import PRODUCTION_ENV, run_with_settings


def test_check_deploy_is_clean_under_production_settings():
    result = run_with_settings(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        "eyesandears.settings.production",
        PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_would_catch_a_weakened_setting():
    """The check bites: the same run with HSTS turned off fails."""
    result = run_with_settings(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        "eyesandears.settings.production",
        {**PRODUCTION_ENV, "SECURE_HSTS_SECONDS": "0"},
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
