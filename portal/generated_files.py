"""Files the portal makes in the background when someone asks: one model base, one builder,
one download response, one retention path.

The PDF CV and the "my data" zip (portfolios) and the progress report (intermediaries)
are all made this way. A person asks; a row is saved and a task queued after commit; a
worker renders the file into the private storage while the status page follows it;
the download checks permission again; after its keep time the file and row go.

How a new generated file plugs in (for example a report PDF):

1. The model subclasses `GeneratedFile` and says where its files go and how long they
   stay, then adds what it is about::

       class SupplierReport(GeneratedFile):
           folder = "supplier-reports"            # its own folder in the private storage
           extension = "pdf"
           content_type = "application/pdf"
           keep_days_setting = "PORTFOLIO_DOCUMENT_KEEP_DAYS"
           owner_fields = ("requested_by",)       # lookups to the people it is about
           requested_by = models.ForeignKey(...)

   `makemigrations` adds the shared fields (status, progress, file, error, attempts,
   times). `owner_fields` name every user it is about or was asked by: erasing one
   of them deletes its files.
2. A render function `render(job, progress) -> bytes` in the app (it may call
   `progress(percent)` between steps), and a task that builds with it::

       @task()
       def render_supplier_report(*, report_id: int) -> None:
           generated_file_build(SupplierReport, report_id, render=report_content)

3. In the app's `AppConfig.ready`:
   `generated_file_register(SupplierReport, task=render_supplier_report, argument="report_id")`.
   From then on `manage.py sweep_jobs` runs it again after a killed worker (bounded),
   `manage.py purge_expired_files` deletes it after its keep time (and stray files in
   its folder), and account erasure deletes its files.
4. Views: the request service creates the row and calls `generated_file_queue(job)`;
   the status page includes `includes/generated_pdf_status.html` (PDFs) or reads
   `job.is_busy` and `job.expires_at`; the download view checks permission and returns
   `generated_file_response(job, filename=...)`. `portal.generated_file_views.GeneratedFileViews`
   makes both views from the app's finder, filename and download record (social return's
   reports and exports use it).
"""

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.audit.services import audit_record
from portal.jobs import job_claim, job_discard_file, job_finish, job_queue, job_register
from portal.storage import (
    PARTIAL_GRACE,
    files_delete_after_commit,
    files_under,
    partial_files,
    private_file_response,
    private_storage,
)

logger = logging.getLogger(__name__)

# A worker writes the file a moment before it saves the row that points to it:
# younger files without a row are left alone, so the clean-up never takes one in between.
ORPHAN_GRACE = timedelta(days=1)


class JobStatus(models.TextChoices):
    """Where a generated file is: the status page shows it."""

    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


def generated_file_name(instance: "GeneratedFile", filename: str) -> str:
    """A fresh, unguessable name in the model's folder; the asked-for name is ignored."""
    return f"{instance.folder}/{uuid.uuid4().hex}.{instance.extension}"


class GeneratedFile(models.Model):
    """A file made in the background for one request: see the module for how to adopt it."""

    folder: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    keep_days_setting: ClassVar[str]
    owner_fields: ClassVar[tuple[str, ...]]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    # Percent done while it is being made; the status page shows it.
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=generated_file_name, blank=True, storage=private_storage)
    # Why the last attempt failed (the exception's class), for whoever looks into it.
    error = models.CharField(max_length=200, blank=True)
    render_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The lease of the run that is making it (portal.jobs): when it started, how many tried.
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    # Nothing refers to a generated file as content; Wagtail need not track its links.
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    @classmethod
    def keep_days(cls) -> int:
        return getattr(settings, cls.keep_days_setting)

    @property
    def is_busy(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)

    @property
    def expires_at(self) -> datetime | None:
        """When a finished file is deleted; None while it is still being made."""
        if self.status not in FINISHED:
            return None
        return (self.finished_at or self.created_at) + timedelta(days=self.keep_days())


# --- Registration ---------------------------------------------------------------------------

_models: list[type[GeneratedFile]] = []


def generated_file_register(model: type[GeneratedFile], *, task, argument: str) -> None:
    """`model` rows are built by `task(**{argument: pk})`; sweep, retention and erasure know it."""
    job_register(model, task, argument)
    if model not in _models:
        _models.append(model)


def generated_file_queue(job: GeneratedFile) -> None:
    """Queue the build once the transaction that saved `job` commits."""
    transaction.on_commit(lambda: job_queue(type(job), job.pk))


# --- The builder ----------------------------------------------------------------------------

Render = Callable[[GeneratedFile, Callable[[int], None]], bytes]


def generated_file_build(model: type[GeneratedFile], pk: int, *, render: Render) -> None:
    """Make the file of job `pk` with `render(job, progress)`, in the worker.

    Safe to run twice: only the run that holds the job's lease (portal.jobs) renders,
    and only a run that still holds it when done keeps its file. The storage writes
    the file whole or not at all.
    """
    attempt = job_claim(model, pk)
    if attempt is None:
        return  # erased meanwhile, done, or another run has it
    job = model._default_manager.get(pk=pk)
    mine = model._default_manager.filter(pk=pk, status=JobStatus.RUNNING, attempts=attempt)

    def progress(percent: int) -> None:
        mine.update(progress=min(max(percent, 0), 99))

    progress(0)
    try:
        started = time.perf_counter()
        content = render(job, progress)
        render_ms = round((time.perf_counter() - started) * 1000)
        job.file.save(f"file.{model.extension}", ContentFile(content), save=False)
        outcome = {
            "status": JobStatus.DONE,
            "file": job.file.name,
            "render_ms": render_ms,
            "progress": 100,
            "error": "",
        }
    except Exception as error:
        logger.exception("%s %s failed", model._meta.verbose_name, pk)
        outcome = {"status": JobStatus.FAILED, "error": type(error).__name__[:200]}
    if not job_finish(model, pk, attempt, finished_at=timezone.now(), **outcome):
        job_discard_file(job.file)


# --- The download ---------------------------------------------------------------------------


def generated_file_response(job: GeneratedFile, *, filename: str) -> FileResponse:
    """The finished file as a private download; 404 while it is not ready. Check permission first."""
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    return private_file_response(
        job.file, content_type=job.content_type, filename=filename, inline=False
    )


# --- Erasure and retention ------------------------------------------------------------------


def generated_files_of(user) -> list[tuple[Storage, str]]:
    """Every generated file about `user` or asked for by `user`, for the account erasure."""
    names = []
    for model in _models:
        about = Q()
        for field in model.owner_fields:
            about |= Q(**{field: user})
        for job in model._default_manager.filter(about).exclude(file=""):
            names.append((job.file.storage, job.file.name))
    return names


# Other private folders whose files belong to rows (evidence): strays there go too.
_folders: list[tuple[type[models.Model], str]] = []


def private_folder_register(model: type[models.Model], folder: str) -> None:
    """Have the clean-up delete files in `folder` that no `model` row points to."""
    if (model, folder) not in _folders:
        _folders.append((model, folder))


@dataclass(frozen=True)
class PurgeResult:
    """What one clean-up deleted: rows per generated-file model, and stray files."""

    deleted: dict[type[GeneratedFile], int]
    orphan_files: int


def _orphans(model: type[models.Model], folder: str, now: datetime) -> list[tuple[Storage, str]]:
    storage = model._meta.get_field("file").storage
    known = set(model._default_manager.exclude(file="").values_list("file", flat=True))
    return [
        (storage, name)
        for name in files_under(storage, folder)
        if name not in known and storage.get_modified_time(name) < now - ORPHAN_GRACE
    ]


def _expired(model: type[GeneratedFile], now: datetime) -> tuple[int, list[tuple[Storage, str]]]:
    """Delete the model's finished jobs past their keep time; how many, and their files."""
    cutoff = now - timedelta(days=model.keep_days())
    expired = model._default_manager.filter(status__in=FINISHED).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )
    jobs = list(expired.select_for_update(skip_locked=True))
    model._default_manager.filter(pk__in=[job.pk for job in jobs]).delete()
    return len(jobs), [(job.file.storage, job.file.name) for job in jobs if job.file]


@transaction.atomic
def generated_files_purge(*, now: datetime | None = None) -> PurgeResult:
    """Delete finished generated files past their keep time (row and file), and stray files.

    Jobs that are waiting or being made are never touched. Stray files are those in the
    folders of the private storage that no row points to (left by a crash, an erasure
    or a delete that failed), and writes that never completed. One audit row, naming
    nobody, says how many of each went.
    """
    now = now or timezone.now()
    # Listed before the rows go: the files of expired rows are counted once, as rows.
    orphans = [
        found
        for model, folder in [(model, model.folder) for model in _models] + _folders
        for found in _orphans(model, folder, now)
    ]
    # Writes that never completed (their process died), anywhere in the storages used.
    storages = {}
    for model in [*_models, *(model for model, _folder in _folders)]:
        storage = model._meta.get_field("file").storage
        storages[id(storage)] = storage
    for storage in storages.values():
        orphans += [
            (storage, name)
            for name in partial_files(storage, "", older_than=now - PARTIAL_GRACE)
            if (storage, name) not in orphans
        ]
    deleted, files = {}, []
    for model in _models:
        deleted[model], gone = _expired(model, now)
        files += gone
    result = PurgeResult(deleted=deleted, orphan_files=len(orphans))
    audit_record(
        actor=None,
        action="files.purge_expired",
        details={
            **{model._meta.label_lower: count for model, count in deleted.items()},
            "orphan_files": result.orphan_files,
            "keep_days": {model._meta.label_lower: model.keep_days() for model in _models},
        },
    )
    files_delete_after_commit(files + orphans)
    return result
