"""The private storage (PRIVATE_ROOT) cannot take the PDF when it is rendered: the disk is full, or the
certificates folder cannot be made. We run as root, for whom file modes are no barrier, so the folder
is made impossible in other ways: a tiny tmpfs filled to the last byte, or a plain file in its place.
"""

import contextlib
import errno
import subprocess

import pytest
from pypdf import PdfReader

from quizzes.factories import RIGHT_ANSWERS
from tests.faults.stack import wait_for

pytestmark = pytest.mark.faults

RENDER = "certificates.render_pdf"


class FullDisk:
    """The certificates folder is a 4 MB tmpfs, filled until the next write fails with ENOSPC."""

    name = "full disk"
    error = "No space left on device"

    def __init__(self, folder):
        self.folder = folder
        self.mounted = False

    def break_it(self):
        self.folder.mkdir()
        mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(self.folder)],
                               capture_output=True, text=True)
        if mount.returncode:
            pytest.skip(f"cannot mount a tmpfs here to fill: {mount.stderr.strip()}")
        self.mounted = True
        with (self.folder / "filler").open("wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            except OSError as error:
                assert error.errno == errno.ENOSPC

    def repair(self):
        (self.folder / "filler").unlink()

    def stored(self):
        return sorted(path.name for path in self.folder.iterdir() if path.name != "filler")

    def close(self):
        if self.mounted:
            subprocess.run(["umount", str(self.folder)], check=False, capture_output=True)
            if self.folder.is_mount():
                subprocess.run(["umount", "-l", str(self.folder)], check=False, capture_output=True)


class NotAFolder:
    """A plain file stands where the certificates folder should be made."""

    name = "folder cannot be made"
    error = "exists and is not a directory"

    def __init__(self, folder):
        self.folder = folder

    def break_it(self):
        self.folder.write_text("in the way\n")

    def repair(self):
        self.folder.unlink()

    def stored(self):
        return sorted(path.name for path in self.folder.iterdir())

    def close(self):
        pass


@pytest.fixture(params=[FullDisk, NotAFolder], ids=["full-disk", "folder-not-made"])
def broken_storage(request, stack):
    fault = request.param(stack.private_root / "certificates")
    try:
        yield fault
    finally:
        fault.close()


def test_a_pdf_that_cannot_be_stored_is_retried_until_storage_is_back_and_the_certificate_stays_usable(
    stack, broken_storage
):
    web, worker = stack.wait(stack.start_web(wait=False), stack.start_worker(wait=False))
    broken_storage.break_it()
    learner = stack.learner(web, 1)
    learner.sign_in()
    learner.pass_quiz(stack.seed["quiz"], RIGHT_ANSWERS)
    (certificate,) = stack.certificates()

    # The failure is logged with the certificate and the reason, and the task is retried.
    wait_for(lambda: len(stack.tasks(worker, RENDER, "retry")) >= 1, "the render to be retried", 60)
    assert f"Could not store the PDF of certificate {certificate['id']}" in worker.log()
    assert broken_storage.error in worker.log()
    assert not stack.certificates()[0]["pdf"]

    # Meanwhile the learner has the certificate, and anyone can check its code.
    listing = learner.get("/certificates/")
    assert listing.status_code == 200 and stack.seed["course"] in listing.text
    page = learner.get(f"/certificates/{certificate['public_id']}/")
    assert page.status_code == 200 and "Learner Number1" in page.text
    check = learner.get("/check/", params={"code": certificate["code"]})
    assert check.status_code == 200 and "This certificate is valid" in check.text

    broken_storage.repair()
    wait_for(lambda: stack.certificates()[0]["pdf"], "a retry to store the PDF", 90, interval=0.25)

    stored = stack.certificates()[0]["pdf"]
    assert broken_storage.stored() == [stored.removeprefix("certificates/")]  # whole, and nothing half-written
    content = (stack.private_root / stored).read_bytes()
    assert len(PdfReader(stack.private_root / stored).pages) == 1
    download = learner.get(f"/certificates/{certificate['public_id']}/pdf/")
    assert download.status_code == 200 and download.content == content
    assert len(set(stack.tasks(worker, RENDER))) == 1  # retries of the one task, not new ones
    with contextlib.suppress(FileNotFoundError):
        assert not [path for path in (stack.private_root / "certificates").iterdir() if path.name.startswith(".")]
