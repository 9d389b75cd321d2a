"""Background work that survives a crash: leases on job rows, bounded retries, a sweep.

A job row (a PDF CV, a data export, a progress report) says what a person asked for
and where it is. django-tasks' database worker has no heartbeat: a worker killed
while rendering leaves the job and its task row "running" for ever. So:

- A run takes the job with `job_claim`: one UPDATE from "waiting" (or from "being
  made" whose lease ran out) to "being made", with the time it started and one more
  attempt. Two runs can never both hold a job, so a file is made once.
- The run ends with `job_finish`, which only counts while it still holds the job;
  a run that lost its lease (the sweep gave the job to another) throws its file away.
- `jobs_sweep` (`manage.py sweep_jobs`, every minute from the scheduler) finds jobs
  whose lease ran out (`JOB_LEASE_SECONDS`): with attempts left they wait again and a
  new task is queued; after `JOB_MAX_ATTEMPTS` they fail, and the status page offers
  to try again. It also finishes the task rows such a worker left "running"; tasks
  other than these jobs are run again, up to the same number of attempts, and must
  therefore be safe to run twice (an e-mail task marks what it sent before sending).

Generated files (portal.generated_files) register their models here through
`generated_file_register`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# The values of portal.generated_files.JobStatus (which builds on this module).
PENDING, RUNNING, FAILED = "pending", "running", "failed"


class WorkerLost(Exception):
    """What a task row says when its worker died and the sweep gave up on it."""


@dataclass(frozen=True)
class JobKind:
    model: type[models.Model]
    task_path: str
    enqueue: Callable[[int], object]


_kinds: dict[str, JobKind] = {}


def job_register(model: type[models.Model], task, argument: str) -> None:
    """`model` rows are built by `task(**{argument: pk})`; the sweep re-queues them so."""
    _kinds[model._meta.label] = JobKind(
        model=model,
        task_path=f"{task.func.__module__}.{task.func.__qualname__}",
        enqueue=lambda pk: task.enqueue(**{argument: pk}),
    )


def job_queue(model: type[models.Model], pk: int) -> None:
    """Queue the task that builds job `pk` of a registered model."""
    _kinds[model._meta.label].enqueue(pk)


def lease() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def job_claim(model: type[models.Model], pk: int) -> int | None:
    """Take the job for this run; its attempt number, or None if it is not this run's to do."""
    now = timezone.now()
    taken = (
        model._default_manager.filter(pk=pk, attempts__lt=settings.JOB_MAX_ATTEMPTS)
        .filter(Q(status=PENDING) | Q(status=RUNNING, started_at__lt=now - lease()))
        .update(status=RUNNING, started_at=now, attempts=F("attempts") + 1)
    )
    if not taken:
        return None
    return model._default_manager.filter(pk=pk).values_list("attempts", flat=True).first()


def job_finish(model: type[models.Model], pk: int, attempt: int, **fields) -> bool:
    """Write the outcome if this run still holds the job (attempt `attempt`); else False."""
    return bool(
        model._default_manager.filter(pk=pk, status=RUNNING, attempts=attempt).update(**fields)
    )


def job_discard_file(file) -> None:
    """Throw away what a run made after it lost its lease: another run makes the job's file."""
    if file.name:
        file.storage.delete(file.name)


@dataclass(frozen=True)
class SweepResult:
    retried: int
    failed: int
    tasks_retried: int
    tasks_failed: int


def jobs_sweep(now: datetime | None = None) -> SweepResult:
    """Notice work whose worker died: retry it a bounded number of times, then say it failed."""
    now = now or timezone.now()
    retried = failed = 0
    for kind in _kinds.values():
        stale = kind.model._default_manager.filter(status=RUNNING, started_at__lt=now - lease())
        failed += stale.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS).update(
            status=FAILED, finished_at=now
        )
        for pk in list(stale.values_list("pk", flat=True)):
            # Only this sweep may give it back: a run that still finishes now loses it.
            with transaction.atomic():
                if (
                    kind.model._default_manager.filter(pk=pk, status=RUNNING)
                    .filter(started_at__lt=now - lease())
                    .update(status=PENDING)
                ):
                    retried += 1
                    transaction.on_commit(lambda pk=pk, kind=kind: kind.enqueue(pk))
    tasks_retried, tasks_failed = _task_rows_sweep(now)
    if retried or failed or tasks_retried or tasks_failed:
        logger.warning(
            "jobs sweep: %s jobs retried, %s failed; %s tasks retried, %s failed",
            retried,
            failed,
            tasks_retried,
            tasks_failed,
        )
    return SweepResult(retried, failed, tasks_retried, tasks_failed)


def _task_rows_sweep(now: datetime) -> tuple[int, int]:
    """Task rows a dead worker left running: run again (bounded), or mark failed."""
    if not apps.is_installed("django_tasks_db"):
        return 0, 0
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    job_tasks = {kind.task_path for kind in _kinds.values()}
    retried = failed = 0
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - lease()
    )
    for row in stale:
        # Jobs are re-queued through their own row above; other tasks run again here.
        if row.task_path not in job_tasks and len(row.worker_ids) < settings.JOB_MAX_ATTEMPTS:
            retried += DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
        else:
            failed += DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback="The worker stopped while running this task (lease ran out).",
            )
    return retried, failed
