"""The soak test's simulated people, run by bench/soak/run.py as `locust --headless -f bench/soak/locustfile.py`.

- Learners (the rest of the users): each journey is a new person with an account of their own from
  bench/soak/prepare.py (signed in once, so neither allauth's per-account limits nor the quiz's attempt limit
  come into it). They sign in, open "Your training" and their course, start it, read every lesson and mark
  it complete, start the quiz, answer each question (with the right options: the load generator reads the
  answer key from the database at start, as no page shows it), check their answers, submit, see the result,
  open the certificate and download its PDF, and sign out. Each pass and each PDF is written to the journal
  (SOAK_JOURNAL), which run.py reconciles with the database.
- Managers (SOAK_MANAGERS users, one account each): sign in with password and authenticator code, then look
  at their organisation's dashboard, the people list filtered by state, and the CSV export.
- Licensing officers (SOAK_OFFICERS users, one account each): sign in likewise, then check a driver by
  licence number (a redirect to the check's record, which they read), look at the expiring list, and check
  drivers through the API with their own API key.

Every request is made as a browser would, without following redirects (the next page is its own request),
and checked: its status, where a redirect goes, and what the page must say. Users alternate between the app
servers in SOAK_HOSTS. Each simulated person sends its own client address in X-Forwarded-For, as the proxy
in front of the servers would (the servers run with TRUSTED_PROXY_COUNT=1), so allauth's per-address limits
see one person each, not the load generator.
"""

import itertools
import json
import os
import random
import re
import resource
import time
from urllib.parse import urlsplit

import django
from locust import HttpUser, between, events, task
from locust.exception import RescheduleTask, StopUser

django.setup()  # production settings and the soak database, as the servers have them (run.py's environment)

from allauth.mfa import app_settings as mfa_settings  # noqa: E402
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value  # noqa: E402
from django.db import connections  # noqa: E402

from quizzes.models import Quiz  # noqa: E402


def env_range(name, default):
    low, _, high = os.environ.get(name, default).partition(",")
    return float(low), float(high or low)


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def answer_key():
    """{question id: [its right option ids]} for every live quiz. Option and question ids are the blocks'
    own, kept in each attempt's snapshot whatever order it shows them in."""
    key = {}
    for quiz in Quiz.objects.filter(live=True):
        for child in quiz.questions:
            if child.block_type == "question":
                options = child.value["options"].bound_blocks
                key[child.id] = [option.id for option in options if option.value["correct"]]
    connections.close_all()
    if not key:
        raise SystemExit("no live quiz in the database")
    return key


with open(os.environ["SOAK_DATA_FILE"]) as data_file:
    DATA = json.load(data_file)
ANSWERS = answer_key()
HOSTS = os.environ["SOAK_HOSTS"].split(",")
THINK = env_range("SOAK_THINK", "1,3")  # seconds between a learner's page views
STAFF_THINK = env_range("SOAK_STAFF_THINK", "2,5")  # between a manager's or officer's page views
LEARNERS = iter(DATA["learners"])
MANAGERS = iter(DATA["managers"])
OFFICERS = iter(DATA["officers"])
PEOPLE = itertools.count(1)
USERS = itertools.count()
JOURNAL = open(os.environ["SOAK_JOURNAL"], "a")  # noqa: SIM115 - one per load generator, closed at exit

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"
PDF = "application/pdf"


class StepFailed(Exception):
    pass


def journal(event, **fields):
    JOURNAL.write(json.dumps({"event": event, "at": time.time(), **fields}) + "\n")
    JOURNAL.flush()


def next_address():
    """A client address of its own for each simulated person: 10.x.y.z."""
    number = next(PEOPLE)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def totp_code(secret):
    """The authenticator app's code now, made with allauth's own HOTP functions (RFC 6238)."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 2:  # allauth takes the current period's code only: wait for the next one rather than race it
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def path_of(location):
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def entry_figures(entry):
    return {
        "method": entry.method,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.total_rps, 2),
        "median_ms": entry.median_response_time,
        "mean_ms": round(entry.avg_response_time, 1),
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
        "p99_ms": entry.get_response_time_percentile(0.99) if entry.num_requests else None,
        "max_ms": round(entry.max_response_time or 0, 1),
    }


@events.quitting.add_listener
def _final_figures(environment, **kwargs):
    """The figures once every user has stopped (locust's CSV files are written a second behind), the
    failures and exceptions, and the CPU the load generator used, for run.py."""
    JOURNAL.close()
    stats, usage = environment.runner.stats, resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "steps": {
            name if method != "CHECK" else f"{name} (check)": entry_figures(entry)
            for (name, method), entry in stats.entries.items()
        },
        "total": entry_figures(stats.total),
        "seconds": round(stats.total.last_request_timestamp - stats.total.start_time, 1)
        if stats.total.last_request_timestamp
        else 0,
        "failures": [
            {"method": error.method, "name": error.name, "error": str(error.error), "occurrences": error.occurrences}
            for error in stats.errors.values()
        ],
        "exceptions": [
            {"count": row["count"], "message": row["msg"], "traceback": row["traceback"]}
            for row in environment.runner.exceptions.values()
        ],
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
    }
    with open(os.environ["SOAK_STATS"], "w") as file:
        json.dump(figures, file)


class Person(HttpUser):
    abstract = True
    host = HOSTS[0]

    def on_start(self):
        self.client.base_url = HOSTS[next(USERS) % len(HOSTS)]  # the users take turns between the servers

    def new_person(self):
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = next_address()

    def think(self, span):
        time.sleep(random.uniform(*span))

    def call(self, method, path, name, *, expect=200, contains=None, redirect_to=None, content_type=None, **kwargs):
        """One request, checked; a failed check is reported to locust and ends what the user was doing."""
        problem = None
        with self.client.request(
            method, path, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != expect:
                where = f" to {location}" if location else ""
                problem = f"{method} {path} answered {response.status_code}{where}, not {expect}"
            elif redirect_to and not re.match(redirect_to, path_of(location)):
                problem = f"{method} {path} redirected to {location}, not {redirect_to}"
            elif content_type and not response.headers.get("Content-Type", "").startswith(content_type):
                problem = f"{method} {path} answered {response.headers.get('Content-Type')}, not {content_type}"
            elif contains and contains not in response.text:
                problem = f"{method} {path} answered without {contains!r}"
            if problem:
                response.failure(problem)
            else:
                response.success()
        if problem:
            raise StepFailed(problem)
        return response

    def get(self, path, name, **checks):
        return self.call("GET", path, name, **checks)

    def post(self, path, name, page, data=None, **checks):
        """A form post with the CSRF token of the page the form is on."""
        token = CSRF.search(page.text)
        if not token:
            raise self.fail(name, f"no CSRF token on the page before {path}")
        checks.setdefault("expect", 302)
        return self.call("POST", path, name, data={"csrfmiddlewaretoken": token.group(1), **(data or {})}, **checks)

    def fail(self, name, message):
        """A failed step that is not a request's answer (a page without the link it should have)."""
        events.request.fire(
            request_type="CHECK", name=name, response_time=0, response_length=0, exception=StepFailed(message),
            context={},
        )
        return StepFailed(message)

    def find(self, pattern, page, name, what):
        found = re.search(pattern, page.text)
        if not found:
            raise self.fail(name, f"no {what} on {page.request.path_url}")
        return found.group(1)

    def sign_in(self, email, password, totp_secret=None):
        page = self.get("/accounts/login/", "sign in page")
        response = self.post("/accounts/login/", "sign in", page, {"login": email, "password": password})
        location = path_of(response.headers["Location"])
        if totp_secret is None:
            if location.startswith(("/accounts/login", MFA_AUTHENTICATE)):
                raise self.fail("sign in", f"{email} was sent to {location} after signing in")
            return location
        if location != MFA_AUTHENTICATE:
            raise self.fail("sign in", f"{email} was not asked for an authenticator code (sent to {location})")
        page = self.get(MFA_AUTHENTICATE, "sign in: code page")
        response = self.post(MFA_AUTHENTICATE, "sign in: authenticator code", page, {"code": totp_code(totp_secret)})
        location = path_of(response.headers["Location"])
        if location.startswith(("/accounts/", MFA_AUTHENTICATE)):
            raise self.fail("sign in: authenticator code", f"{email} was sent to {location} after the code")
        return location


class Learner(Person):
    weight = 1  # whoever is not a manager or an officer
    wait_time = between(0, 0)  # the pauses are inside the journey (think())

    @task
    def journey(self):
        try:
            email = next(LEARNERS)
        except StopIteration:
            self.fail("learner accounts", "no learner account left: raise SOAK_LEARNER_ACCOUNTS")
            raise StopUser() from None
        started = time.time()
        self.new_person()
        try:
            self.take_the_course(email, started)
        except StepFailed:
            raise RescheduleTask() from None  # reported already; the next journey is a new person

    def take_the_course(self, email, started):
        landing = self.sign_in(email, DATA["password"])
        self.get(landing, "home")
        self.think(THINK)
        page = self.get("/your-training/", "your training")
        course = self.find(r'<a href="(/courses/[^"]+/)" aria-describedby="task-', page, "your training", "course")
        self.think(THINK)
        page = self.get(course, "course")
        start = self.find(r'action="(/your-training/courses/\d+/start/)"', page, "course", "start button")
        location = self.post(start, "start course", page, redirect_to=r"/courses/").headers["Location"]
        lessons = 0
        while not path_of(location).startswith("/quizzes/"):
            lessons += 1
            if lessons > 50:
                raise self.fail("lesson complete", f"still no quiz after {lessons} lessons of {course}")
            self.think(THINK)  # reading
            page = self.get(path_of(location), "lesson")
            complete = self.find(
                r'action="(/your-training/lessons/\d+/complete/)"', page, "lesson", "'Mark as complete' button"
            )
            location = self.post(complete, "lesson complete", page, redirect_to=r"/(courses|quizzes)/").headers[
                "Location"
            ]
        quiz = path_of(location)
        self.think(THINK)
        page = self.get(quiz, "quiz start", contains="Start the quiz")
        location = self.post(quiz, "quiz start (POST)", page, redirect_to=r"/quizzes/attempts/.+/questions/1/")
        location = path_of(location.headers["Location"])
        questions = 0
        while "/questions/" in location:
            questions += 1
            if questions > 100:
                raise self.fail("quiz answer", f"still answering after {questions} questions at {location}")
            self.think(THINK)
            page = self.get(location, "quiz question")
            question = self.find(r'name="question" value="([^"]+)"', page, "quiz question", "question id")
            if question not in ANSWERS:
                raise self.fail("quiz question", f"question {question} is in no live quiz")
            response = self.post(
                location, "quiz answer", page, {"question": question, "answer": ANSWERS[question]},
                redirect_to=r"/quizzes/attempts/.+/(questions/\d+|check)/",
            )
            location = path_of(response.headers["Location"])
        attempt = location.split("/")[3]
        self.think(THINK)
        page = self.get(location, "check answers")
        submit = self.find(r'action="(/quizzes/attempts/[^"]+/submit/)"', page, "check answers", "submit form")
        location = self.post(submit, "submit", page, redirect_to=r"/quizzes/attempts/.+/result/").headers["Location"]
        page = self.get(path_of(location), "result", contains="You passed")
        certificate = self.find(r'href="(/certificates/[0-9a-f-]{36}/)"', page, "result", "certificate link")
        journal("passed", learner=email, attempt=attempt, certificate=certificate.split("/")[2], questions=questions)
        self.think(THINK)
        page = self.get(certificate, "certificate")
        pdf = self.get(certificate + "pdf/", "certificate PDF", content_type=PDF)
        if not pdf.content.startswith(b"%PDF-"):
            raise self.fail("certificate PDF", f"{certificate}pdf/ is not a PDF")
        journal("pdf", learner=email, certificate=certificate.split("/")[2], bytes=len(pdf.content))
        self.post("/accounts/logout/", "sign out", page, redirect_to=r"/$")
        journal("journey", learner=email, lessons=lessons, questions=questions, seconds=time.time() - started)


class Staff(Person):
    abstract = True
    accounts = None
    wait_time = between(*STAFF_THINK)

    def on_start(self):
        super().on_start()
        try:
            self.account = next(self.accounts)
        except StopIteration:
            self.fail(f"{self.kind} accounts", f"no {self.kind} account left: raise SOAK_{self.kind.upper()}_ACCOUNTS")
            raise StopUser() from None
        self.new_person()
        try:
            self.sign_in(self.account["email"], DATA["password"], self.account["totp_secret"])
        except StepFailed:
            raise StopUser() from None  # reported already

    def visit(self, path, name, **checks):
        try:
            return self.get(path, name, **checks)
        except StepFailed:
            raise RescheduleTask() from None


class Manager(Staff):
    kind = "manager"
    accounts = MANAGERS
    fixed_count = env_int("SOAK_MANAGERS", 1)

    @property
    def organisation(self):
        return f"/organisations/{self.account['organisation']}/"

    @task(3)
    def dashboard(self):
        self.visit(self.organisation, "manager dashboard", contains=" people")

    @task(2)
    def people_list(self):
        state = random.choice(["compliant", "in_progress", "not_started"])
        self.visit(f"{self.organisation}?state={state}", "manager people list")

    @task(1)
    def export(self):
        self.visit(f"{self.organisation}export.csv", "manager export CSV", content_type="text/csv")


class Officer(Staff):
    kind = "officer"
    accounts = OFFICERS
    fixed_count = env_int("SOAK_OFFICERS", 1)

    @property
    def authority(self):
        return f"/licensing/{self.account['authority']}/"

    @task(3)
    def check(self):
        number = random.choice(DATA["licence_numbers"])
        try:
            response = self.get(
                f"{self.authority}?q={number}", "officer check", expect=302,
                redirect_to=rf"{self.authority}checks/[0-9a-f-]{{36}}/$",
            )
            self.get(path_of(response.headers["Location"]), "officer check record", contains=number)
        except StepFailed:
            raise RescheduleTask() from None

    @task(1)
    def expiring(self):
        self.visit(f"{self.authority}expiring/", "officer expiring list")

    @task(3)
    def api_check(self):
        number = random.choice(DATA["licence_numbers"])
        response = self.visit(
            f"/api/v1/drivers/{number}", "API check", content_type="application/json",
            headers={"Authorization": f"Bearer {self.account['api_key']}"},
        )
        if response.json().get("outcome") not in {"compliant", "not_compliant"}:
            self.fail("API check", f"{number}: outcome {response.json().get('outcome')!r}")
