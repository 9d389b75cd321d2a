import os
import uuid
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage, Storage, storages

# Files being written carry this prefix until they are complete (`AtomicFileSystemStorage`).
PARTIAL_PREFIX = ".partial-"


class AtomicFileSystemStorage(FileSystemStorage):
    """Files on disk that appear whole or not at all.

    A file is written under a temporary name beside its final one and moved into place
    (one rename) only when complete. A full disk, an unwritable folder or a killed
    process leaves no truncated file under a real name; a failed write removes its
    temporary file, and `partial_files` finds those a killed process left behind.
    """

    def _save(self, name: str, content) -> str:
        path = PurePosixPath(name)
        partial = str(path.with_name(f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{path.name}"))
        try:
            partial = super()._save(partial, content)
            os.replace(self.path(partial), self.path(name))
        except BaseException:
            if os.path.exists(self.path(partial)):
                os.remove(self.path(partial))
            raise
        return name


class PrivateFileSystemStorage(AtomicFileSystemStorage):
    """Files on disk with no public address: they are only ever served by a view that checks permission."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage() -> Storage:
    """Storage for people's files (evidence, certificates): never under a public URL.

    A callable, so tests and deployments can point STORAGES["private"] elsewhere.
    """
    return storages["private"]


def partial_files(storage: Storage, folder: str, *, older_than: datetime) -> list[str]:
    """Temporary files of writes that never completed (their process died), under `folder`."""
    found = []
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    for name in files:
        full = f"{folder}/{name}" if folder else name
        if name.startswith(PARTIAL_PREFIX) and storage.get_modified_time(full) < older_than:
            found.append(full)
    for sub in folders:
        found += partial_files(storage, f"{folder}/{sub}" if folder else sub, older_than=older_than)
    return found


PARTIAL_GRACE = timedelta(hours=1)
