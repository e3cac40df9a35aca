"""A Celery worker is killed (SIGKILL) in the middle of making a certificate's PDF.

The render task is acknowledged only when it has finished (`acks_late`), so its message is handed
out again: at once when only the pool's child process dies (`task_reject_on_worker_lost`), and after
the broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT) when the whole worker dies. Either way
the PDF is stored once, whole, under its own name.
"""

import os
import signal
import time

import pytest
from pypdf import PdfReader

from quizzes.factories import RIGHT_ANSWERS
from tests.faults.stack import wait_for

pytestmark = pytest.mark.faults

RENDER = "certificates.render_pdf"
VISIBILITY_TIMEOUT = 2


def pass_and_wait_for_the_stall(stack, web, flag):
    """A learner passes; the worker's first render (or write) stalls. The stalled process's id."""
    learner = stack.learner(web, 1)
    learner.sign_in()
    learner.pass_quiz(stack.seed["quiz"], RIGHT_ANSWERS)
    wait_for(lambda: flag.exists() and flag.read_text().endswith("\n"), "the worker to stall", 60)
    return learner, int(flag.read_text())


def pdf_stored(stack):
    return all(row["pdf"] for row in stack.certificates())


def assert_stored_once_and_whole(stack, learner):
    (certificate,) = stack.certificates()
    assert certificate["pdf"] == f"certificates/{certificate['public_id']}.pdf"  # its own name, not a second one
    assert [name for name in stack.stored_pdfs() if not name.startswith(".")] == [f"{certificate['public_id']}.pdf"]
    content = (stack.private_root / certificate["pdf"]).read_bytes()
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(stack.private_root / certificate["pdf"]).pages) == 1
    download = learner.get(f"/certificates/{certificate['public_id']}/pdf/")
    assert download.status_code == 200 and download.content == content
    issued = [m for m in stack.mail() if f"To: {learner.email}" in m and "Your certificate" in m]
    assert len(issued) == 1


def test_a_render_whose_pool_process_is_killed_is_handed_out_again_at_once(stack):
    flag = stack.folder / "stalled"
    web, worker = stack.wait(
        stack.start_web(wait=False),
        stack.start_worker("prefork", pool="prefork", wait=False, FAULTS_STALL_RENDER_ONCE=flag),
    )
    learner, pid = pass_and_wait_for_the_stall(stack, web, flag)
    assert pid != worker.pid  # the render runs in the pool's child process

    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: pdf_stored(stack), "the PDF from the task handed out again", 60, interval=0.25)

    (first, again) = stack.tasks(worker, RENDER)
    assert first == again  # the same message, delivered a second time
    assert "WorkerLostError" in worker.log() and "signal 9" in worker.log()
    assert worker.alive()
    assert_stored_once_and_whole(stack, learner)


def test_a_pdf_half_written_when_its_process_is_killed_is_never_taken_for_the_pdf(stack):
    flag = stack.folder / "stalled"
    web, worker = stack.wait(
        stack.start_web(wait=False),
        stack.start_worker("prefork", pool="prefork", wait=False, FAULTS_STALL_WRITE_ONCE=flag),
    )
    learner, pid = pass_and_wait_for_the_stall(stack, web, flag)
    (half,) = (stack.private_root / "certificates").iterdir()  # what has been written so far
    assert half.name.startswith(".") and half.stat().st_size > 0

    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: pdf_stored(stack), "the PDF from the task handed out again", 60, interval=0.25)

    assert len(stack.tasks(worker, RENDER)) == 2
    assert_stored_once_and_whole(stack, learner)


def test_a_render_whose_worker_is_killed_is_handed_to_the_next_worker_after_the_visibility_timeout(stack):
    flag = stack.folder / "stalled"
    short = {"CELERY_VISIBILITY_TIMEOUT": VISIBILITY_TIMEOUT}
    web, first = stack.wait(
        stack.start_web(wait=False), stack.start_worker("first", wait=False, FAULTS_STALL_RENDER_ONCE=flag, **short)
    )
    learner, pid = pass_and_wait_for_the_stall(stack, web, flag)
    assert pid == first.pid  # the solo pool renders in the worker's own process

    first.kill()
    killed_at = time.monotonic()
    assert not pdf_stored(stack) and stack.stored_pdfs() == []
    # The message stays taken until the visibility timeout has passed since it was handed out.
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    second = stack.start_worker("second", **short)
    wait_for(lambda: pdf_stored(stack), "the next worker to render the PDF", 60, interval=0.25)

    assert stack.tasks(second, RENDER) == stack.tasks(first, RENDER)  # the same message, handed out again
    assert_stored_once_and_whole(stack, learner)
