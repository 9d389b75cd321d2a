"""Background work of training centres: progress report PDFs, run by `manage.py db_worker`.

Tasks take ids only and read the database again, so a job queued before an erasure
finds nothing and does nothing.
"""

from django_tasks import task


@task()
def render_progress_report(*, report_id: int) -> None:
    from .progress_reports import progress_report_build

    progress_report_build(report_id=report_id)
