"""Benchmark pages against a bare Django view: `make bench`.

Builds a throwaway PostgreSQL database with the demo council in it, serves the site with gunicorn
exactly as the Procfile's `web` line does (production settings, DEBUG off, Redis cache and broker),
drives each page in PAGES with wrk over loopback and prints requests/s and latency percentiles
next to the bare view (/bench/bare/, routed only when BENCH_BARE_VIEW is on), which goes through
the same middleware. Results go to bench/results.json. Everything it creates is removed at the end,
also on failure. bench/README.md lists the environment variables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.cookiejar
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
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
    path: str
    login: str | None = None  # e-mail of a demo user to sign in as first; None for an anonymous visitor


# The pages to measure, in order. The first entry is the baseline the others are compared with.
PAGES = [
    Page("bare view", "/bench/bare/"),
    Page("home", "/"),
    Page("login", "/accounts/login/"),
    Page("home (signed in)", "/", login="editor@example.com"),
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
WARMUP_SECONDS = env_int("BENCH_WARMUP", 2)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 8)
THREADS = min(env_int("BENCH_THREADS", 2), CONNECTIONS)
WORKERS = env_int("BENCH_WORKERS", 2)
REDIS_DB = env_int("BENCH_REDIS_DB", 15)
DB_NAME = os.environ.get("BENCH_DB", "eyesandears_bench")
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_SERVER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_MARKER = "eae-bench:owned-by-bench-run"

# wrk's `done` hook: exact percentiles from its latency histogram, as one JSON line.
WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"status_errors":%d,"timeouts":%d,"mean_us":%.1f,"p50_us":%.1f,"p95_us":%.1f,' ..
    '"p99_us":%.1f,"max_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
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


def run_wrk(url, seconds, lua_path, cookie=None):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", str(lua_path)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
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


def procfile_web_command():
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("web:"):
            return line.removeprefix("web:").strip()
    raise BenchError("Procfile has no `web:` line")


def base_env():
    env = dict(os.environ)
    for name in list(env):  # nothing from the caller's shell leaks into the settings
        if name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "SECURE_", "BENCH_")) or name in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "WEB_CONCURRENCY",
            "BIND",
        }:
            del env[name]
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def dev_env():
    """For migrate and seed_demo, which refuses to load demo accounts with DEBUG off."""
    return {**base_env(), "DJANGO_SETTINGS_MODULE": "eyesandears.settings.dev"}


def production_env(static_root, port):
    redis_url = f"{REDIS_SERVER}/{REDIS_DB}"
    return {
        **base_env(),
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


def stop_server(process):
    if process.poll() is None:
        say(f"stopping gunicorn (process group {process.pid})")
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            say("gunicorn did not stop in 15s; killing it")
    with contextlib.suppress(ProcessLookupError):  # the workers too, if any outlived the master
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.log.close()


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def report_server_problems(log_path):
    """Warnings, errors and tracebacks the server logged (its access log lines are left out)."""
    if not log_path.exists():
        return
    problems = [
        line
        for line in log_path.read_text(errors="replace").splitlines()
        if re.search(r"WARNING|ERROR|CRITICAL|Traceback", line)
    ]
    if problems:
        say(f"the server logged {len(problems)} warning/error line(s); the first few:")
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
    """(status, body, headers) without following redirects, so a redirect to sign in shows."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with open_url.open(urllib.request.Request(url, data=body, headers=headers or {}), timeout=10) as response:
            return response.status, response.read().decode(errors="replace"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def sign_in(base_url, email):
    """Sign in through allauth's form as a person would; return the Cookie header for wrk."""
    jar = http.cookiejar.CookieJar()
    client = opener(jar)
    status, html, _ = fetch(client, f"{base_url}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token:
        raise BenchError(f"GET /accounts/login/ answered {status} without a CSRF token")
    status, html, headers = fetch(
        client,
        f"{base_url}/accounts/login/",
        {"csrfmiddlewaretoken": token.group(1), "login": email, "password": DEMO_PASSWORD},
    )
    session = next((cookie.value for cookie in jar if cookie.name == "sessionid"), None)
    if status != 302 or not session:
        errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]+)', html)
        raise BenchError(f"signing in as {email} answered {status} (expected a redirect); errors: {errors[:3]}")
    say(f"signed in as {email} (redirected to {headers.get('Location')})")
    return f"sessionid={session}"


def check_page(base_url, page, cookie):
    """The page must answer 200 (as the signed-in user, if any) before it is worth measuring."""
    headers = {"Cookie": cookie} if cookie else {}
    status, body, response_headers = fetch(opener(http.cookiejar.CookieJar()), f"{base_url}{page.path}", None, headers)
    if status != 200:
        where = f" (to {response_headers.get('Location')})" if response_headers.get("Location") else ""
        raise BenchError(f"{page.name} {page.path} answered {status}{where}, not 200; refusing to benchmark it")
    return len(body.encode())


# --- the run ------------------------------------------------------------------------------------


def git_commit():
    def git(*args):
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else None

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def ratio(value, baseline):
    return round(value / baseline, 3) if baseline else None


def measure(base_url, lua_path, cookies):
    results = []
    for page in PAGES:
        cookie = cookies.get(page.login)
        size = check_page(base_url, page, cookie)
        url = f"{base_url}{page.path}"
        if WARMUP_SECONDS:
            run_wrk(url, WARMUP_SECONDS, lua_path, cookie)
        say(f"wrk {page.name}: {page.path} ({size} bytes) for {SECONDS}s")
        summary = run_wrk(url, SECONDS, lua_path, cookie)
        errors = {
            key: summary[key]
            for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
            if summary[key]
        }
        results.append(
            {
                "name": page.name,
                "path": page.path,
                "login": page.login,
                "bytes": size,
                "requests": summary["requests"],
                "rps": round(summary["requests"] / (summary["duration_us"] / 1e6), 1),
                "mean_ms": round(summary["mean_us"] / 1000, 2),
                "p50_ms": round(summary["p50_us"] / 1000, 2),
                "p95_ms": round(summary["p95_us"] / 1000, 2),
                "p99_ms": round(summary["p99_us"] / 1000, 2),
                "max_ms": round(summary["max_us"] / 1000, 2),
                "errors": errors,
            }
        )
    baseline = results[0]
    for result in results:
        result["rps_ratio"] = ratio(result["rps"], baseline["rps"])
        result["p95_ratio"] = ratio(result["p95_ms"], baseline["p95_ms"])
    return results


def print_table(results):
    headers = ["page", "req/s", "p95 ms", "rps/bare", "p95/bare", "p50 ms", "p99 ms", "errors"]
    rows = [
        [
            r["name"],
            f"{r['rps']:.1f}",
            f"{r['p95_ms']:.2f}",
            f"{r['rps_ratio']:.3f}",
            f"{r['p95_ratio']:.2f}",
            f"{r['p50_ms']:.2f}",
            f"{r['p99_ms']:.2f}",
            ", ".join(f"{k}={v}" for k, v in r["errors"].items()) or "-",
        ]
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(
            cell.ljust(w) if i in (0, 7) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        )

    print()
    print(line(headers))
    print(line(["-" * w for w in widths]))
    for row in rows:
        print(line(row))
    print(flush=True)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` cleans up on a kill too
    load_at_start = os.getloadavg()
    if load_at_start[0] > 0.5:
        say(f"the machine is busy (load average {load_at_start[0]:.2f}): figures will be noisy")
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="eyesandears-bench-"))
    static_root, log_path, lua_path = workdir / "static", workdir / "gunicorn.log", workdir / "report.lua"
    lua_path.write_text(WRK_LUA)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = None
    database_created = False
    try:
        claim_redis_db()
        create_database()
        database_created = True
        manage = [str(BIN / "python"), "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], env=dev_env())
        run([*manage, "seed_demo"], env=dev_env())
        env = production_env(static_root, port)
        run([*manage, "collectstatic", "--noinput", "-v0"], env=env)
        server = start_server(env, log_path)
        wait_until_healthy(base_url, server, log_path)
        cookies = {email: sign_in(base_url, email) for email in {p.login for p in PAGES if p.login}}
        results = measure(base_url, lua_path, cookies)
        if server.poll() is not None:
            raise BenchError(f"gunicorn died during the run:\n{tail(log_path)}")
    finally:
        if server is not None:
            stop_server(server)
        if database_created:
            drop_database()
        release_redis_db()
        report_server_problems(log_path)
        shutil.rmtree(workdir, ignore_errors=True)

    print_table(results)
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": [round(load, 2) for load in load_at_start],
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
        },
        "baseline": PAGES[0].name,
        "pages": results,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
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
