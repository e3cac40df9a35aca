"""PostgreSQL restarts while people use the site, which runs as a real server (gunicorn)."""

import threading

import pytest
import requests

from quizzes.factories import RIGHT_ANSWERS
from tests.faults.stack import Learner, children, wait_for

pytestmark = pytest.mark.faults

FRIENDLY = "Sorry, there is a problem with the service"
LEAKS = ("Traceback", 'File "/', "OperationalError", "psycopg", "connection refused", "settings.py")


class Traffic(threading.Thread):
    """A signed-in learner going round the site's pages without a pause, with a load balancer's
    probe of /healthz (no cookies) between each page; and what each answer was."""

    def __init__(self, learner, paths):
        super().__init__(daemon=True)
        self.learner = learner
        self.probe = Learner(learner.base_url, "", "")
        self.paths = paths
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            for path in self.paths:
                for client, asked in ((self.learner, path), (self.probe, "/healthz")):
                    try:
                        response = client.get(asked)
                        self.answers.append((asked, response.status_code, response.text))
                    except requests.RequestException as error:
                        self.answers.append((asked, None, repr(error)))

    def stop(self):
        self.stopping.set()
        self.join(timeout=60)


def leaks(text):
    return [word for word in LEAKS if word in text]


def test_requests_while_postgresql_restarts_fail_cleanly_and_the_site_recovers_without_a_restart(stack):
    web = stack.start_web(workers=2)
    learner, other = stack.learner(web, 1), stack.learner(web, 2)
    for person in (learner, other):
        person.sign_in()
        person.pass_quiz(stack.seed["quiz"], RIGHT_ANSWERS)
    mine = next(row for row in stack.certificates() if row["email"] == learner.email)
    pages = ["/", stack.seed["course_url"], "/certificates/", f"/certificates/{mine['public_id']}/",
             f"/check/?code={mine['code']}"]

    def every_page_answers():
        return all(learner.get(path).status_code == 200 for path in pages)

    for _ in range(4):  # both gunicorn workers now hold a connection to the database
        assert every_page_answers()
    workers = children(web.pid)
    assert len(workers) == 2
    traffic = Traffic(other, ["/", stack.seed["course_url"], "/certificates/"])
    traffic.start()
    try:
        wait_for(lambda: len(traffic.answers) >= 8, "traffic before the restart", 30)
        stack.cluster.stop("immediate")
        answered_before_the_outage = len(traffic.answers)

        # While the database is away: a friendly error page, and /healthz says so.
        for path in pages:
            response = learner.get(path)
            assert response.status_code in (500, 503), (path, response.status_code)
            assert FRIENDLY in response.text and not leaks(response.text), (path, response.text[:1000])
        health = requests.get(web.url + "/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["database"] == "unavailable"
        signed_in_health = learner.get("/healthz")  # a session cookie must not turn the 503 into a 500
        assert signed_in_health.status_code == 503 and signed_in_health.json()["database"] == "unavailable"
        wait_for(lambda: len(traffic.answers) >= answered_before_the_outage + 8, "traffic during the outage", 30)

        stack.cluster.start()
        wait_for(every_page_answers, "the site to answer again", 30, interval=0.25)
        wait_for(lambda: requests.get(web.url + "/healthz", timeout=30).status_code == 200, "/healthz", 30)
    finally:
        traffic.stop()

    # Every answer under traffic was a page or a clean error; none leaked the failure's details.
    pages_seen = {status for path, status, _ in traffic.answers if path != "/healthz"}
    assert {200, 500} <= pages_seen <= {200, 500, 503}, sorted(pages_seen, key=str)
    assert {status for path, status, _ in traffic.answers if path == "/healthz"} == {200, 503}
    for path, status, text in traffic.answers:
        assert not leaks(text), (path, status, text[:1000])
        if status == 500:
            assert FRIENDLY in text
    # No restart: the same gunicorn workers, with their sessions and data intact.
    assert web.alive() and children(web.pid) == workers
    listing = learner.get("/certificates/")
    assert listing.status_code == 200 and stack.seed["course"] in listing.text
    assert "This certificate is valid" in learner.get(pages[-1]).text
