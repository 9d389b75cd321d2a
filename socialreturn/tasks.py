"""Background work of social return: impact report PDFs, run by `manage.py db_worker`.

Tasks take ids only and read the database again, so a job queued before an erasure
finds nothing and does nothing.
"""

from django_tasks import task


@task()
def render_impact_report(*, report_id: int) -> None:
    from .impact_reports import impact_report_build

    impact_report_build(report_id=report_id)
