"""Shared fixtures, and the switches that put tests onto real services.

Markers (see pyproject.toml): `postgres`, `redis` and `worker` tests need those services and are
skipped with the reason on the embedded default; `.ci/run` provides them. `e2e` tests need
Debian's chromium. `faults` tests (tests/faults/) start their own PostgreSQL, Redis, gunicorn and
workers, and are skipped when those programs are not installed. The run ends with a line per backend
saying how many tests ran on it.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from eyesandears.core.factories import make_site_home

pytest_plugins = [
    "tests.fixtures.courses",
    "tests.fixtures.quizzes",
    "tests.fixtures.certificates",
    "tests.fixtures.organisations",
    "tests.fixtures.licensing",
    "tests.fixtures.translations",
]

CHROMIUM = "/usr/bin/chromium"
SERVICE_MARKERS = ("postgres", "redis", "worker", "e2e", "faults")
_passed = Counter()


def skip_reason(marker_name):
    if marker_name == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://... (bash .ci/run does)"
    if marker_name == "redis" and not django_settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/... (bash .ci/run does)"
    if marker_name == "worker" and not (os.environ.get("CELERY_TEST_WORKER") and django_settings.CELERY_BROKER_URL):
        return "needs a real Celery worker: set CELERY_BROKER_URL and CELERY_TEST_WORKER=1 (make test-services)"
    if marker_name == "e2e" and not shutil.which(CHROMIUM):
        return f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium; bash .ci/run does)"
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        for name in SERVICE_MARKERS:
            if item.get_closest_marker(name) and (reason := skip_reason(name)):
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed:
        _passed["all"] += 1
        for name in SERVICE_MARKERS:
            if name in report.keywords:
                _passed[name] += 1


def pytest_terminal_summary(terminalreporter):
    backend = connection.vendor
    counts = ", ".join(f"{name} {_passed[name]}" for name in SERVICE_MARKERS)
    terminalreporter.write_line(f"backend {backend}: {_passed['all']} tests passed; of them {counts}")


def required_markers_that_ran_nothing():
    """REQUIRE_MARKERS=postgres,redis lets CI insist that those tests really ran, not skipped."""
    required = [name.strip() for name in os.environ.get("REQUIRE_MARKERS", "").split(",") if name.strip()]
    return [name for name in required if _passed[name] == 0]


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and (missing := required_markers_that_ran_nothing()):
        session.config.get_terminal_writer().line(f"\nREQUIRE_MARKERS: no {', '.join(missing)} test passed", red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _mail_through_celery(settings):
    """Send mail the way the site does (the Celery backend), delivered to Django's test outbox."""
    settings.EMAIL_BACKEND = "eyesandears.core.mail.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: a request to an Urdu or Polish page leaves its
    language active in the thread (LocaleMiddleware does not switch back), which would leak into the next."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return make_site_home()


def _point_celery_at(broker_url, *, eager):
    """Send tasks to `broker_url`. (Celery's `broker_url` prefers the environment's
    CELERY_BROKER_URL, so the write URL is the one to set.)"""
    from eyesandears.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_write_url)
    app.conf.task_always_eager = eager
    app.conf.broker_write_url = broker_url
    app._pool = None
    app.amqp._producer_pool = None
    return saved


@pytest.fixture
def broker_away():
    """Tasks go to a broker that is not there (nothing listens on port 1)."""
    saved = _point_celery_at("redis://127.0.0.1:1/0", eager=False)
    yield
    _point_celery_at(saved[1], eager=saved[0])


@pytest.fixture
def real_worker(transactional_db, tmp_path):
    """A real Celery worker process on the configured broker, with its own queue and mail folder.

    It reads and writes the test database, and delivers e-mail into files under `tmp_path / "mail"`.
    """
    from eyesandears.celery import app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eyesandears.settings.test",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DB_CONN_MAX_AGE": "0",
    }
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "eyesandears", "worker", "--pool", "solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=Path(__file__).resolve().parents[1],
    )
    saved = _point_celery_at(django_settings.CELERY_BROKER_URL, eager=False)
    saved_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), "the worker to start", 30)
        yield {"mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    finally:
        app.conf.task_default_queue = saved_queue
        worker.terminate()
        worker.wait(timeout=30)
        _delete_queue(app, queue)
        _point_celery_at(saved[1], eager=saved[0])
        log.close()


def _delete_queue(app, queue):
    """A broker such as RabbitMQ keeps a declared queue after the run; each test's own queue goes with it."""
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)
    except Exception:  # noqa: BLE001 - a queue left behind on an unreachable broker is harmless
        pass


def delivered_mail(mail_dir, containing, seconds=30):
    """The text of the first message in `mail_dir` that contains `containing`, once the worker wrote it whole.

    The file backend creates the file before it writes the message, and ends each message with a line
    of 79 dashes, so only a file with that line holds a whole message.
    """
    found = []

    def written():
        texts = (f.read_text() for f in mail_dir.iterdir())
        found[:] = [text for text in texts if containing in text and "-" * 79 in text]
        return bool(found)

    wait_for(written, f"an e-mail containing {containing!r}", seconds)
    return found[0]


def wait_for(condition, what, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")
