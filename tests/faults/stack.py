"""The fault tests' own services: a PostgreSQL cluster, a Redis server, gunicorn and Celery workers.

Each runs from a temporary folder on a port nobody else uses, so stopping one never touches the
machine's own PostgreSQL, Redis or RabbitMQ, nor the database the rest of the suite runs on. Every
process is started in a session of its own and stopped by its id, and so is anything left in its
process group (gunicorn's and Celery's children).
"""

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests

REPO = Path(__file__).resolve().parents[2]


def _postgres_programs():
    """FAULTS_PG_BIN, or the newest of Debian's /usr/lib/postgresql/<version>/bin."""
    if chosen := os.environ.get("FAULTS_PG_BIN"):
        return Path(chosen)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda path: int(path.parent.name)
                      if path.parent.name.isdigit() else 0)
    return versions[-1] if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _postgres_programs()
PG_TOOLS = ("initdb", "pg_ctl", "postgres")
MAIL_SEPARATOR = "-" * 79
#: The only environment the processes inherit from the test run; everything else is given.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "VIRTUAL_ENV", "SYSTEMROOT", "TMPDIR")


def missing_tools():
    """Why the fault tests cannot run here, or None when they can."""
    missing = [str(PG_BIN / tool) for tool in PG_TOOLS if not (PG_BIN / tool).is_file()]
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if missing:
        return f"needs {', '.join(missing)} to start its own services (apt-get install postgresql redis-server)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "runs as root, and there is no postgres user to run initdb as"
        if not shutil.which("runuser"):
            return "runs as root, and there is no runuser to run initdb as the postgres user"
    return None


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, seconds, interval=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def base_env(**values):
    env = {name: os.environ[name] for name in INHERITED if name in os.environ}
    env.update({"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update({name: str(value) for name, value in values.items()})
    return env


#: Every process started here and not yet stopped: the session stops any a test left behind.
STARTED = []


def stop_every_process():
    for process in list(STARTED):
        process.stop(timeout=10)


class Process:
    """A child process with its output in a log file, in a process group of its own; stopped by its id,
    and any process left in its group (gunicorn's or a Celery pool's children) by theirs."""

    def __init__(self, name, args, *, env, log_path, cwd=REPO, quit_signal=signal.SIGTERM):
        self.name = name
        self.quit_signal = quit_signal
        self.log_path = Path(log_path)
        self._log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        STARTED.append(self)

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace")

    def tail(self, lines=60):
        return "\n".join(self.log().splitlines()[-lines:])

    def kill(self):
        """SIGKILL: the process gets no chance to tidy up (its children are left to themselves)."""
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def ask_to_stop(self):
        if self.alive():
            self.popen.send_signal(self.quit_signal)

    def wait_until_stopped(self, timeout=20):
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        for pid in [pid for pid, _, group in _processes() if group == self.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self._log.close()
        with contextlib.suppress(ValueError):
            STARTED.remove(self)

    def stop(self, timeout=20):
        self.ask_to_stop()
        self.wait_until_stopped(timeout)


def _processes():
    """(id, parent's id, process group) of every process on the machine."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # The command name may hold spaces and brackets: the fields after it are what counts.
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                yield int(entry.name), int(fields[1]), int(fields[2])


def children(pid):
    """The ids of the processes whose parent is `pid` (gunicorn's workers, say)."""
    return sorted(child for child, parent, _ in _processes() if parent == pid)


class Cluster:
    """A PostgreSQL cluster of our own, in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self, root):
        self.root = Path(root)
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.port = free_port()
        self.as_owner = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
            self.as_owner = ["runuser", "-u", "postgres", "--"]
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def _run(self, tool, *args, timeout=60):
        subprocess.run(
            [*self.as_owner, str(PG_BIN / tool), *args], check=True, timeout=timeout, cwd=self.root,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )

    def init(self):
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale", "C.UTF-8", "--no-sync")

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def stop_for_good(self):
        """At the end of the session: stop the cluster, by killing its postmaster if it must come to that."""
        try:
            self.stop("immediate")
        except (subprocess.SubprocessError, OSError):
            pid_file = self.data / "postmaster.pid"
            with contextlib.suppress(OSError, ValueError, IndexError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def running(self):
        return (self.data / "postmaster.pid").exists()

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres"):
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database,
                               autocommit=True, connect_timeout=5)

    def execute(self, sql, database="postgres"):
        with self.connect(database) as conn:
            conn.execute(sql)

    def query(self, sql, params=(), database="postgres"):
        with self.connect(database) as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column.name for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


class Redis:
    """A Redis server of our own, without persistence, that can be stopped and started again."""

    def __init__(self, root):
        self.root = Path(root)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = Process(
            "redis",
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.root), "--protected-mode", "no"],
            env=base_env(), log_path=self.root / "redis.log", cwd=self.root,
        )
        wait_for(self.answers, "our Redis to answer", 20)

    def answers(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process:
            self.process.stop()
            self.process = None

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_connect_timeout=2)


def django_command(args, *, env, timeout=180):
    """Run a Django script or command against our services; its standard output."""
    done = subprocess.run([sys.executable, *args], env=env, cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def seed_template(cluster, database, env, learners):
    cluster.execute(f'CREATE DATABASE "{database}"')
    env = {**env, "DATABASE_URL": cluster.url(database)}
    return json.loads(django_command(["-m", "tests.faults.seed", str(learners)], env=env).splitlines()[-1])


def read_mail(mail_dir):
    """Every message the file backend wrote into `mail_dir`, whole ones only."""
    messages = []
    for path in sorted(Path(mail_dir).iterdir()):
        parts = path.read_text(errors="replace").split(MAIL_SEPARATOR)
        messages.extend(part.strip() for part in parts[:-1] if part.strip())
    return messages


class Learner:
    """Someone using the site over HTTP, the way a browser does (cookies, CSRF token, redirects)."""

    def __init__(self, base_url, email, password):
        self.base_url = base_url
        self.email = email
        self.password = password
        self.http = requests.Session()

    def get(self, path, **kwargs):
        kwargs.setdefault("allow_redirects", False)
        return self.http.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path, data, **kwargs):
        token = self.http.cookies.get("csrftoken")
        return self.http.post(self.base_url + path, data={"csrfmiddlewaretoken": token, **data},
                              allow_redirects=False, timeout=30, **kwargs)

    def sign_in(self):
        assert self.get("/accounts/login/").status_code == 200
        response = self.post("/accounts/login/", {"login": self.email, "password": self.password})
        assert response.status_code == 302, response.text[:500]
        assert "sessionid" in self.http.cookies

    def pass_quiz(self, quiz_id, answers):
        """Start the quiz, give `answers` (question id: option ids, in the quiz's order) and submit;
        the result page."""
        response = self.post(f"/quizzes/{quiz_id}/", {})
        assert response.status_code == 302, f"{response.status_code}: {response.text[:800]}"
        attempt_path = response.headers["Location"].split("/questions/")[0]
        for number, (question_id, option_ids) in enumerate(answers.items(), start=1):
            response = self.post(f"{attempt_path}/questions/{number}/", {"question": question_id, "answer": option_ids})
            assert response.status_code == 302, f"{response.status_code}: {response.text[:800]}"
        response = self.post(f"{attempt_path}/submit/", {})
        assert response.status_code == 302, f"{response.status_code}: {response.text[:800]}"
        result = response.headers["Location"]
        page = self.get(result)
        assert page.status_code == 200, f"{page.status_code}: {page.text[:800]}"
        return page


class Stack:
    """One test's share of the services: a fresh copy of the seeded database, an empty Redis, and the
    web server and workers the test starts, each with its log under the test's own folder."""

    def __init__(self, services, database):
        self.cluster = services["cluster"]
        self.redis = services["redis"]
        self.seed = services["seed"]
        self.database = database
        self.folder = services["root"] / "tests" / database
        self.folder.mkdir(parents=True)
        self.private_root = self.folder / "private"
        self.mail_dir = self.folder / "mail"
        self.private_root.mkdir()
        self.mail_dir.mkdir()
        self.processes = []
        self.cluster.execute(f'CREATE DATABASE "{database}" TEMPLATE "{services["template"]}"')
        self.redis.client().flushall()

    def env(self, **extra):
        return base_env(
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            DATABASE_URL=self.cluster.url(self.database),
            REDIS_URL=self.redis.url,
            CELERY_BROKER_URL=self.redis.url,
            PRIVATE_ROOT=self.private_root,
            EMAIL_DELIVERY_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=self.mail_dir,
            LOG_LEVEL="INFO",
            **extra,
        )

    def _start(self, name, args, env):
        # SIGQUIT: gunicorn's quick shutdown and Celery's cold one; nothing is left to finish by then.
        process = Process(name, args, env=env, log_path=self.folder / f"{name}.log", quit_signal=signal.SIGQUIT)
        self.processes.append(process)
        return process

    def start_web(self, workers=1, wait=True):
        """gunicorn serving the site on a port of its own; `wait=False` returns at once (see `wait`)."""
        web = self._start("web", [
            sys.executable, "-m", "gunicorn", "eyesandears.wsgi", "--bind", "127.0.0.1:0",
            "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5", "--access-logfile", "-",
            "--no-control-socket",
        ], self.env())
        web.url = None

        def ready():
            assert web.alive(), f"gunicorn stopped:\n{web.tail()}"
            if web.url is None:  # the port the system gave it
                found = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", web.log())
                web.url = found and found.group(1)
                return False
            with contextlib.suppress(requests.RequestException):
                return requests.get(web.url + "/healthz", timeout=5).status_code == 200
            return False

        web.ready = ready
        return self.wait(web)[0] if wait else web

    def start_worker(self, name="worker", pool="solo", wait=True, **extra_env):
        """A Celery worker on our Redis; `wait=False` returns at once (see `wait`)."""
        worker = self._start(name, [
            sys.executable, "-m", "tests.faults.worker", "worker", "--pool", pool, "--concurrency", "1",
            "--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--hostname", f"{name}@faults",
        ], self.env(**extra_env))

        def ready():
            assert worker.alive(), f"the worker {name} stopped:\n{worker.tail()}"
            return " ready." in worker.log()

        worker.ready = ready
        return self.wait(worker)[0] if wait else worker

    def wait(self, *processes, seconds=90):
        """Wait until each process started with `wait=False` is ready; they start side by side."""
        for process in processes:
            wait_for(process.ready, f"{process.name} to be ready", seconds, interval=0.2)
        return processes

    def tasks(self, worker, name, what="received"):
        """The ids of the tasks called `name` that `worker`'s log says were received (or succeeded...)."""
        return re.findall(rf"Task {re.escape(name)}\[([0-9a-f-]+)\] {what}", worker.log())

    def task_results(self, worker, name):
        """What each run of the task called `name` returned, in order, from `worker`'s log."""
        return re.findall(rf"Task {re.escape(name)}\[[0-9a-f-]+\] succeeded in [0-9.]+s: (.*)", worker.log())

    def learner(self, web, number):
        return Learner(web.url, self.seed["learners"][number - 1], self.seed["password"])

    def send_task(self, name, **kwargs):
        """Put a task on the broker the way Celery beat does."""
        from celery import Celery

        app = Celery("faults-beat", set_as_current=False)
        # An explicit connection: Celery would otherwise prefer CELERY_BROKER_URL from the environment,
        # which in `make test-services` is the machine's own Redis.
        try:
            with app.connection_for_write(self.redis.url) as connection:
                app.send_task(name, kwargs=kwargs, connection=connection)
        finally:
            app.close()

    def certificates(self):
        return self.cluster.query(
            "SELECT c.id, c.code, c.public_id, c.pdf, u.email FROM certificates_certificate c "
            "JOIN accounts_user u ON u.id = c.learner_id ORDER BY c.id",
            database=self.database,
        )

    def stored_pdfs(self):
        """Every file in the certificates folder of the private storage."""
        folder = self.private_root / "certificates"
        return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []

    def mail(self):
        return read_mail(self.mail_dir)

    def close(self):
        """Stop what the test started, start again what it stopped, and remove its database and folder."""
        for process in self.processes:
            process.ask_to_stop()
        steps = [process.wait_until_stopped for process in self.processes]
        steps += [self._restart_stopped_services, lambda: print(self.logs()), self._remove]
        failures = []
        for step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - every step runs; the first failure is raised after
                failures.append(error)
        if failures:
            raise failures[0]

    def _restart_stopped_services(self):
        if not self.cluster.running():
            self.cluster.start()
        if not self.redis.answers():
            self.redis.stop()
            self.redis.start()

    def _remove(self):
        self.cluster.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.folder)

    def logs(self):
        return "\n\n".join(f"== {process.name} ({process.log_path})\n{process.tail()}" for process in self.processes)

