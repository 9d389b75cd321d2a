from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no public address: they are only ever served by a view that checks permission."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage() -> Storage:
    """Storage for people's files (evidence, certificates): never under a public URL.

    A callable, so tests and deployments can point STORAGES["private"] elsewhere.
    """
    return storages["private"]
