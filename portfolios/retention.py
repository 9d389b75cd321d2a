"""How long generated files are kept: the "my data" zip and PDF CVs.

The job helpers here (`job_expires_at`, `expired_jobs`, `orphan_files`,
`delete_job_rows`) serve any model with a status, created_at, finished_at and a
private `file`; other apps' generated files (progress reports) use them too.

Both can be made again at any moment, so they are deleted after a while
(`DATA_EXPORT_KEEP_DAYS`, `PORTFOLIO_DOCUMENT_KEEP_DAYS`): fewer copies of a
person's data lie around. `manage.py purge_expired_files` runs the clean-up once
a day (the `scheduler` service in docker-compose.yml). The pages where people
look for their download say until when it stays, and that an old one is gone.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.audit.services import audit_record
from portal.storage import PARTIAL_GRACE, partial_files

from .models import (
    DATA_EXPORT_FOLDER,
    DOCUMENT_FOLDER,
    EVIDENCE_FOLDER,
    DataExport,
    Evidence,
    JobStatus,
    PortfolioDocument,
)
from .privacy import files_delete_after_commit, files_under

FINISHED = (JobStatus.DONE, JobStatus.FAILED)
# A worker writes the file a moment before it saves the row that points to it:
# younger files without a row are left alone, so the clean-up never takes one in between.
ORPHAN_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class PurgeResult:
    """What one clean-up deleted."""

    data_exports: int
    documents: int
    orphan_files: int


def data_export_expires_at(export: DataExport) -> datetime | None:
    """When a finished export is deleted; None while it is still being made."""
    return job_expires_at(export, settings.DATA_EXPORT_KEEP_DAYS)


def document_expires_at(document: PortfolioDocument) -> datetime | None:
    """When a finished PDF CV is deleted; None while it is still being made."""
    return job_expires_at(document, settings.PORTFOLIO_DOCUMENT_KEEP_DAYS)


def job_expires_at(job: models.Model, keep_days: int) -> datetime | None:
    """When a finished background file job (status, created_at, finished_at) is deleted."""
    if job.status not in FINISHED:
        return None
    return (job.finished_at or job.created_at) + timedelta(days=keep_days)


def data_export_was_deleted(*, user: User) -> bool:
    """True when the person asked for an export and the clean-up has deleted it since."""
    if DataExport.objects.filter(user=user).exists():
        return False
    # A new request replaces the old export at once, so "asked, and none left" means expired.
    return AuditEvent.objects.filter(subject=user, action="data.export").exists()


def expired_jobs(model: type[models.Model], *, keep_days: int, now: datetime) -> models.QuerySet:
    """The model's finished jobs older than `keep_days` at `now`; running ones never."""
    cutoff = now - timedelta(days=keep_days)
    return model.objects.filter(status__in=FINISHED).filter(
        Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
    )


def orphan_files(
    model: type[models.Model], *, folder: str, now: datetime
) -> list[tuple[Storage, str]]:
    """Files in the model's folder that no row points to, older than the grace period."""
    storage = model._meta.get_field("file").storage
    known = set(model.objects.exclude(file="").values_list("file", flat=True))
    return [
        (storage, name)
        for name in files_under(storage, folder)
        if name not in known and storage.get_modified_time(name) < now - ORPHAN_GRACE
    ]


def delete_job_rows(queryset: models.QuerySet) -> tuple[int, list[tuple[Storage, str]]]:
    """Delete the rows; return how many, and their files (deleted after commit)."""
    jobs = list(queryset.select_for_update(skip_locked=True))
    queryset.model.objects.filter(pk__in=[job.pk for job in jobs]).delete()
    return len(jobs), [(job.file.storage, job.file.name) for job in jobs if job.file]


@transaction.atomic
def expired_files_purge(*, now: datetime | None = None) -> PurgeResult:
    """Delete finished exports and PDF CVs past their keep time (row and file), and stray files.

    Jobs that are waiting or being made are never touched. Stray files are those in
    the export, CV and evidence folders of the private storage that no row points to
    (left by a crash, or by a file delete that failed), and writes that never completed. One audit row, naming nobody, says
    how many of each went.
    """
    now = now or timezone.now()
    # Listed before the rows go: the files of expired rows are counted once, as rows.
    orphans = (
        orphan_files(DataExport, folder=DATA_EXPORT_FOLDER, now=now)
        + orphan_files(PortfolioDocument, folder=DOCUMENT_FOLDER, now=now)
        + orphan_files(Evidence, folder=EVIDENCE_FOLDER, now=now)
    )
    # Writes that never completed (their process died) in any folder of the private storage.
    private = DataExport._meta.get_field("file").storage
    orphans += [
        (private, name)
        for name in partial_files(private, "", older_than=now - PARTIAL_GRACE)
        if (private, name) not in orphans
    ]
    exports, export_files = delete_job_rows(
        expired_jobs(DataExport, keep_days=settings.DATA_EXPORT_KEEP_DAYS, now=now)
    )
    documents, document_files = delete_job_rows(
        expired_jobs(PortfolioDocument, keep_days=settings.PORTFOLIO_DOCUMENT_KEEP_DAYS, now=now)
    )
    result = PurgeResult(data_exports=exports, documents=documents, orphan_files=len(orphans))
    audit_record(
        actor=None,
        action="files.purge_expired",
        details={
            "data_exports": result.data_exports,
            "documents": result.documents,
            "orphan_files": result.orphan_files,
            "data_export_keep_days": settings.DATA_EXPORT_KEEP_DAYS,
            "document_keep_days": settings.PORTFOLIO_DOCUMENT_KEEP_DAYS,
        },
    )
    files_delete_after_commit(export_files + document_files + orphans)
    return result
