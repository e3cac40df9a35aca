"""Benchmark pages against a bare Django view: `make bench`.

Builds a throwaway PostgreSQL database with the demo council in it, serves the site with gunicorn
exactly as the Procfile's `web` line does (production settings, DEBUG off, Redis cache and broker),
drives each page in PAGES with wrk over loopback and prints requests/s and latency percentiles
next to the bare view (/bench/bare/, routed only when BENCH_BARE_VIEW is on), which goes through
the same middleware. Before the server starts, bench/prepare.py gives the demo learners an open quiz
attempt and a certificate for the quiz and certificate pages, grows an organisation to 5,000 people
for the manager's dashboard and export, and readies the demo licensing authority (an officer with an
authenticator app, a recorded check, an API key, 9,000 more drivers on the register and a 10,000-row
list), bench/jobs.py times the certificate PDF in-process (the "jobs" in the results) and
bench/queries.py counts some pages' SQL queries. After the pages, a Celery worker started as the
Procfile's `worker` line says runs a 10,000-row list check uploaded through the server, timed end to
end. Results go to bench/results.json. Everything it creates is removed at the end, also on failure.
bench/README.md lists the environment variables.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # may name what bench/prepare.py made: {attempt}, {code} (see measure())
    login: str | None = None  # e-mail of a demo user to sign in as first; None for an anonymous visitor
    headers: tuple[tuple[str, str], ...] = ()  # extra request headers, sent by the check and by wrk
    method: str = "GET"
    # A POST's fields (may name {question_id}, {answer_id}); the CSRF token of the page's form is added.
    form: tuple[tuple[str, str], ...] = ()
    status: int = 200  # what every request must answer; checked before measuring (and counted for a POST)
    contains: str | None = None  # text the answer must hold, checked before measuring
    content_type: str | None = None  # the Content-Type the answer must have (its start), checked before measuring
    count_queries: bool = False  # also count its SQL queries in-process (bench/queries.py), before the server starts
    # A slow page: wrk's --timeout in seconds (its default is 2s), and the server is let finish the requests
    # wrk leaves in flight before the next run (see drain()). None: wrk's defaults, no waiting.
    timeout: int | None = None
    min_seconds: int = 0  # measured for at least this long, whatever BENCH_SECONDS says


LEARNER = "driver@example.com"  # bench/prepare.py gives them an open attempt at the taxi course's quiz
ATTEMPT_QUESTION_1 = "/quizzes/attempts/{attempt}/questions/1/"
# bench/prepare.py grows Station Hotel to 5,000 people and gives its manager an authenticator app.
MANAGER = "manager@example.com"
ORGANISATION = "/organisations/{organisation}/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A request of these takes a second or more, and with 8 connections on 2 workers the queue adds three
# more, past wrk's 2s default: gunicorn's own worker timeout (30s) is the limit instead. At about one
# request a second, they are measured for at least 30s, so that the percentiles rest on some dozens.
SLOW_PAGE_TIMEOUT = 30
SLOW_PAGE_SECONDS = 30
# bench/prepare_licensing.py gives the demo licensing officer an authenticator app, records one check of
# driver@example.com's licence PH00123 (compliant: prepare.py has them pass the taxi quiz first) and
# issues an API key for the authority, sent as {api_key}.
OFFICER = "licensing@example.com"
LICENSING = "/licensing/{authority}/"

# The pages to measure, in order. The first entry is the baseline the others are compared with.
PAGES = [
    Page("bare view", "/bench/bare/"),
    Page("home", "/"),
    Page("login", "/accounts/login/"),
    Page("home (signed in)", "/", login="editor@example.com"),
    Page("course index", "/courses/"),
    Page("course", "/courses/taxi-and-private-hire-drivers/"),
    Page("lesson", "/courses/taxi-and-private-hire-drivers/what-cse-is/"),
    Page("lesson (signed in)", "/courses/taxi-and-private-hire-drivers/what-cse-is/", login=LEARNER),
    Page("your training", "/your-training/", login=LEARNER),
    Page("quiz question", ATTEMPT_QUESTION_1, login=LEARNER),
    Page(
        "quiz answer (POST, 302)",
        ATTEMPT_QUESTION_1,
        login=LEARNER,
        method="POST",
        form=(("question", "{question_id}"), ("answer", "{answer_id}")),
        status=302,
    ),
    Page("certificate check", "/check/?code={code}", contains="{name}"),
    Page(
        "certificate check (JSON)",
        "/check/{code}/",
        headers=(("Accept", "application/json"),),
        contains='"status": "valid"',
    ),
    Page(
        "organisation dashboard (5,000)",
        ORGANISATION,
        login=MANAGER,
        contains="{members} people",
        count_queries=True,
        timeout=SLOW_PAGE_TIMEOUT,
        min_seconds=SLOW_PAGE_SECONDS,
    ),
    Page(
        "organisation export XLSX (5,000)",
        ORGANISATION + "export.xlsx",
        login=MANAGER,
        content_type=XLSX,
        count_queries=True,
        timeout=SLOW_PAGE_TIMEOUT,
        min_seconds=SLOW_PAGE_SECONDS,
    ),
    # The record of one check (a check itself answers with a redirect to a new record, so it is measured
    # apart: each of its requests looks the driver up, records a check and answers 302).
    Page(
        "licensing check (record page)",
        LICENSING + "checks/{check_record}/",
        login=OFFICER,
        contains='<h1 class="panel__title">Compliant</h1>',
        count_queries=True,
    ),
    Page("licensing check (GET, 302)", LICENSING + "?q={driver_number}", login=OFFICER, status=302),
    Page(
        "API: one driver",
        "/api/v1/drivers/{driver_number}",
        headers=(("Authorization", "Bearer {api_key}"),),
        contains='"outcome": "compliant"',
        content_type="application/json",
    ),
    Page("what I saw", "/what-i-saw/", contains="Your note stays with you"),
    Page("for parents and carers", "/parents/", contains="Who to call"),
    Page("parents' leaflet (PDF, cached)", "/parents/leaflet.pdf", content_type="application/pdf"),
    Page("seminars", "/seminars/", login=LEARNER, contains="Lunchtime seminar"),
    Page("briefing", "/briefings/operation-makesafe/", login=LEARNER, contains="Required reading"),
    Page(
        "briefings read (5,000)",
        ORGANISATION + "briefings/",
        login=MANAGER,
        contains="Operation Makesafe",
        count_queries=True,
        timeout=SLOW_PAGE_TIMEOUT,
    ),
]

DEMO_PASSWORD = "eyes-and-ears-demo"  # every demo account's password (eyesandears.core.demo)

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
BIN = Path(sys.executable).parent
RESULTS = BENCH_DIR / "results.json"


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


SECONDS = env_int("BENCH_SECONDS", 10)
PDF_COUNT = env_int("BENCH_PDF_COUNT", 50)
PDF_SERVICE_RUNS = env_int("BENCH_PDF_SERVICE_RUNS", 5)
WARMUP_SECONDS = env_int("BENCH_WARMUP", 2)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 8)
THREADS = min(env_int("BENCH_THREADS", 2), CONNECTIONS)
WORKERS = env_int("BENCH_WORKERS", 2)
REDIS_DB = env_int("BENCH_REDIS_DB", 15)
DB_NAME = os.environ.get("BENCH_DB", "eyesandears_bench")
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_SERVER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_MARKER = "eae-bench:owned-by-bench-run"
# The public certificate check allows 30 checks a minute per client address, and wrk is one address.
# With this rate the limiter still counts every request (in Redis) but never says no.
CERTIFICATE_CHECK_RATE = "100000000/m"
# Likewise the licensing API's limit per key (120 a minute), and wrk uses one key.
LICENSING_API_RATE = "100000000/m"
# The list check job: how often its page is read while the worker runs, and how long to wait at most.
LIST_CHECK_POLL_SECONDS = 0.25
LIST_CHECK_TIMEOUT = 15 * 60
WORKER_READY_TIMEOUT = 60

# wrk's `done` hook: exact percentiles from its latency histogram, as one JSON line. wrk itself counts
# only answers of 400 and up as status errors; for a page that expects another status (the POST's or the
# licensing check's redirect), a `response` hook counts every answer that is not it (WRK_LUA_EXPECT). For a slow page, a
# `request` hook counts the requests sent (WRK_LUA_SENT), so that drain() knows how many to wait for.
WRK_LUA = r"""
local threads = {}
setup = function(thread) table.insert(threads, thread) end

done = function(summary, latency, requests)
  local e = summary.errors
  local unexpected, example, sent = 0, 0, 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + (thread:get("unexpected") or 0)
    if example == 0 then example = thread:get("unexpected_example") or 0 end
    sent = sent + (thread:get("sent") or 0)
  end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"mean_us":%.1f,"p50_us":%.1f,"p95_us":%.1f,' ..
    '"p99_us":%.1f,"max_us":%.1f,"unexpected_status":%d,"unexpected_example":%d,"sent":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    unexpected, example, sent))
end
"""

WRK_LUA_SENT = r"""
sent = 0
request = function()
  sent = sent + 1
  return wrk.format()
end
"""

WRK_LUA_EXPECT = r"""
unexpected, unexpected_example = 0, 0
response = function(status, headers, body)
  if status ~= EXPECTED_STATUS then
    unexpected = unexpected + 1
    if unexpected_example == 0 then unexpected_example = status end
  end
end
"""


class BenchError(Exception):
    pass


def say(message):
    print(f"[bench] {message}", flush=True)


def run(command, *, env=None, quiet=False):
    say("$ " + " ".join(str(part) for part in command))
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stdout.write(result.stdout[-4000:])
            sys.stderr.write(result.stderr[-4000:])
        raise BenchError(f"{command[0]} failed with exit code {result.returncode}")
    return result


# --- wrk ---------------------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    command = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        if not shutil.which("sudo"):
            raise BenchError("wrk is not installed and this is not root: run `apt-get install -y wrk` as root")
        command.insert(0, "sudo")
    say("wrk is not on PATH; installing Debian's package")
    try:
        run(command)
    except BenchError:
        say("apt-get install failed; updating the package lists and trying again")
        run([*command[:-3], "apt-get", "update"])
        run(command)
    if not shutil.which("wrk"):
        raise BenchError("wrk is still not on PATH after apt-get install")


def wrk_version():
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (result.stdout + result.stderr).splitlines()[0].strip()


def wrk_script(target):
    """The Lua for one page: the `done` hook, for a POST its method and body, for a POST or a page that
    answers other than 200 the count of answers that are not its status, and for a slow page the count
    of requests sent."""
    parts = [WRK_LUA_SENT] if target.page.timeout else []
    if target.page.method != "GET" or target.page.status != 200:
        lines = []
        if target.page.method != "GET":
            lines += [
                f'wrk.method = "{target.page.method}"',
                f"wrk.body = [==[{target.body}]==]",
                'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
            ]
        lines.append(f"EXPECTED_STATUS = {target.page.status}")
        parts = ["\n".join(lines) + "\n", WRK_LUA_EXPECT, *parts]
    return "".join([*parts, WRK_LUA])


def run_wrk(url, seconds, lua_path, headers, timeout=None):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(lua_path)]
    if timeout:
        command += ["--timeout", f"{timeout}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {url}:\n{result.stdout}\n{result.stderr}")
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise BenchError(f"wrk printed no summary for {url}:\n{result.stdout}\n{result.stderr}")


# --- PostgreSQL and Redis -----------------------------------------------------------------------


def pg_admin(sql):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def create_database():
    say(f"creating PostgreSQL database {DB_NAME}")
    pg_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    pg_admin(f'CREATE DATABASE "{DB_NAME}"')


def drop_database():
    say(f"dropping PostgreSQL database {DB_NAME}")
    pg_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def redis_client():
    import redis

    return redis.Redis.from_url(f"{REDIS_SERVER}/{REDIS_DB}")


def claim_redis_db():
    """Use a Redis database nobody else uses; one left over from a killed run is ours to clear."""
    client = redis_client()
    if client.dbsize() and not client.exists(REDIS_MARKER):
        raise BenchError(
            f"Redis database {REDIS_DB} holds someone else's keys; pick a spare one with BENCH_REDIS_DB=<n>"
        )
    client.flushdb()
    client.set(REDIS_MARKER, "1")


def release_redis_db():
    client = redis_client()
    if client.exists(REDIS_MARKER):
        say(f"clearing Redis database {REDIS_DB}")
        client.flushdb()


# --- the server ---------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command(kind):
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{kind}:"):
            return line.removeprefix(f"{kind}:").strip()
    raise BenchError(f"Procfile has no `{kind}:` line")


def procfile_web_command():
    return procfile_command("web")


def base_env(private_root):
    env = dict(os.environ)
    for name in list(env):  # nothing from the caller's shell leaks into the settings
        if name.startswith(
            (
                "DJANGO_",
                "DATABASE_",
                "REDIS_",
                "CELERY_",
                "SECURE_",
                "BENCH_",
                "EMAIL_",
                "RATELIMIT_",
                "CERTIFICATE_",
                "LICENSING_",
            )
        ) or name in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "WEB_CONCURRENCY",
            "BIND",
            "PRIVATE_ROOT",
            "WORKER_CONCURRENCY",
        }:
            del env[name]
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    env["PYTHONUNBUFFERED"] = "1"
    env["PRIVATE_ROOT"] = str(private_root)  # certificate PDFs: the temporary folder, not the checkout's
    return env


def dev_env(private_root):
    """For migrate, seed_demo (which refuses to load demo accounts with DEBUG off) and bench/prepare.py:
    tasks run in-process, and e-mail stays in memory."""
    return {
        **base_env(private_root),
        "DJANGO_SETTINGS_MODULE": "eyesandears.settings.dev",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def production_env(static_root, private_root, port):
    redis_url = f"{REDIS_SERVER}/{REDIS_DB}"
    return {
        **base_env(private_root),
        "DJANGO_SETTINGS_MODULE": "eyesandears.settings.production",
        "STATIC_ROOT": str(static_root),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CACHE_KEY_PREFIX": "eae-bench",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "BENCH_BARE_VIEW": "true",
        "CERTIFICATE_CHECK_RATE": CERTIFICATE_CHECK_RATE,
        "LICENSING_API_RATE": LICENSING_API_RATE,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
    }


def start_server(env, log_path):
    command = procfile_web_command()
    say(f"starting gunicorn as the Procfile says: {command}  (BIND={env['BIND']}, WEB_CONCURRENCY={WORKERS})")
    log = open(log_path, "w")  # noqa: SIM115 - closed when the server is stopped
    # A session of its own, so the master and its workers can be stopped together by group id.
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    return process


def start_worker(env, log_path):
    """One Celery worker, started as the Procfile's `worker` line says, on the server's settings (the bench
    database, Redis as the broker, the same private folder for the result files)."""
    command = procfile_command("worker")
    say(f"starting a Celery worker as the Procfile says: {command}")
    log = open(log_path, "w")  # noqa: SIM115 - closed when the worker is stopped
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    deadline = time.monotonic() + WORKER_READY_TIMEOUT
    while " ready." not in Path(log_path).read_text(errors="replace"):
        if process.poll() is not None:
            raise BenchError(f"the Celery worker exited with code {process.returncode}:\n{tail(log_path)}")
        if time.monotonic() > deadline:
            raise BenchError(f"the Celery worker was not ready within {WORKER_READY_TIMEOUT}s:\n{tail(log_path)}")
        time.sleep(0.2)
    say("the Celery worker is ready")
    return process


def stop_server(process, name="gunicorn"):
    """Stop the process and its children (its own session's process group): gunicorn, or the worker."""
    if process.poll() is None:
        say(f"stopping {name} (process group {process.pid})")
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in 15s; killing it")
    with contextlib.suppress(ProcessLookupError):  # the workers too, if any outlived the master
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.log.close()


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def report_server_problems(log_path, who="the server"):
    """Warnings, errors and tracebacks the server (or the worker) logged (its access log lines are left out)."""
    if not log_path.exists():
        return
    problems = [
        line
        for line in log_path.read_text(errors="replace").splitlines()
        if re.search(r"WARNING|ERROR|CRITICAL|Traceback", line)
    ]
    if problems:
        say(f"{who} logged {len(problems)} warning/error line(s); the first few:")
        for line in problems[:10]:
            print(f"    {line}", flush=True)


def wait_until_healthy(base_url, process, log_path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with code {process.returncode}:\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                body = json.loads(response.read())
                say(f"/healthz answered {response.status}: {body}")
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise BenchError(f"/healthz did not answer within {timeout}s:\n{tail(log_path)}")


# --- HTTP with a cookie jar ---------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def opener(jar):
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def fetch(open_url, url, data=None, headers=None):
    """(status, body as bytes, headers) without following redirects, so a redirect to sign in shows."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with open_url.open(urllib.request.Request(url, data=body, headers=headers or {}), timeout=30) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def fetch_text(open_url, url, data=None, headers=None):
    status, body, response_headers = fetch(open_url, url, data, headers)
    return status, body.decode(errors="replace"), response_headers


def csrf_token(html):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return token.group(1) if token else None


def form_errors(html):
    return re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', html)[:3]


# allauth's defaults (MFA_TOTP_PERIOD, MFA_TOTP_DIGITS, MFA_TOTP_TOLERANCE), which the settings keep.
TOTP_PERIOD, TOTP_DIGITS = 30, 6
MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"


def totp_code(secret):
    """The authenticator app's current code: RFC 6238, as allauth.mfa.totp.internal.auth checks it."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 3:  # allauth accepts the current period's code only: wait for the next one
        time.sleep(left + 0.1)
    counter = int(time.time()) // TOTP_PERIOD
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**TOTP_DIGITS:0{TOTP_DIGITS}d}"


def sign_in(base_url, email, totp_secret=None):
    """Sign in through allauth's form as a person would, and for someone with an authenticator app
    through the code step too (the code made from their secret); return the cookie jar."""
    jar = http.cookiejar.CookieJar()
    client = opener(jar)
    status, html, _ = fetch_text(client, f"{base_url}/accounts/login/")
    token = csrf_token(html)
    if status != 200 or not token:
        raise BenchError(f"GET /accounts/login/ answered {status} without a CSRF token")
    status, html, headers = fetch_text(
        client,
        f"{base_url}/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": DEMO_PASSWORD},
    )
    if status != 302 or not cookie_header(jar, "sessionid"):
        raise BenchError(f"signing in as {email} answered {status} (expected a redirect); errors: {form_errors(html)}")
    location = headers.get("Location")
    if urllib.parse.urlsplit(location).path == MFA_AUTHENTICATE:
        if not totp_secret:
            raise BenchError(f"{email} is asked for an authenticator code, and bench/prepare.py gave no secret")
        location = authenticator_step(client, base_url, email, totp_secret)
        say(f"signed in as {email} with password and authenticator code (redirected to {location})")
    else:
        say(f"signed in as {email} (redirected to {location})")
    return jar


def authenticator_step(client, base_url, email, secret):
    """allauth's second step: the code form, answered with the current TOTP code."""
    url = f"{base_url}{MFA_AUTHENTICATE}"
    status, html, _ = fetch_text(client, url)
    token = csrf_token(html)
    if status != 200 or not token:
        raise BenchError(f"GET {MFA_AUTHENTICATE} answered {status} without a CSRF token for {email}")
    status, html, headers = fetch_text(client, url, {"csrfmiddlewaretoken": token, "code": totp_code(secret)})
    location = headers.get("Location")
    if status != 302 or urllib.parse.urlsplit(location).path == MFA_AUTHENTICATE:
        raise BenchError(f"{email}'s authenticator code answered {status}; errors: {form_errors(html)}")
    return location


def cookie_header(jar, *names):
    """A Cookie header with the jar's cookies of those names, in that order; None if one is missing."""
    values = {cookie.name: cookie.value for cookie in jar}
    if not all(values.get(name) for name in names):
        return None
    return "; ".join(f"{name}={values[name]}" for name in names)


@dataclass
class Target:
    """A page made concrete: its URL, the headers wrk and the check send, and a POST's body."""

    page: Page
    path: str
    headers: dict
    form: dict | None = None
    body: str | None = None
    contains: str | None = None


def resolve(base_url, page, jars, prep):
    """Fill in the page's {placeholders}, its cookies and, for a POST, the CSRF token of its form."""
    path = page.path.format(**prep)
    headers = {name: value.format(**prep) for name, value in page.headers}  # e.g. the API key
    jar = jars.get(page.login)
    if page.method == "GET":
        if jar is not None:
            headers["Cookie"] = cookie_header(jar, "sessionid")  # what a signed-in GET needs, no more
        return Target(page, path, headers, contains=page.contains.format(**prep) if page.contains else None)
    if jar is None:
        raise BenchError(f"{page.name}: a POST needs a signed-in user (login=...)")
    # The form's token, as the browser would send it: from the page itself, fetched with the session.
    status, html, _ = fetch_text(opener(jar), f"{base_url}{path}")
    token = csrf_token(html)
    cookie = cookie_header(jar, "sessionid", "csrftoken")
    if status != 200 or not token or not cookie:
        raise BenchError(f"{page.name}: GET {path} answered {status}; no CSRF token or cookie to POST with")
    headers["Cookie"] = cookie
    form = {"csrfmiddlewaretoken": token, **{key: value.format(**prep) for key, value in page.form}}
    return Target(page, path, headers, form=form, body=urllib.parse.urlencode(form))


def check_page(base_url, target):
    """The page must answer as expected (200, or the POST's redirect), as the signed-in user if any,
    before it is worth measuring."""
    page = target.page
    status, body, response_headers = fetch(
        opener(http.cookiejar.CookieJar()), f"{base_url}{target.path}", target.form, target.headers
    )
    where = f" (to {response_headers.get('Location')})" if response_headers.get("Location") else ""
    if status != page.status:
        raise BenchError(
            f"{page.name}: {page.method} {target.path} answered {status}{where}, not {page.status}; "
            "refusing to benchmark it"
        )
    if target.contains and target.contains not in body.decode(errors="replace"):
        raise BenchError(f"{page.name}: {target.path} answered {status} without {target.contains!r} in it")
    content_type = response_headers.get("Content-Type", "")
    if page.content_type and not content_type.startswith(page.content_type):
        raise BenchError(f"{page.name}: {target.path} answered {status} with {content_type}, not {page.content_type}")
    if page.content_type == XLSX and not body.startswith(b"PK"):  # an XLSX file is a ZIP archive
        raise BenchError(f"{page.name}: {target.path} answered {status} with no XLSX (ZIP) file in it")
    if page.status != 200:
        say(f"{page.name}: {page.method} {target.path} answered {status}{where}")
    return len(body)


# --- the run ------------------------------------------------------------------------------------


def git_commit():
    def git(*args):
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else None

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def ratio(value, baseline):
    """To 3 decimals; two significant figures for a ratio below 0.01 (a slow page's rps/bare), not 0.000."""
    if not baseline:
        return None
    value = value / baseline
    return round(value, 3) if value >= 0.01 or value == 0 else float(f"{value:.2g}")


def ratio_cell(value):
    return f"{value:.3f}" if value >= 0.01 or value == 0 else f"{value:.2g}"


def run_script(name, env, marker, *args):
    """Run one of bench/'s Django scripts; return the JSON it prints after `marker`."""
    result = run([str(BIN / "python"), str(BENCH_DIR / name), *map(str, args)], env=env, quiet=True)
    for line in result.stdout.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line.removeprefix(marker + " "))
    sys.stderr.write(result.stderr[-4000:])
    raise BenchError(f"{name} printed no {marker} line")


def prepare(private_root, list_path):
    """An open quiz attempt (driver) and a certificate (hotel), through the apps' services, an
    organisation of 5,000 people whose manager has an authenticator app, and the licensing authority's
    officer, check record, API key, register of 9,000 more drivers and list file (written to list_path)."""
    say(
        "preparing an open quiz attempt, an issued certificate, 5,000 people, and a licensing authority "
        "of 9,000 more drivers (bench/prepare.py)"
    )
    prep = run_script("prepare.py", {**dev_env(private_root), "BENCH_LIST_CSV": str(list_path)}, "BENCH_PREP")
    quiz, certificate, organisation = prep["quiz"], prep["certificate"], prep["organisation"]
    say(
        f"{quiz['learner']}: attempt {quiz['attempt']} ({quiz['question_count']} questions); "
        f"{certificate['learner']}: certificate {certificate['code']}"
    )
    states = ", ".join(f"{state} {count}" for state, count in organisation["states"].items())
    say(
        f"{organisation['name']} (id {organisation['organisation']}): {organisation['members']} people "
        f"({organisation['invited']} invited), courses {', '.join(organisation['required_courses'])}; "
        f"{organisation['certificates']} certificates, {organisation['enrolments_in_progress']} enrolments "
        f"in progress; person-course states: {states}; manager {organisation['manager']} has an authenticator app"
    )
    licensing = prep["licensing"]
    say(
        f"{licensing['name']} (id {licensing['authority']}): {licensing['register']} licences on the register "
        f"({licensing['unconfirmed']} not confirmed), {licensing['driver_certificates']} taxi certificates; "
        f"{licensing['driver_number']} is compliant (certificate {licensing['driver_certificate']}), check record "
        f"{licensing['check_record']}; officer {licensing['officer']} has an authenticator app; API key "
        f"{licensing['api_key_prefix']}...; list file of {licensing['list_file']['rows']} numbers "
        f"({licensing['list_file']['unknown']} not on the register, {licensing['list_file']['bytes']} bytes)"
    )
    return prep


def placeholders(prep):
    """What a page's path, form and `contains` may name."""
    organisation = prep["organisation"]
    return {
        **prep["quiz"],
        "code": prep["certificate"]["code"],
        "name": prep["certificate"]["name"],
        "organisation": organisation["organisation"],
        "members": organisation["members"],
        "authority": prep["licensing"]["authority"],
        "check_record": prep["licensing"]["check_record"],
        "driver_number": prep["licensing"]["driver_number"],
        "api_key": prep["licensing"]["api_key"],
    }


def count_queries(env, prep):
    """SQL queries per request of the pages marked count_queries, in-process (bench/queries.py)."""
    values = placeholders(prep)
    by_login = {}
    for page in PAGES:
        if page.count_queries:
            if page.method != "GET" or not page.login:
                raise BenchError(f"{page.name}: queries are counted for signed-in GETs only")
            by_login.setdefault(page.login, []).append(page.path.format(**values))
    counted = {}
    for login, paths in by_login.items():
        say(f"counting SQL queries in-process as {login}: {', '.join(paths)}")
        counted[login] = run_script("queries.py", env, "BENCH_QUERIES", login, *paths)["pages"]
    return counted


def time_jobs(env, certificate_id):
    say(f"timing the certificate PDF in-process: {PDF_COUNT} renders, {PDF_SERVICE_RUNS} runs of the service")
    env = {**env, "BENCH_PDF_COUNT": str(PDF_COUNT), "BENCH_PDF_SERVICE_RUNS": str(PDF_SERVICE_RUNS)}
    return run_script("jobs.py", env, "BENCH_JOBS", certificate_id)


# --- the list check job, end to end -------------------------------------------------------------


def post_file(open_url, url, fields, name, filename, content, content_type):
    """A multipart/form-data POST, as a browser sends a form with a file; (status, body, headers)."""
    boundary = f"bench-{secrets.token_hex(12)}"
    body = b"".join(
        [
            *(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                for key, value in fields.items()
            ),
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode(),
            content,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    try:
        with open_url.open(request, timeout=120) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


def bulk_check_times(public_id):
    """(created_at, started_at, finished_at, status, total) of the list check, from the bench database."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/{DB_NAME}") as conn:
        row = conn.execute(
            "SELECT created_at, started_at, finished_at, status, total FROM licensing_bulkcheck WHERE public_id = %s",
            (public_id,),
        ).fetchone()
        records = conn.execute("SELECT count(*) FROM licensing_checkrecord WHERE method = 'bulk'").fetchone()[0]
    if row is None:
        raise BenchError(f"list check {public_id} is not in the database")
    return (*row, records)


def queued_tasks():
    """Tasks waiting in the broker's default queue before the worker starts (they are run first)."""
    return redis_client().llen("celery")


def worker_task_seconds(log_path, timeout=10):
    """What the worker's own log says the list check task took (it logs that just after the task)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(r"Task licensing\.run_bulk_check\[[^\]]+\] succeeded in ([\d.]+)s", tail(log_path, 200))
        if found:
            return round(float(found[-1]), 2)
        time.sleep(0.2)
    say("the Celery worker's log does not say the list check task succeeded")
    return None


def time_list_check(base_url, jar, prep, list_path, worker_log_path):
    """Upload the list file through the "Check a list" page as the officer, then read the check's own page
    every LIST_CHECK_POLL_SECONDS until it says the list has been checked; the worker runs the check."""
    licensing = prep["licensing"]
    start_url = f"{base_url}/licensing/{licensing['authority']}/lists/"
    client = opener(jar)
    status, html, _ = fetch_text(client, start_url)
    token = csrf_token(html)
    if status != 200 or not token:
        raise BenchError(f"GET {start_url} answered {status} without a CSRF token")
    content = list_path.read_bytes()
    rows = licensing["list_file"]["rows"]
    say(f"list check: uploading {list_path.name} ({rows} numbers, {len(content)} bytes) as {licensing['officer']}")
    started = time.monotonic()
    status, body, headers = post_file(
        client, start_url, {"csrfmiddlewaretoken": token}, "file", list_path.name, content, "text/csv"
    )
    uploaded = time.monotonic()
    location = headers.get("Location") or ""
    match = re.fullmatch(rf"/licensing/{licensing['authority']}/lists/([0-9a-f-]{{36}})/", location)
    if status != 302 or not match:
        raise BenchError(f"the upload answered {status} (to {location!r}); errors: {form_errors(body.decode())}")
    check_url = f"{base_url}{location}"
    polls, first_progress = 0, None
    while True:
        status, html, _ = fetch_text(client, check_url)
        now = time.monotonic()
        polls += 1
        if status != 200:
            raise BenchError(f"GET {location} answered {status} while the list was checked")
        if "The list could not be checked" in html:
            raise BenchError(f"the list check failed: {re.findall(r'<p>([^<]+)</p>', html)[:2]}")
        if "The list has been checked" in html:
            done = now
            break
        progress = re.search(r'<progress[^>]*value="(\d+)"', html)
        if first_progress is None and progress and int(progress.group(1)) > 0:
            first_progress = now - started
        if now - started > LIST_CHECK_TIMEOUT:
            raise BenchError(f"the list check was not done after {LIST_CHECK_TIMEOUT}s")
        time.sleep(LIST_CHECK_POLL_SECONDS)
    counts = {label: int(count.replace(",", "")) for label, count in re.findall(r"<li>([^<:]+): ([\d,]+)</li>", html)}
    if sum(counts.values()) != rows:
        raise BenchError(f"the list check's page counts {counts}, not {rows} numbers")
    downloads, bodies = {}, {}
    for file_format in ("csv", "xlsx"):
        download_started = time.monotonic()
        status, bodies[file_format], response_headers = fetch(client, f"{check_url}result.{file_format}")
        downloads[file_format] = {
            "status": status,
            "ms": round((time.monotonic() - download_started) * 1000, 1),
            "bytes": len(bodies[file_format]),
            "content_type": response_headers.get("Content-Type"),
        }
        if status != 200:
            raise BenchError(f"the list check's {file_format} answered {status}")
    result_lines = bodies["csv"].decode("utf-8-sig").splitlines()
    if len(result_lines) - 1 != rows or not bodies["xlsx"].startswith(b"PK"):
        raise BenchError(f"the result has {len(result_lines) - 1} rows, not {rows} (or no XLSX): {result_lines[:2]}")
    created_at, started_at, finished_at, db_status, total, records = bulk_check_times(match.group(1))
    end_to_end = done - started
    task_s = worker_task_seconds(worker_log_path)
    return {
        "how": (
            "end to end through the server: the officer's upload (multipart POST to the list page), then GETs of "
            f"the check's page every {LIST_CHECK_POLL_SECONDS}s until it shows the result; one Celery worker "
            "started as the Procfile says, on the same settings, database and Redis"
        ),
        "rows": rows,
        "distinct_numbers": total,
        "on_register": licensing["list_file"]["on_register"],
        "unknown": licensing["list_file"]["unknown"],
        "file_bytes": len(content),
        "end_to_end_s": round(end_to_end, 2),
        "rows_per_second_end_to_end": round(rows / end_to_end, 1),
        "upload_s": round(uploaded - started, 2),
        "queue_wait_s": round((started_at - created_at).total_seconds(), 2),
        # The task as the worker logged it, and the check's own stamps: `finished_at` is taken before the
        # check records are written, in the same transaction, so started-to-finished leaves them out.
        "worker_task_s": task_s,
        "rows_per_second_worker": round(rows / task_s, 1) if task_s else None,
        "started_to_finished_s": round((finished_at - started_at).total_seconds(), 2),
        "first_progress_seen_s": round(first_progress, 2) if first_progress is not None else None,
        "polls": polls,
        "status": db_status,
        "outcomes": counts,
        "check_records_written": records,
        "downloads": downloads,
    }


def drain(log_path, offset, target, summary, timeout=120):
    """wrk stops with a request in flight on each connection, and gunicorn still serves them (a slow
    page's take seconds): wait until its access log shows every request wrk sent, so that the next
    run does not queue behind them. wrk's count of what it sent can be a request or so above what
    reached the server, so it also ends once the log holds every answer wrk got and has been quiet
    for twice the time the server takes per request (mean latency x workers / connections).
    Returns how many requests of the run the server logged."""
    request_line = f'"{target.page.method} {target.path} HTTP/'.encode()
    per_request = summary["mean_us"] / 1e6 * WORKERS / CONNECTIONS
    quiet = max(3.0, 2 * per_request)
    now = time.monotonic()
    deadline, changed, served = now + timeout, now, None
    while True:
        with open(log_path, "rb") as log:
            log.seek(offset)
            count = sum(request_line in line for line in log)
        now = time.monotonic()
        if count != served:
            served, changed = count, now
        if served >= summary["sent"] or (served >= summary["requests"] and now - changed > quiet):
            return served
        if now > deadline:
            say(f"{target.page.name}: the server logged {served} of the {summary['sent']} requests wrk sent")
            return served
        time.sleep(0.2)


def drive(target, url, seconds, lua_path, log_path):
    """One wrk run of the page; for a slow page, then wait for the server to finish what wrk left."""
    offset = log_path.stat().st_size
    summary = run_wrk(url, seconds, lua_path, target.headers, target.page.timeout)
    if target.page.timeout:
        started = time.monotonic()
        summary["served"] = drain(log_path, offset, target, summary)
        summary["drain_s"] = round(time.monotonic() - started, 1)
    return summary


def measure(base_url, workdir, jars, prep, queries, log_path):
    values = placeholders(prep)
    targets = [resolve(base_url, page, jars, values) for page in PAGES]
    for target in targets:  # every page, before any is measured
        check_page(base_url, target)
    say(f"all {len(targets)} pages answer as expected")
    results = []
    for index, target in enumerate(targets):
        page = target.page
        lua_path = workdir / f"page-{index}.lua"
        lua_path.write_text(wrk_script(target))
        url = f"{base_url}{target.path}"
        size = check_page(base_url, target)  # again, in case a page measured before changed something
        if WARMUP_SECONDS:
            drive(target, url, WARMUP_SECONDS, lua_path, log_path)
        seconds = max(SECONDS, page.min_seconds)
        say(f"wrk {page.name}: {page.method} {target.path} ({size} bytes) for {seconds}s")
        summary = drive(target, url, seconds, lua_path, log_path)
        errors = {
            key: summary[key]
            for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
            if summary[key]
        }
        if not summary["requests"]:  # none answered within the run: no figures, not a zero
            errors["no_requests"] = 1
        if summary["unexpected_status"]:
            errors[f"not_{page.status}"] = summary["unexpected_status"]
            errors["for_example"] = summary["unexpected_example"]
        results.append(
            {
                "name": page.name,
                "method": page.method,
                "path": target.path,
                "login": page.login,
                "headers": {key: value for key, value in page.headers},
                "expected_status": page.status,
                "bytes": size,
                "requests": summary["requests"],
                "rps": round(summary["requests"] / (summary["duration_us"] / 1e6), 1),
                "mean_ms": round(summary["mean_us"] / 1000, 2),
                "p50_ms": round(summary["p50_us"] / 1000, 2),
                "p95_ms": round(summary["p95_us"] / 1000, 2),
                "p99_ms": round(summary["p99_us"] / 1000, 2),
                "max_ms": round(summary["max_us"] / 1000, 2),
                "errors": errors,
                "duration_s": seconds,
                "wrk_timeout_s": page.timeout or 2,
            }
        )
        if page.timeout:  # what wrk sent, what the server logged, and how long it took to finish after wrk
            results[-1].update(sent=summary["sent"], served=summary["served"], drain_s=summary["drain_s"])
        if page.count_queries:
            results[-1]["queries"] = queries[page.login][target.path]
    baseline = results[0]
    for result in results:
        result["rps_ratio"] = ratio(result["rps"], baseline["rps"])
        result["p95_ratio"] = ratio(result["p95_ms"], baseline["p95_ms"])
    return results


def print_table(results):
    headers = ["page", "req/s", "p95 ms", "rps/bare", "p95/bare", "p50 ms", "p99 ms", "requests", "errors"]
    rows = [
        [
            r["name"],
            f"{r['rps']:.1f}",
            f"{r['p95_ms']:.2f}",
            ratio_cell(r["rps_ratio"]),
            f"{r['p95_ratio']:.2f}",
            f"{r['p50_ms']:.2f}",
            f"{r['p99_ms']:.2f}",
            str(r["requests"]),
            ", ".join(f"{k}={v}" for k, v in r["errors"].items()) or "-",
        ]
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            cell.ljust(w) if i in (0, 8) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    print(flush=True)


def print_queries(results):
    counted = [r for r in results if "queries" in r]
    if not counted:
        return
    print("SQL queries per request (in-process, django.test.Client, production settings, caches warm)")
    for r in counted:
        q = r["queries"]
        print(
            f"  {r['name']}: {q['queries']} queries (first request {q['first_queries']}), "
            f"{q['median_ms']:.0f} ms in-process, {q['bytes']} bytes"
        )
    print(flush=True)


def print_jobs(jobs):
    pdf, service = jobs["certificate_pdf"], jobs["certificate_render_pdf_service"]
    by_script = ", ".join(f"{script} {ms:.0f}" for script, ms in pdf["median_ms_by_script"].items())
    warmup = ", ".join(f"{script} {ms:.0f}" for script, ms in pdf["warmup_ms"].items())
    print("jobs (in-process, one worker)")
    print(
        f"  certificate PDF, render_certificate_pdf x{pdf['count']}: median {pdf['median_ms']:.1f} ms, "
        f"p95 {pdf['p95_ms']:.1f} ms, mean {pdf['mean_ms']:.1f} ms -> {pdf['per_minute_one_worker']:.0f} per minute"
    )
    print(f"    median ms by script: {by_script}; first render of each (not counted): {warmup}")
    print(
        f"  certificate_render_pdf service (DB, render, storage) x{service['runs']}: "
        f"median {service['median_ms']:.1f} ms (min {service['min_ms']:.1f}, max {service['max_ms']:.1f})"
    )
    if check := jobs.get("licensing_list_check"):
        outcomes = ", ".join(f"{label} {count}" for label, count in check["outcomes"].items())
        downloads = ", ".join(f"{kind} {d['ms']:.0f} ms ({d['bytes']} bytes)" for kind, d in check["downloads"].items())
        print("jobs (end to end through the server and one Celery worker)")
        print(
            f"  {check['rows']:,}-row list check: {check['end_to_end_s']:.2f} s end to end -> "
            f"{check['rows_per_second_end_to_end']:.0f} rows per second"
        )
        print(
            f"    upload {check['upload_s']:.2f} s, waiting for the worker {check['queue_wait_s']:.2f} s, "
            f"the task in the worker {check['worker_task_s']} s "
            f"({check['rows_per_second_worker'] or '?'} rows per second; "
            f"{check['started_to_finished_s']:.2f} s from its start to its finish stamp, before the check records); "
            f"page read every {LIST_CHECK_POLL_SECONDS} s ({check['polls']} reads)"
        )
        print(f"    outcomes: {outcomes}; {check['check_records_written']} checks recorded; downloads: {downloads}")
    print(flush=True)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` cleans up on a kill too
    load_at_start = os.getloadavg()
    if load_at_start[0] > 0.5:
        say(f"the machine is busy (load average {load_at_start[0]:.2f}): figures will be noisy")
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="eyesandears-bench-"))
    static_root, log_path = workdir / "static", workdir / "gunicorn.log"
    private_root = workdir / "private"
    list_path, worker_log_path = workdir / "bench-list-10000.csv", workdir / "celery.log"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = worker = None
    database_created = False
    try:
        claim_redis_db()
        create_database()
        database_created = True
        manage = [str(BIN / "python"), "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], env=dev_env(private_root))
        run([*manage, "seed_demo"], env=dev_env(private_root))
        prep = prepare(private_root, list_path)
        env = production_env(static_root, private_root, port)
        run([*manage, "collectstatic", "--noinput", "-v0"], env=env)
        jobs = time_jobs(env, prep["certificate"]["certificate_id"])  # before the server: a quiet machine
        queries = count_queries(env, prep)
        load_before_pages = os.getloadavg()
        server = start_server(env, log_path)
        wait_until_healthy(base_url, server, log_path)
        totp_secrets = {
            prep["organisation"]["manager"]: prep["organisation"]["totp_secret"],
            prep["licensing"]["officer"]: prep["licensing"]["totp_secret"],
        }
        logins = {page.login for page in PAGES if page.login} | {OFFICER}
        jars = {email: sign_in(base_url, email, totp_secrets.get(email)) for email in logins}
        results = measure(base_url, workdir, jars, prep, queries, log_path)
        # The list check, after the pages: a worker of its own, on a server with nothing else to do.
        waiting_tasks = queued_tasks()
        worker = start_worker(env, worker_log_path)
        list_check = time_list_check(base_url, jars[OFFICER], prep, list_path, worker_log_path)
        list_check["tasks_queued_before_the_worker_started"] = waiting_tasks
        list_check["worker_command"] = procfile_command("worker")
        jobs["licensing_list_check"] = list_check
        if server.poll() is not None:
            raise BenchError(f"gunicorn died during the run:\n{tail(log_path)}")
    finally:
        if worker is not None:
            stop_server(worker, "the Celery worker")
        if server is not None:
            stop_server(server)
        if database_created:
            drop_database()
        release_redis_db()
        report_server_problems(log_path)
        report_server_problems(worker_log_path, "the Celery worker")
        shutil.rmtree(workdir, ignore_errors=True)

    print_table(results)
    print_queries(results)
    print_jobs(jobs)
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": [round(load, 2) for load in load_at_start],
            "load_average_before_pages": [round(load, 2) for load in load_before_pages],
            "load_average_at_end": [round(load, 2) for load in os.getloadavg()],
        },
        "git": git_commit(),
        "wrk": {
            "version": wrk_version(),
            "threads": THREADS,
            "connections": CONNECTIONS,
            "duration_s": SECONDS,
            "warmup_s": WARMUP_SECONDS,
        },
        "server": {
            "command": procfile_web_command(),
            "workers": WORKERS,
            "settings": "eyesandears.settings.production (STATIC_ROOT in a temporary folder)",
            "database": "PostgreSQL",
            "cache_and_broker": "Redis",
            "certificate_check_rate": CERTIFICATE_CHECK_RATE,
            "licensing_api_rate": LICENSING_API_RATE,
        },
        "prepared": {  # without the throwaway database's TOTP secrets and API key
            **prep,
            "organisation": {key: value for key, value in prep["organisation"].items() if key != "totp_secret"},
            "licensing": {
                key: value for key, value in prep["licensing"].items() if key not in {"totp_secret", "api_key"}
            },
        },
        "baseline": PAGES[0].name,
        "pages": results,
        "jobs": {
            "settings": "eyesandears.settings.production, in one process, before the server starts "
            "(the licensing list check: end to end, see its `how`)",
            **jobs,
        },
    }
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"wrote {RESULTS.relative_to(ROOT)}")
    if any(r["errors"] for r in results):
        say("some requests failed (see the errors column)")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"[bench] FAILED: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
