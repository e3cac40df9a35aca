from django.core.files.storage import storages


def private_storage():
    """Where certificate PDFs live: never under MEDIA_ROOT, never served except through a view."""
    return storages["private"]
