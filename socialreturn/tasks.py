"""Background work of social return: report PDFs and the placements workbook, run by `manage.py db_worker`.

Tasks take ids only and read the database again, so a job queued before an erasure
finds nothing and does nothing.
"""

from django_tasks import task


@task()
def render_impact_report(*, report_id: int) -> None:
    from .impact_reports import impact_report_build

    impact_report_build(report_id=report_id)


@task()
def render_obligation_report(*, report_id: int) -> None:
    from .obligation_reports import obligation_report_build

    obligation_report_build(report_id=report_id)


@task()
def build_placement_export(*, export_id: int) -> None:
    from .placement_exports import placement_export_build

    placement_export_build(export_id=export_id)
