"""The soak test: `make soak` (or `.venv/bin/python bench/soak/run.py`).

On this machine, in the scale-out shape: two app servers (two gunicorn masters, each as the Procfile's `web`
line starts it, on two ports of loopback that the load generator shares between its users), two Celery
workers (the Procfile's `worker` line, twice), one PostgreSQL database of its own and one Redis database of
its own for cache and broker, all with the production settings. From a second process, locust (headless)
drives learners who sign in, read their module, take the quiz and download their certificate, with managers
and licensing officers looking at the same time (bench/soak/locustfile.py), for SOAK_USERS users over
SOAK_TIME. Then bench/soak/reconcile.py waits for the workers to drain and checks that nothing was lost:
every passing attempt has exactly one certificate, one stored PDF and one e-mail, and the load generator's
record of what it saw agrees with the database.

Prints throughput, p95 per step, the error count and the reconciliation; writes bench/soak/results.json;
exits non-zero on any error or loss. Everything it starts is stopped, and the database, the Redis database
and the temporary folder are removed, also on failure. bench/soak/README.md lists the variables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
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
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
SOAK_DIR = ROOT / "bench" / "soak"
BIN = Path(sys.executable).parent
RESULTS = SOAK_DIR / "results.json"


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_str(name, default):
    return os.environ.get(name, "").strip() or default


def seconds_of(text):
    """Locust's run-time format (300, 300s, 5m, 1h30m) in seconds."""
    if text.isdigit():
        return int(text)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    if not parts or not any(parts.groups()):
        raise SystemExit(f"SOAK_TIME={text!r}: use seconds or a form like 5m, 90s or 1h30m")
    hours, minutes, secs = (int(part or 0) for part in parts.groups())
    return hours * 3600 + minutes * 60 + secs


USERS = env_int("SOAK_USERS", 200)
RUN_TIME = env_str("SOAK_TIME", "5m")
RUN_SECONDS = seconds_of(RUN_TIME)
SPAWN_RATE = env_str("SOAK_SPAWN_RATE", "4")  # users started a second
MANAGERS = env_int("SOAK_MANAGERS", max(1, USERS // 20))
OFFICERS = env_int("SOAK_OFFICERS", max(1, USERS // 20))
LEARNER_USERS = USERS - MANAGERS - OFFICERS
THINK = env_str("SOAK_THINK", "1,3")  # seconds a learner pauses between pages (uniform between the two)
STAFF_THINK = env_str("SOAK_STAFF_THINK", "2,5")
# A journey is at least 20 pauses long (sign-in, training, course, 6 lessons, quiz, 12 questions, check,
# certificate): each learner user finishes at most RUN_SECONDS / (20 x the shortest pause) journeys, plus the
# one it is on when the time is up, and each journey is a new person.
SHORTEST_JOURNEY = 20 * max(float(THINK.split(",")[0]), 0.25)
LEARNER_ACCOUNTS = env_int("SOAK_LEARNER_ACCOUNTS", LEARNER_USERS * (math.ceil(RUN_SECONDS / SHORTEST_JOURNEY) + 2))
STOP_TIMEOUT = env_int("SOAK_STOP_TIMEOUT", 300)  # seconds the users get to finish what they are doing
DRAIN_TIMEOUT = env_int("SOAK_DRAIN_TIMEOUT", 180)  # seconds the workers get to finish the queue after that
APP_SERVERS = 2
WEB_WORKERS = env_int("SOAK_WEB_WORKERS", 2)  # gunicorn workers per app server (WEB_CONCURRENCY)
CELERY_WORKERS = 2
WORKER_CONCURRENCY = env_int("SOAK_WORKER_CONCURRENCY", 1)  # processes per Celery worker
DB_NAME = env_str("SOAK_DB", "eyesandears_soak")
PG_SERVER = env_str("SOAK_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_SERVER = env_str("SOAK_REDIS", "redis://127.0.0.1:6379").rstrip("/")
REDIS_DB = env_int("SOAK_REDIS_DB", 14)
REDIS_MARKER = "eae-soak:owned-by-soak-run"
READY_TIMEOUT = 60

# The steps in the order a journey takes them, then the managers' and officers' (the table's order).
STEPS = [
    "sign in page", "sign in", "sign in: code page", "sign in: authenticator code", "home", "your training",
    "course", "start course", "lesson", "lesson complete", "quiz start", "quiz start (POST)", "quiz question",
    "quiz answer", "check answers", "submit", "result", "certificate", "certificate PDF", "sign out",
    "manager dashboard", "manager people list", "manager export CSV", "officer check", "officer check record",
    "officer expiring list", "API check",
]


class SoakError(Exception):
    pass


def say(message):
    print(f"[soak] {message}", flush=True)


def run(command, *, env, quiet=False):
    say("$ " + " ".join(str(part) for part in command))
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stdout.write(result.stdout[-4000:])
            sys.stderr.write(result.stderr[-4000:])
        raise SoakError(f"{command[1] if len(command) > 1 else command[0]} failed with exit code {result.returncode}")
    return result


# --- PostgreSQL and Redis -----------------------------------------------------------------------------


def pg_admin(sql):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def redis_client():
    import redis

    return redis.Redis.from_url(f"{REDIS_SERVER}/{REDIS_DB}")


def claim_redis_db():
    """A Redis database nobody else uses; one a killed soak left behind is ours to clear."""
    client = redis_client()
    if client.dbsize() and not client.exists(REDIS_MARKER):
        raise SoakError(f"Redis database {REDIS_DB} holds someone else's keys; pick a spare one with SOAK_REDIS_DB")
    client.flushdb()
    client.set(REDIS_MARKER, "1")


def release_redis_db():
    client = redis_client()
    if client.exists(REDIS_MARKER):
        say(f"clearing Redis database {REDIS_DB}")
        client.flushdb()


# --- the environment ----------------------------------------------------------------------------------

CALLER_SETTINGS = (
    "DJANGO_", "DATABASE_", "REDIS_", "CELERY_", "SECURE_", "BENCH_", "EMAIL_", "RATELIMIT_", "CERTIFICATE_",
    "LICENSING_", "CACHE_", "TRUSTED_", "DB_",
)
CALLER_NAMES = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "WEB_CONCURRENCY", "BIND", "PRIVATE_ROOT", "STATIC_ROOT",
    "WORKER_CONCURRENCY", "LOG_LEVEL",
}


def base_env(workdir):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(CALLER_SETTINGS) and name not in CALLER_NAMES  # nothing leaks from the shell
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DATABASE_URL"] = f"{PG_SERVER}/{DB_NAME}"
    env["PYTHONUNBUFFERED"] = "1"
    env["PRIVATE_ROOT"] = str(workdir / "private")  # certificate PDFs: the temporary folder
    return env


def dev_env(workdir):
    """migrate, seed_demo (which loads demo accounts only with DEBUG on) and bench/soak/prepare.py."""
    return {
        **base_env(workdir),
        "DJANGO_SETTINGS_MODULE": "eyesandears.settings.dev",
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_BROKER_URL": "",
    }


def production_env(workdir, secret_key):
    redis_url = f"{REDIS_SERVER}/{REDIS_DB}"
    return {
        **base_env(workdir),
        "DJANGO_SETTINGS_MODULE": "eyesandears.settings.production",
        "STATIC_ROOT": str(workdir / "static"),
        "DEBUG": "false",
        "SECRET_KEY": secret_key,  # one for every process, so sessions and tokens hold across servers
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CACHE_KEY_PREFIX": "eae-soak",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        # The load generator stands for the proxy in front of the servers: each simulated person sends
        # their own address in X-Forwarded-For, and allauth's per-address limits apply to that.
        "TRUSTED_PROXY_COUNT": "1",
        # The workers deliver e-mail into files, which reconcile.py counts.
        "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "LOG_LEVEL": "WARNING",  # the servers' and workers' own lines: warnings and errors only
    }


# --- processes ----------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def procfile_command(kind):
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith(f"{kind}:"):
            return line.removeprefix(f"{kind}:").strip()
    raise SoakError(f"Procfile has no `{kind}:` line")


def start(name, command, env, log_path):
    """A process in a session of its own, so that it and its children stop together by group id."""
    say(f"starting {name}: {command}")
    log = open(log_path, "w")  # noqa: SIM115 - closed when the process is stopped
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command}"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.name, process.log, process.log_path = name, log, log_path
    return process


def stop(process):
    if process.poll() is None:
        say(f"stopping {process.name} (process group {process.pid})")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            say(f"{process.name} did not stop in 20s; killing it")
    with contextlib.suppress(ProcessLookupError):  # its children too, if any outlived it
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.log.close()


def tail(path, lines=40):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def wait_until_healthy(base_url, process):
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SoakError(f"{process.name} exited with code {process.returncode}:\n{tail(process.log_path)}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                say(f"{process.name}: /healthz answered {response.status}: {json.loads(response.read())}")
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise SoakError(f"{process.name}: /healthz did not answer within {READY_TIMEOUT}s:\n{tail(process.log_path)}")


def wait_until_ready(process):
    deadline = time.monotonic() + READY_TIMEOUT
    while " ready." not in Path(process.log_path).read_text(errors="replace"):
        if process.poll() is not None:
            raise SoakError(f"{process.name} exited with code {process.returncode}:\n{tail(process.log_path)}")
        if time.monotonic() > deadline:
            raise SoakError(f"{process.name} was not ready within {READY_TIMEOUT}s:\n{tail(process.log_path)}")
        time.sleep(0.2)
    say(f"{process.name} is ready")


# --- CPU: who used the machine's two CPUs during the load -----------------------------------------------


def cpu_seconds(groups):
    """{(group, pid): CPU seconds so far}: our processes by their process group, and the PostgreSQL backends
    serving the soak's database and the Redis server by name."""
    found = {}
    for proc in psutil.process_iter(["name", "cmdline"]):
        try:
            pgid = os.getpgid(proc.pid)
            times = proc.cpu_times()
        except (psutil.Error, ProcessLookupError):
            continue
        name, command = proc.info["name"] or "", " ".join(proc.info["cmdline"] or [])
        group = next((group for group, process in groups.items() if pgid == process.pid), None)
        if group is None and name.startswith("postgres") and f" {DB_NAME} " in f"{command} ":
            group = "postgres (the soak's connections)"
        elif group is None and name.startswith("redis"):
            group = "redis (the whole server)"
        if group:
            found[(group, proc.pid)] = times.user + times.system
    return found


class CpuSampler(threading.Thread):
    """Reads every process's CPU time every two seconds during the load, so that processes which end
    during it (a database connection closed after DB_CONN_MAX_AGE) are counted up to their last reading."""

    def __init__(self, groups):
        super().__init__(daemon=True)
        self.groups, self.stopping = groups, threading.Event()
        self.before = cpu_seconds(groups)
        self.latest = dict(self.before)

    def run(self):
        while not self.stopping.wait(2):
            self.latest.update(cpu_seconds(self.groups))

    def finish(self, seconds):
        """Average CPUs each group kept busy (1.0 = one whole CPU)."""
        self.stopping.set()
        self.join()
        self.latest.update(cpu_seconds(self.groups))
        used = {}
        for (group, pid), total in self.latest.items():
            used[group] = used.get(group, 0.0) + total - self.before.get((group, pid), 0.0)
        return {group: round(total / seconds, 2) for group, total in sorted(used.items())}


# --- locust's figures ---------------------------------------------------------------------------------


def server_problems(processes):
    """Answers of 500 and up in the servers' access logs, and warnings, errors and tracebacks any process logged."""
    found = {"server_5xx": 0, "logged_errors": 0, "examples": []}
    for process in processes:
        for line in Path(process.log_path).read_text(errors="replace").splitlines():
            access = re.search(r'" (\d{3}) ', line)
            if access and line.startswith("127.0.0.1") and int(access.group(1)) >= 500:
                found["server_5xx"] += 1
                found["examples"].append(f"{process.name}: {line}")
            elif re.search(r"WARNING|ERROR|CRITICAL|Traceback|raised unexpected|Retry in", line):
                if "DuplicateNodenameWarning" in line:
                    continue
                found["logged_errors"] += 1
                found["examples"].append(f"{process.name}: {line}")
    found["examples"] = found["examples"][:10]
    return found


# --- the run ------------------------------------------------------------------------------------------


def run_locust(env, workdir, hosts):
    prefix = workdir / "locust"
    locust_env = {
        **env,
        "SOAK_DATA_FILE": str(workdir / "soak-data.json"),
        "SOAK_JOURNAL": str(workdir / "journal.jsonl"),
        "SOAK_STATS": str(workdir / "locust-final.json"),
        "SOAK_HOSTS": ",".join(hosts),
        "SOAK_MANAGERS": str(MANAGERS),
        "SOAK_OFFICERS": str(OFFICERS),
        "SOAK_THINK": THINK,
        "SOAK_STAFF_THINK": STAFF_THINK,
    }
    command = [
        str(BIN / "locust"), "-f", str(SOAK_DIR / "locustfile.py"), "--headless", "--only-summary",
        "--users", str(USERS), "--spawn-rate", SPAWN_RATE, "--run-time", RUN_TIME,
        "--stop-timeout", str(STOP_TIMEOUT), "--host", hosts[0], "--csv", str(prefix), "--loglevel", "WARNING",
    ]
    say(
        f"locust: {USERS} users ({LEARNER_USERS} learners, {MANAGERS} managers, {OFFICERS} licensing officers), "
        f"{SPAWN_RATE} started a second, for {RUN_TIME}, then up to {STOP_TIMEOUT}s to finish what they are on"
    )
    return start("locust", " ".join(command), locust_env, workdir / "locust.log")


def main():  # noqa: PLR0915 - one straight line from start to finish
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` cleans up on a kill too
    if LEARNER_USERS < 1:
        raise SoakError(f"SOAK_USERS={USERS} leaves no learners after {MANAGERS} managers and {OFFICERS} officers")
    load_at_start = os.getloadavg()
    workdir = Path(tempfile.mkdtemp(prefix="eyesandears-soak-"))
    (workdir / "mail").mkdir()
    processes, servers, workers = [], [], []
    locust = None
    database_created = False
    try:
        claim_redis_db()
        say(f"creating PostgreSQL database {DB_NAME}")
        pg_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{DB_NAME}"')
        database_created = True
        manage = [str(BIN / "python"), "manage.py"]
        run([*manage, "migrate", "--noinput", "-v0"], env=dev_env(workdir))
        run([*manage, "seed_demo"], env=dev_env(workdir), quiet=True)
        prepare_env = {
            **dev_env(workdir),
            "SOAK_DATA_FILE": str(workdir / "soak-data.json"),
            "SOAK_LEARNER_ACCOUNTS": str(LEARNER_ACCOUNTS),
            "SOAK_MANAGER_ACCOUNTS": str(MANAGERS),
            "SOAK_OFFICER_ACCOUNTS": str(OFFICERS),
        }
        prepared = run([str(BIN / "python"), str(SOAK_DIR / "prepare.py")], env=prepare_env, quiet=True)
        say(next(line for line in prepared.stdout.splitlines() if line.startswith("SOAK_PREP")))
        env = production_env(workdir, secrets.token_urlsafe(50))
        run([*manage, "collectstatic", "--noinput", "-v0"], env=env)

        hosts = []
        for number in range(1, APP_SERVERS + 1):
            port = free_port()
            server_env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(WEB_WORKERS)}
            server = start(f"app server {number}", procfile_command("web"), server_env, workdir / f"web-{number}.log")
            processes.append(server)
            servers.append(server)
            hosts.append(f"http://127.0.0.1:{port}")
        for server, host in zip(servers, hosts, strict=True):
            wait_until_healthy(host, server)
        worker_env = {**env, "WORKER_CONCURRENCY": str(WORKER_CONCURRENCY)}
        for number in range(1, CELERY_WORKERS + 1):
            worker = start(
                f"Celery worker {number}", f"{procfile_command('worker')} -n soak{number}@%h", worker_env,
                workdir / f"worker-{number}.log",
            )
            processes.append(worker)
            workers.append(worker)
        for worker in workers:
            wait_until_ready(worker)

        groups = {process.name: process for process in processes}
        load_before = os.getloadavg()
        sampler, machine_before, started = CpuSampler(groups), psutil.cpu_times(), time.monotonic()
        sampler.start()
        locust = run_locust(env, workdir, hosts)
        locust_code = locust.wait()
        elapsed = time.monotonic() - started
        cpus_used, machine_after = sampler.finish(elapsed), psutil.cpu_times()
        load_after = os.getloadavg()
        say(f"locust finished with exit code {locust_code} after {elapsed:.0f}s")
        if not (workdir / "locust-final.json").exists():
            raise SoakError(f"locust wrote no figures:\n{tail(locust.log_path)}")
        figures = json.loads((workdir / "locust-final.json").read_text())
        for server in servers + workers:
            if server.poll() is not None:
                raise SoakError(f"{server.name} died during the run:\n{tail(server.log_path)}")

        say(f"waiting up to {DRAIN_TIMEOUT}s for the workers to drain, then reconciling")
        reconcile_env = {
            **env,
            "SOAK_JOURNAL": str(workdir / "journal.jsonl"),
            "SOAK_DRAIN_TIMEOUT": str(DRAIN_TIMEOUT),
        }
        result = run([str(BIN / "python"), str(SOAK_DIR / "reconcile.py")], env=reconcile_env, quiet=True)
        reconciliation = json.loads(
            next(line for line in result.stdout.splitlines() if line.startswith("SOAK_RECONCILE ")).split(" ", 1)[1]
        )
        problems_logged = server_problems(processes)
        busy_seconds = sum(
            getattr(machine_after, field) - getattr(machine_before, field)
            for field in ("user", "system", "nice", "irq", "softirq", "steal")
        )
    finally:
        if locust is not None and locust.poll() is None:
            stop(locust)
        for process in reversed(processes):
            stop(process)
        if database_created:
            say(f"dropping PostgreSQL database {DB_NAME}")
            pg_admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        release_redis_db()
        keep = os.environ.get("SOAK_KEEP_LOGS")
        if keep:
            shutil.copytree(workdir, keep, dirs_exist_ok=True, ignore=shutil.ignore_patterns("static", "private"))
        shutil.rmtree(workdir, ignore_errors=True)

    steps, total = figures["steps"], figures["total"]
    errors = {
        "load_generator_failures": sum(row["occurrences"] for row in figures["failures"]),
        "load_generator_exceptions": sum(row["count"] for row in figures["exceptions"]),
        "server_5xx": problems_logged["server_5xx"],
        "logged_errors": problems_logged["logged_errors"],
    }
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in load_at_start],
            "load_average_before_load": [round(x, 2) for x in load_before],
            "load_average_after_load": [round(x, 2) for x in load_after],
            "cpu_busy_share": round(busy_seconds / elapsed / (os.cpu_count() or 1), 2),
            "cpus_used_by": {**cpus_used, "locust": round(figures["cpu_seconds"] / elapsed, 2)},  # its own count
        },
        "shape": {
            "app_servers": APP_SERVERS,
            "gunicorn_workers_each": WEB_WORKERS,
            "web_command": procfile_command("web"),
            "celery_workers": CELERY_WORKERS,
            "worker_concurrency_each": WORKER_CONCURRENCY,
            "worker_command": procfile_command("worker"),
            "settings": "eyesandears.settings.production, TRUSTED_PROXY_COUNT=1",
            "database": "PostgreSQL",
            "cache_and_broker": "Redis",
        },
        "load": {
            "users": USERS,
            "learners": LEARNER_USERS,
            "managers": MANAGERS,
            "officers": OFFICERS,
            "spawn_rate": SPAWN_RATE,
            "run_time": RUN_TIME,
            "stop_timeout_s": STOP_TIMEOUT,
            "think_s": THINK,
            "staff_think_s": STAFF_THINK,
            "learner_accounts": LEARNER_ACCOUNTS,
            "elapsed_s": round(elapsed, 1),
            "locust_exit_code": locust_code,
        },
        "throughput": {
            "requests": total["requests"],
            "rps": total["rps"],
            "p95_ms": total["p95_ms"],
            "certificates_per_minute": round(reconciliation["certificates"] / (elapsed / 60), 1),
        },
        "steps": {name: steps[name] for name in [*STEPS, *sorted(set(steps) - set(STEPS))] if name in steps},
        "errors": {**errors, "total": sum(errors.values())},
        "error_examples": [
            *(f"{r['method']} {r['name']}: {r['error']} (x{r['occurrences']})" for r in figures["failures"][:10]),
            *(f"{row['traceback'][-300:]} (x{row['count']})" for row in figures["exceptions"][:5]),
            *problems_logged["examples"],
        ],
        "reconciliation": reconciliation,
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print_report(report)
    say(f"wrote {RESULTS.relative_to(ROOT)}")
    if report["errors"]["total"] or reconciliation["problems"] or locust_code:
        say("FAILED: errors or losses (see above)")
        return 1
    return 0


def print_report(report):
    load, throughput, errors, rec = report["load"], report["throughput"], report["errors"], report["reconciliation"]
    print()
    print(
        f"{load['users']} users ({load['learners']} learners, {load['managers']} managers, {load['officers']} "
        f"licensing officers) for {load['run_time']} ({load['elapsed_s']:.0f}s with the finish), "
        f"{report['shape']['app_servers']} app servers x {report['shape']['gunicorn_workers_each']} gunicorn workers, "
        f"{report['shape']['celery_workers']} Celery workers"
    )
    print(
        f"throughput: {throughput['rps']:.1f} requests/s ({throughput['requests']} requests), "
        f"{throughput['certificates_per_minute']:.1f} certificates a minute; p95 over all {throughput['p95_ms']:.0f} ms"
    )
    headers = ["step", "requests", "req/s", "median ms", "p95 ms", "p99 ms", "max ms", "failures"]
    rows = [
        [
            name, str(s["requests"]), f"{s['rps']:.2f}", f"{s['median_ms']:.0f}",
            f"{s['p95_ms']:.0f}" if s["p95_ms"] is not None else "-",
            f"{s['p99_ms']:.0f}" if s["p99_ms"] is not None else "-", f"{s['max_ms']:.0f}", str(s["failures"]),
        ]
        for name, s in report["steps"].items()
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, ["-" * w for w in widths], *rows]:
        cells = zip(row, widths, strict=True)
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(cells)))
    print(
        f"errors: {errors['total']} (load generator: {errors['load_generator_failures']} failed requests or checks, "
        f"{errors['load_generator_exceptions']} exceptions; servers: {errors['server_5xx']} answers of 500 or more; "
        f"{errors['logged_errors']} warnings or errors logged by servers and workers)"
    )
    for example in report["error_examples"]:
        print(f"    {example}")
    print(
        f"reconciliation (after {rec['drain']['seconds']}s for the workers to drain): "
        f"{rec['passing_attempts']} passing attempts, {rec['certificates']} certificates, {rec['pdf_files']} PDFs "
        f"stored, {rec['certificate_emails']} certificate e-mails; load generator saw {rec['journal_passes']} passes "
        f"and downloaded {rec['journal_pdfs']} PDFs; {rec['journeys_completed']} journeys completed "
        f"(median {rec.get('journey_seconds_median', 0)}s); {rec['attempts_open']} attempts left open, "
        f"{rec['attempts_failed']} failed"
    )
    print("  nothing lost" if not rec["problems"] else "  LOST OR WRONG:")
    for problem in rec["problems"]:
        print(f"    {problem}")
    machine = report["machine"]
    print(
        f"machine: {machine['cpu_count']} CPUs {machine['cpu_busy_share']:.0%} busy during the load; CPUs used by "
        + ", ".join(f"{name} {share:.2f}" for name, share in machine["cpus_used_by"].items())
    )
    print(flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SoakError as error:
        print(f"[soak] FAILED: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
