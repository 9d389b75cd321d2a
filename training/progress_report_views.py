"""Progress report PDFs: ask for one, follow it being made, download it.

Staff ask at their training centre for a person enrolled there; the person asks for
their own. Anyone else, and any report one did not ask for, gets 404. The download
checks the permission again, as the PDF CV does.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from portal.accounts.models import User
from portal.generated_files import generated_file_response
from portal.organisations.models import Organisation

from . import progress_reports as reports
from .cohort_forms import ProgressReportForm
from .models import ProgressReport
from .views import training_centre_or_404


def _request_page(
    request: HttpRequest, *, jobseeker: User, organisation: Organisation | None
) -> HttpResponse:
    if not reports.may_request(user=request.user, jobseeker=jobseeker, organisation=organisation):
        raise Http404
    form = ProgressReportForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        report = reports.progress_report_request(
            jobseeker=jobseeker,
            organisation=organisation,
            by=request.user,
            language=form.cleaned_data["language"],
        )
        return redirect("progress_report_status", public_id=report.public_id)
    return render(
        request,
        "training/progress_reports/request.html",
        {
            "form": form,
            "jobseeker": jobseeker,
            "organisation": organisation,
            "is_own": organisation is None,
            "keep_days": ProgressReport.keep_days(),
        },
    )


@login_required
def progress_report_request(request: HttpRequest, slug: str, jobseeker_pk: int) -> HttpResponse:
    """Staff: choose the language (GET) and ask for the report (POST)."""
    organisation = training_centre_or_404(request, slug)
    jobseeker = get_object_or_404(User, pk=jobseeker_pk)
    return _request_page(request, jobseeker=jobseeker, organisation=organisation)


@login_required
def my_progress_report_request(request: HttpRequest) -> HttpResponse:
    """The person: ask for a report of their own progress."""
    return _request_page(request, jobseeker=request.user, organisation=None)


def _report_or_404(request: HttpRequest, public_id) -> ProgressReport:
    report = reports.progress_report_for(user=request.user, public_id=public_id)
    if report is None:
        raise Http404
    return report


@login_required
def progress_report_status(request: HttpRequest, public_id) -> HttpResponse:
    """Progress of a report being made; its live region follows it until the download is ready."""
    report = _report_or_404(request, public_id)
    return render(
        request,
        "training/progress_reports/status.html",
        {"report": report, "again_url": _request_url(report)},
    )


def _request_url(report: ProgressReport) -> str:
    if report.organisation is None:
        return reverse("my_progress_report_request")
    return reverse("progress_report_request", args=[report.organisation.slug, report.jobseeker_id])


@login_required
def progress_report_download(request: HttpRequest, public_id) -> HttpResponse:
    report = _report_or_404(request, public_id)
    response = generated_file_response(report, filename=reports.progress_report_filename(report))
    reports.progress_report_record_download(report=report, by=request.user)
    return response
