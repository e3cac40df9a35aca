"""Settings are secure by default, and production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eyesandears.settings.env import env_bool, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k8#Jv2@pL5^xQ9!mZ3&nR7*tY1$wB4%cE6(dF0)gH2_uK4+oI8=sA5-vN3~",
    "ALLOWED_HOSTS": "training.example.gov.uk",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/eyesandears",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
}


def run_python(code, env, settings_module):
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV and key != "DEBUG"}
    clean.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        PRODUCTION_ENV,
        "eyesandears.settings.production",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"])
def test_production_refuses_to_start_without_each_required_setting(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_python("import django; django.setup()", env, "eyesandears.settings.production")
    assert result.returncode != 0
    assert missing in result.stderr


def test_base_settings_are_secure_by_default():
    result = run_python(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, s.CELERY_TASK_ALWAYS_EAGER, s.ALLOWED_HOSTS)",
        {"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"]},
        "eyesandears.settings.base",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "31536000", "DENY", "True", "[]"]


def test_a_broker_url_switches_tasks_out_of_process():
    result = run_python(
        "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER, s.CACHES['default']['BACKEND'])",
        {
            "SECRET_KEY": "x" * 50,
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/1",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        "eyesandears.settings.base",
    )
    assert result.stdout.split() == ["False", "eyesandears.core.cache.FailOpenRedisCache"]


def test_environment_readers_refuse_unclear_values(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("SOME_HOSTS", " a.example , ,b.example ")
    assert env_list("SOME_HOSTS") == ["a.example", "b.example"]


def test_object_storage_keeps_private_files_private_and_apart_from_media():
    result = run_python(
        "from django.conf import settings; s = settings.STORAGES; "
        "print(s['default']['BACKEND'], s['default']['OPTIONS']['location']); "
        "p = s['private']; print(p['BACKEND'], p['OPTIONS']['location'], p['OPTIONS']['default_acl'], "
        "p['OPTIONS']['bucket_name'], p['OPTIONS']['file_overwrite'])",
        {**PRODUCTION_ENV, "OBJECT_STORAGE_BUCKET": "council-training"},
        "eyesandears.settings.production",
    )
    assert result.returncode == 0, result.stderr
    media, private = result.stdout.splitlines()
    assert media == "storages.backends.s3.S3Storage media"
    assert private == "eyesandears.core.storage.PrivateS3Storage private private council-training False"
