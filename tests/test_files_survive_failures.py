"""Issue 19, item 6: files outlive neither failures nor people.

On a full disk an upload left a truncated file under its real name; nothing cleaned
stray files out of the evidence folder, and erasure left such a file behind.
"""

import errno
import os
import time

import pytest
from django.core.files.base import ContentFile, File
from django.urls import reverse
from django.utils import timezone

from portal.generated_files import generated_files_purge
from portal.storage import PARTIAL_PREFIX, AtomicFileSystemStorage, PrivateFileSystemStorage
from portfolios.models import DataExport, Evidence, PortfolioDocument, evidence_folder
from portfolios.privacy import account_erase


class _DiskFullHalfWay(File):
    """An upload whose second chunk hits a full disk."""

    def __init__(self):
        super().__init__(None, name="photo.jpg")

    def chunks(self, chunk_size=None):
        yield b"x" * 1024
        raise OSError(errno.ENOSPC, "No space left on device")

    def __len__(self):
        return 4096


@pytest.fixture
def private(tmp_path, monkeypatch):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "private"))
    for model in (Evidence, PortfolioDocument, DataExport):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", storage)
    return storage


def _all_files(storage) -> list[str]:
    found = []
    for root, _, files in os.walk(storage.location):
        found += [os.path.relpath(os.path.join(root, name), storage.location) for name in files]
    return found


@pytest.mark.parametrize("storage_class", [AtomicFileSystemStorage, PrivateFileSystemStorage])
def test_a_write_that_fails_half_way_leaves_no_file(tmp_path, storage_class):
    storage = storage_class(location=str(tmp_path / "files"))

    with pytest.raises(OSError):
        storage.save("evidence/7/photo.jpg", _DiskFullHalfWay())

    assert _all_files(storage) == []


def test_a_complete_write_appears_under_its_name_only(tmp_path):
    storage = PrivateFileSystemStorage(location=str(tmp_path / "files"))

    name = storage.save("cv/abc.pdf", ContentFile(b"%PDF-1.7 ...", name="abc.pdf"))

    assert name == "cv/abc.pdf"
    assert _all_files(storage) == ["cv/abc.pdf"]


def _age(storage, name: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(storage.path(name), (then, then))


@pytest.mark.django_db
def test_the_clean_up_removes_stray_evidence_and_unfinished_writes(
    private, django_capture_on_commit_callbacks
):
    stray = private.save("evidence/12/old-stray.jpg", ContentFile(b"x"))
    young = private.save("evidence/12/young.jpg", ContentFile(b"x"))
    partial = private.save(f"cv/{PARTIAL_PREFIX}dead-worker.pdf", ContentFile(b"x"))
    _age(private, stray, days=2)
    _age(private, partial, days=2)

    with django_capture_on_commit_callbacks(execute=True):
        result = generated_files_purge(now=timezone.now())

    assert result.orphan_files == 2
    assert not private.exists(stray) and not private.exists(partial)
    assert private.exists(young)  # it may belong to an upload still being saved


@pytest.mark.django_db
def test_erasure_removes_every_file_of_the_person_strays_included(
    world, private, django_capture_on_commit_callbacks
):
    person = world.jobseeker
    stray = private.save(f"{evidence_folder(person.pk)}/left-behind.jpg", ContentFile(b"x"))
    someone_else = private.save(
        f"{evidence_folder(world.other_jobseeker.pk)}/x.jpg", ContentFile(b"x")
    )

    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person, by=person)

    assert not private.exists(stray)
    assert private.exists(someone_else)


@pytest.mark.django_db
def test_an_upload_on_a_full_disk_is_refused_kindly_and_leaves_nothing(
    world, login, private, monkeypatch
):
    from portfolios.factories import make_portfolio
    from portfolios.tests.test_evidence import png_upload

    make_portfolio(jobseeker=world.jobseeker, publish=False)

    def disk_full(name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(private, "_save", disk_full)
    response = login(world.jobseeker).post(
        reverse("evidence_list"),
        {"kind": "photo", "title": "Mijn werkplek", "file": png_upload(), "text": ""},
    )

    assert response.status_code == 400  # the form back, as for any refused form
    assert "We could not save your file just now" in response.content.decode()
    assert not Evidence.objects.exists()
    assert _all_files(private) == []
