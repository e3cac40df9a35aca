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


def test_temporary_files_left_by_a_killed_writer_are_cleared_once_old(tmp_path):
    import os
    import time

    storage = PrivateFileSystemStorage(location=tmp_path)
    (tmp_path / "certificates").mkdir()
    old, fresh = tmp_path / "certificates" / ".partial-old", tmp_path / "certificates" / ".partial-fresh"
    kept = tmp_path / "certificates" / "one.pdf"
    for path in (old, fresh, kept):
        path.write_bytes(b"%PDF")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    os.utime(kept, (two_hours_ago, two_hours_ago))

    assert storage.remove_abandoned_partials() == 1
    assert not old.exists() and fresh.exists() and kept.exists()


def test_the_hourly_task_clears_them_from_the_private_storage():
    import os
    import time
    from pathlib import Path

    from django.core.files.storage import storages

    from eyesandears.core.tasks import remove_abandoned_partial_files_task

    folder = Path(storages["private"].location) / "certificates"
    folder.mkdir(parents=True, exist_ok=True)
    left_behind = folder / ".partial-left-behind"
    left_behind.write_bytes(b"%PDF half")
    os.utime(left_behind, (time.time() - 7200, time.time() - 7200))

    assert remove_abandoned_partial_files_task() >= 1
    assert not left_behind.exists()
