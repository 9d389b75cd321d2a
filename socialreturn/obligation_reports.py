"""One obligation's progress as a PDF, made in the background.

What the obligation's page shows, on paper for a report to the authority: the obligation
and its target, what counts so far per month and per kind (only accepted contributions,
each at the value of the table version it was accepted with), what is left and the
deadline, in Dutch or English. Made like the impact report (`impact_reports`): a job row,
a task, a status page, a private file, WeasyPrint with the shipped fonts, tagged PDF/UA;
`portal.generated_files` builds, serves and deletes it. Only someone who may see the
obligation asks for it or downloads it, checked again at the download.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.generated_files import generated_file_build, generated_file_queue
from portal.pdf import render_pdf

from . import selectors
from .models import ContributionKind, Obligation, ObligationReport
from .permissions import Side, obligation_permission_policy
from .schemes import SMALL_CELL
from .valuation import ActivityKind, next_report_due


def _kind_label(row: dict) -> str:
    if row["kind"] == ContributionKind.ACTIVITY:
        return str(dict(ActivityKind.choices).get(row["activity_kind"], row["activity_kind"]))
    return str(ContributionKind(row["kind"]).label)


def report_context(*, user: User, obligation: Obligation) -> dict[str, Any]:
    """What the report shows `user` about `obligation` (annotated by `selectors.obligation_for`).

    As on the obligation's page, a supplier does not see what its placements are worth one by
    one (the value follows from the coach's target group): a row with 1 to 4 placements shows
    no value to the supplier's side.
    """
    sides = obligation_permission_policy.sides(user, obligation)
    supplier_only = Side.SUPPLIER in sides and Side.AUTHORITY not in sides

    def shown(row: dict) -> dict:
        hidden = supplier_only and 0 < row["placements"] < SMALL_CELL
        return {**row, "value": None if hidden else row["value"], "hidden": hidden}

    today = timezone.localdate()
    statuses = selectors.contributions_by_status(obligation=obligation)
    return {
        "obligation": obligation,
        "progress": selectors.progress_of(obligation),
        "months": [shown(row) for row in selectors.counted_by_month(obligation=obligation)],
        "kinds": [
            {**shown(row), "label": _kind_label(row)}
            for row in selectors.counted_by_kind(obligation=obligation)
        ],
        "statuses": statuses,
        "next_due": next_report_due(
            start=obligation.start_date,
            end=obligation.end_date,
            every_months=obligation.reporting_rhythm,
            today=today,
        ),
        "days_left": (obligation.end_date - today).days,
        "made_on": today,
    }


def report_html(*, user: User, obligation: Obligation, language: str) -> str:
    with translation.override(language):
        context = report_context(user=user, obligation=obligation)
        context["language"] = language
        return render_to_string("socialreturn/pdf/obligation_report.html", context)


def report_render(*, user: User, obligation: Obligation, language: str) -> bytes:
    html = report_html(user=user, obligation=obligation, language=language)
    return render_pdf(html)


@transaction.atomic
def obligation_report_request(*, obligation_id: int, by: User, language: str) -> ObligationReport:
    """Ask for an obligation's progress as a PDF; it is rendered in the background.

    Raises Http404 when `by` may not see the obligation, as its page does.
    """
    if not obligation_permission_policy.visible_to(by).filter(pk=obligation_id).exists():
        raise Http404
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    report = ObligationReport.objects.create(
        requested_by=by, obligation_id=obligation_id, language=language
    )
    audit_record(
        actor=by, action="obligation_report.request", target=report, details={"language": language}
    )
    generated_file_queue(report)
    return report


def obligation_report_build(*, report_id: int) -> None:
    """Render a requested report into the private storage (runs in the worker)."""
    generated_file_build(ObligationReport, report_id, render=_report_content)


def _report_content(report: ObligationReport, progress: Callable[[int], None]) -> bytes:
    obligation = selectors.obligation_for(user=report.requested_by, pk=report.obligation_id)
    if obligation is None:
        # No longer theirs to see: the build fails with this reason instead of leaking.
        raise PermissionError("the requester may no longer see the obligation")
    progress(30)
    return report_render(user=report.requested_by, obligation=obligation, language=report.language)


def obligation_report_for(*, user: User, public_id) -> ObligationReport | None:
    """A report `user` asked for and whose obligation they may still see, else None."""
    if not user.is_authenticated:
        return None
    report = ObligationReport.objects.filter(public_id=public_id, requested_by=user).first()
    if report is None:
        return None
    if not obligation_permission_policy.visible_to(user).filter(pk=report.obligation_id).exists():
        return None
    return report


def obligation_report_record_download(*, report: ObligationReport, by: User) -> None:
    audit_record(actor=by, action="obligation_report.download", target=report)


def obligation_report_filename(report: ObligationReport) -> str:
    reference = "".join(
        c if c.isalnum() or c in "-_" else "-" for c in report.obligation.contract_reference
    )
    return f"voortgang-{reference}-{timezone.localdate(report.created_at):%Y-%m-%d}.pdf"
