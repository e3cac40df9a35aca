"""Private files appear under their name only once they are whole."""

import errno

import pytest
from django.core.files.base import ContentFile

from eyesandears.core.storage import PrivateFileSystemStorage


class DiskFillsUp(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4 half of it"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_write_that_fails_leaves_nothing_behind_and_the_retry_gets_the_name(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError, match="No space left"):
        storage.save("certificates/one.pdf", DiskFillsUp(b""))
    assert list((tmp_path / "certificates").iterdir()) == []
    assert storage.save("certificates/one.pdf", ContentFile(b"%PDF-1.4 whole")) == "certificates/one.pdf"
    assert (tmp_path / "certificates" / "one.pdf").read_bytes() == b"%PDF-1.4 whole"
    assert ((tmp_path / "certificates" / "one.pdf").stat().st_mode & 0o777) == 0o644


def test_a_file_is_never_written_over(tmp_path):
    storage = PrivateFileSystemStorage(location=tmp_path)
    storage.save("certificates/one.pdf", ContentFile(b"first"))
    second = storage.save("certificates/one.pdf", ContentFile(b"second"))
    assert second != "certificates/one.pdf"
    assert (tmp_path / "certificates" / "one.pdf").read_bytes() == b"first"
    assert (tmp_path / second).read_bytes() == b"second"


def test_a_plain_file_in_place_of_the_folder_is_reported(tmp_path):
    (tmp_path / "certificates").write_text("in the way")
    storage = PrivateFileSystemStorage(location=tmp_path)
    with pytest.raises(FileExistsError, match="is not a directory"):
        storage.save("certificates/one.pdf", ContentFile(b"%PDF"))
