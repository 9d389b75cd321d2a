"""The impact dashboard as a PDF report, made in the background.

The same tables and charts as the dashboard, for the filters it was asked with and with
the requester's small-cell rule, in Dutch or English. It follows the progress report
(`training.progress_reports`): a job row, a task, a status page, a private file,
WeasyPrint with the shipped fonts and nothing from the network, tagged PDF/UA; files are
kept as long as PDF CVs; `portal.generated_files` builds, serves and deletes them.
"""

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intermediaries.models import TargetGroup
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.choices import Sector
from portal.generated_files import generated_file_build, generated_file_queue
from portal.impact import ImpactScope, impact_sections
from portal.organisations.models import Organisation
from portal.pdf import render_pdf

from . import selectors
from .impact import impact_charts, impact_tables
from .models import ImpactReport
from .permissions import may_read_impact, own_placement_organisations
from .selectors import ImpactFilters


def report_context(*, user: User, filters: ImpactFilters) -> dict[str, Any]:
    """What the report shows `user`, in the active language: the dashboard's tables and charts."""
    own_view = (
        filters.organisation_id is not None
        and filters.organisation_id in own_placement_organisations(user)
    )
    data = selectors.impact_data(user=user, filters=filters)
    tables = impact_tables(data, filters=filters, own_organisation=own_view)
    charts = impact_charts(tables, filters=filters)
    organisation = (
        Organisation.objects.filter(pk=filters.organisation_id)
        .values_list("name", flat=True)
        .first()
        if filters.organisation_id
        else None
    )
    return {
        "filters": filters,
        "organisation": organisation,
        "sector": dict(Sector.choices).get(filters.sector, "") if filters.sector else "",
        "target_group": dict(TargetGroup.choices).get(filters.target_group, "")
        if filters.target_group
        else "",
        "tables": [(table, charts.get(table.key)) for table in tables],
        "own_view": own_view,
        "made_on": timezone.localdate(),
        # Figures other apps add (events), as on the dashboard.
        "sections": [
            section
            for section in impact_sections(
                user=user,
                scope=ImpactScope(
                    start=date(filters.year_from, 1, 1),
                    end=date(filters.year_to, 12, 31),
                    organisation_id=filters.organisation_id,
                    sector=filters.sector,
                    target_group=filters.target_group,
                ),
            )
            if section.pdf_template
        ],
    }


def report_html(*, user: User, filters: ImpactFilters, language: str) -> str:
    with translation.override(language):
        context = report_context(user=user, filters=filters)
        context["language"] = language
        return render_to_string("socialreturn/pdf/impact_report.html", context)


def report_render(*, user: User, filters: ImpactFilters, language: str) -> bytes:
    html = report_html(user=user, filters=filters, language=language)
    return render_pdf(html)


# --- The background job: request, render, download ---------------------------------------


@transaction.atomic
def impact_report_request(*, filters: ImpactFilters, by: User, language: str) -> ImpactReport:
    """Ask for the dashboard as a PDF with these filters; it is rendered in the background."""
    if not may_read_impact(by):
        raise PermissionDenied
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    report = ImpactReport.objects.create(
        requested_by=by, filters=asdict(filters), language=language
    )
    audit_record(
        actor=by, action="impact_report.request", target=report, details={"language": language}
    )
    generated_file_queue(report)
    return report


def impact_report_build(*, report_id: int) -> None:
    """Render a requested report into the private storage (runs in the worker; see
    portal.generated_files)."""
    generated_file_build(ImpactReport, report_id, render=_report_content)


def _report_content(report: ImpactReport, progress: Callable[[int], None]) -> bytes:
    return report_render(
        user=report.requested_by,
        filters=ImpactFilters(**report.filters),
        language=report.language,
    )


def impact_report_for(*, user: User, public_id) -> ImpactReport | None:
    """A report `user` asked for and may still get now (checked again), else None."""
    if not user.is_authenticated:
        return None
    report = ImpactReport.objects.filter(public_id=public_id, requested_by=user).first()
    if report is None or not may_read_impact(user):
        return None
    return report


def impact_report_record_download(*, report: ImpactReport, by: User) -> None:
    audit_record(actor=by, action="impact_report.download", target=report)


def impact_report_filename(report: ImpactReport) -> str:
    return f"impactrapport-{timezone.localdate(report.created_at):%Y-%m-%d}.pdf"
