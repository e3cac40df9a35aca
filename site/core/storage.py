from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with personal data: kept outside MEDIA_ROOT and never given a URL; views stream them
    after checking permission."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks permission.")


def PrivateS3Storage(**options):  # noqa: N802 - a storage class path in STORAGES, built on first use
    """Private files in object storage: the same rule, no URL; django-storages is imported only when chosen."""
    from storages.backends.s3 import S3Storage

    class _PrivateS3Storage(S3Storage):
        def url(self, name, *args, **kwargs):
            raise ValueError("Private files have no public URL; serve them through a view that checks permission.")

    return _PrivateS3Storage(**options)
