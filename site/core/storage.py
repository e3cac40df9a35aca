import contextlib
import os
import tempfile
import time

from django.core.files import File
from django.core.files.storage import FileSystemStorage


class _WrittenFile(File):
    """A file already written to disk, which FileSystemStorage moves into place instead of copying."""

    def __init__(self, path):
        super().__init__(None, name=path)
        self.path = path

    def temporary_file_path(self):
        return self.path


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with personal data: kept outside MEDIA_ROOT and never given a URL; views stream them
    after checking permission.

    A file appears under its name only once it is whole: it is written to a hidden temporary file
    beside it, synced, and then renamed into place (never over another file). If the write fails (a
    full disk) the temporary file is removed, so nothing half-written is ever left under a name, and a
    retry stores the file under the name it was meant to have."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks permission.")

    def remove_abandoned_partials(self, older_than_seconds=3600):
        """Delete temporary files a killed process left behind (nothing refers to them). Returns how many."""
        cutoff = time.time() - older_than_seconds
        removed = 0
        for directory, _, files in os.walk(self.location):
            for filename in files:
                path = os.path.join(directory, filename)
                if filename.startswith(".partial-") and os.path.getmtime(path) < cutoff:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
                        removed += 1
        return removed

    def _save(self, name, content):
        if hasattr(content, "temporary_file_path"):
            return super()._save(name, content)
        directory = os.path.dirname(self.path(name))
        try:
            os.makedirs(directory, exist_ok=True)
        except FileExistsError as error:
            raise FileExistsError(f"{directory} exists and is not a directory.") from error
        fd, partial = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            return super()._save(name, _WrittenFile(partial))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)


def PrivateS3Storage(**options):  # noqa: N802 - a storage class path in STORAGES, built on first use
    """Private files in object storage: the same rule, no URL; django-storages is imported only when chosen."""
    from storages.backends.s3 import S3Storage

    class _PrivateS3Storage(S3Storage):
        def url(self, name, *args, **kwargs):
            raise ValueError("Private files have no public URL; serve them through a view that checks permission.")

    return _PrivateS3Storage(**options)
