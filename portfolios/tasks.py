"""Background work of portfolios: PDF CVs and data exports, run by `manage.py db_worker`.

Tasks take ids only and read the database again, so a job queued before an
erasure finds nothing and does nothing.
"""

from django_tasks import task


@task()
def render_portfolio_document(*, document_id: int) -> None:
    from .documents import document_build

    document_build(document_id=document_id)


@task()
def build_data_export(*, export_id: int) -> None:
    from .privacy import data_export_build

    data_export_build(export_id=export_id)
