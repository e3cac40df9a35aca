"""A Celery worker for the fault tests: `python -m tests.faults.worker worker --pool solo ...`.

Two switches, for killing a worker at a known moment (nothing of this touches the site's own code):

- FAULTS_STALL_RENDER_ONCE=<file>: the first certificate render renders the PDF and then stops before
  returning it, so that it is never stored;
- FAULTS_STALL_WRITE_ONCE=<file>: the first PDF written to storage stops after writing half of it.

Either way the process writes its id to the file first: the test then knows that the work is under
way, in which process, and kills it there. Only the first such moment stalls (the file says it has
happened, in this worker or in any other given the same file); every later one runs normally.
"""

import os
import sys
import time

STALL_SECONDS = 300


def stall_once(flag_path):
    """Stall here if nothing has stalled on `flag_path` yet."""
    try:
        fd = os.open(flag_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return
    os.write(fd, f"{os.getpid()}\n".encode())
    os.close(fd)
    time.sleep(STALL_SECONDS)


def stall_the_first_render(flag_path):
    import certificates.pdf as pdf

    real_render = pdf.render_certificate_pdf

    def render_then_stall(facts):
        content = real_render(facts)
        stall_once(flag_path)
        return content

    pdf.render_certificate_pdf = render_then_stall


def stall_the_first_write(flag_path):
    from django.core.files.base import ContentFile

    real_chunks = ContentFile.chunks

    def half_then_stall(self, chunk_size=None):
        content = b"".join(real_chunks(self, chunk_size))
        yield content[: len(content) // 2]
        stall_once(flag_path)
        yield content[len(content) // 2 :]

    ContentFile.chunks = half_then_stall


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.faults.settings")
    if flag_path := os.environ.get("FAULTS_STALL_RENDER_ONCE"):
        stall_the_first_render(flag_path)
    if flag_path := os.environ.get("FAULTS_STALL_WRITE_ONCE"):
        stall_the_first_write(flag_path)
    from eyesandears.celery import app

    app.worker_main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
