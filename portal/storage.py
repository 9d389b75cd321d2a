"""The private storage: files that appear whole or not at all, and leave only through a checked view."""

import logging
import os
import uuid
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.http import FileResponse

logger = logging.getLogger(__name__)

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


def files_under(storage: Storage, folder: str) -> list[str]:
    """Every file name under `folder` in `storage` ("" for all), sub-folders included."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [f"{prefix}{name}" for name in files]
    for sub in folders:
        names += files_under(storage, f"{prefix}{sub}")
    return names


def partial_files(storage: Storage, folder: str, *, older_than: datetime) -> list[str]:
    """Temporary files of writes that never completed (their process died), under `folder`."""
    return [
        name
        for name in files_under(storage, folder)
        if PurePosixPath(name).name.startswith(PARTIAL_PREFIX)
        and storage.get_modified_time(name) < older_than
    ]


PARTIAL_GRACE = timedelta(hours=1)


def files_delete_after_commit(names: list[tuple[Storage, str]]) -> None:
    """Delete these stored files once the transaction that dropped their rows commits."""

    def delete() -> None:
        for storage, name in names:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s from the private storage", name)

    if names:
        transaction.on_commit(delete)


def private_file_response(file, *, content_type: str, filename: str, inline: bool) -> FileResponse:
    """Serve a private file to someone a view has checked: never cached, never run as a page."""
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
