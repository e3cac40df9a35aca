from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with personal data: kept outside MEDIA_ROOT and never given a URL; views stream them
    after checking permission."""

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view that checks permission.")
