"""Redis (the broker, and the web server's cache) stops while learners pass their quizzes."""

import io

import pytest
from pypdf import PdfReader

from quizzes.factories import RIGHT_ANSWERS
from tests.faults.stack import wait_for

pytestmark = pytest.mark.faults

RENDER = "certificates.render_pdf"
SWEEP = "certificates.sweep_unrendered"


def issued_mail_to(stack, email):
    return [message for message in stack.mail() if f"To: {email}" in message and "Your certificate" in message]


def test_passes_made_while_redis_is_away_keep_their_certificates_and_get_their_pdfs_once_it_is_back(stack):
    web, worker = stack.wait(stack.start_web(wait=False), stack.start_worker(wait=False))
    learners = [stack.learner(web, number) for number in (1, 2, 3)]
    for learner in learners:
        learner.sign_in()

    stack.redis.stop()
    for learner in learners:
        assert "You passed" in learner.pass_quiz(stack.seed["quiz"], RIGHT_ANSWERS).text

    # Every pass and its certificate is kept, and shown, while Redis is still away.
    certificates = {row["email"]: row for row in stack.certificates()}
    assert sorted(certificates) == sorted(learner.email for learner in learners)
    assert not any(row["pdf"] for row in certificates.values())
    for number, learner in enumerate(learners, start=1):
        row = certificates[learner.email]
        listing = learner.get("/certificates/")
        assert listing.status_code == 200 and stack.seed["course"] in listing.text
        page = learner.get(f"/certificates/{row['public_id']}/")
        assert page.status_code == 200 and f"Learner Number{number}" in page.text
        check = learner.get("/check/", params={"code": row["code"]})
        assert check.status_code == 200 and "This certificate is valid" in check.text
        # The e-mail could not be queued, so it went straight out: once.
        assert len(issued_mail_to(stack, learner.email)) == 1
    assert "Could not queue certificates.render_pdf" in web.log()
    for path in ("/", stack.seed["course_url"]):  # Wagtail's pages, which use the cache, still answer
        assert learners[0].get(path).status_code == 200
    assert "Traceback" not in web.log()

    # Redis is back: the same worker reconnects, and beat's sweep queues the missing PDFs.
    stack.redis.start()
    stack.send_task(SWEEP, older_than_seconds=0)
    wait_for(lambda: all(row["pdf"] for row in stack.certificates()), "the PDFs after the sweep", 90, interval=0.5)
    stack.send_task(SWEEP, older_than_seconds=0)
    wait_for(lambda: len(stack.task_results(worker, SWEEP)) == 2, "the second sweep", 30)
    assert stack.task_results(worker, SWEEP) == ["3", "0"]  # the second sweep finds nothing left to do

    # Each PDF was rendered and stored once, whole; each e-mail went once.
    certificates = {row["email"]: row for row in stack.certificates()}
    assert len(stack.tasks(worker, RENDER)) == 3
    assert stack.stored_pdfs() == sorted(row["pdf"].removeprefix("certificates/") for row in certificates.values())
    for learner in learners:
        row = certificates[learner.email]
        assert len(PdfReader(stack.private_root / row["pdf"]).pages) == 1
        download = learner.get(f"/certificates/{row['public_id']}/pdf/")
        assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
        assert download.content == (stack.private_root / row["pdf"]).read_bytes()
        assert len(PdfReader(io.BytesIO(download.content)).pages) == 1
        assert len(issued_mail_to(stack, learner.email)) == 1
