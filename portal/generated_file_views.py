"""The status page and the download of a generated file (`portal.generated_files`), as views.

Every kind of generated file is followed and fetched the same way: find the job by its
public id among those the user may see (else 404, so a guessed address reveals nothing),
show its status page, or hand out the finished file and record the download. An app
states only what differs::

    report_views = GeneratedFileViews(
        find=lambda *, user, public_id: reports.report_for(user=user, public_id=public_id),
        filename=reports.report_filename,
        record_download=lambda job, by: reports.report_record_download(report=job, by=by),
        template="myapp/report_status.html",
        context_name="report",
    )
    path("<uuid:public_id>/", report_views.status, name="..."),
    path("<uuid:public_id>/download/", report_views.download, name="..."),

The status template gets the job under `context_name`, and `busy` and `expires_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .generated_files import GeneratedFile, generated_file_response

# find(user=..., public_id=...): the job if the user may see it now, else None.
Finder = Callable[..., GeneratedFile | None]


class GeneratedFileViews:
    """`status` and `download`, two views for one kind of generated file."""

    def __init__(
        self,
        *,
        find: Finder,
        filename: Callable[[Any], str],
        record_download: Callable[[Any, Any], None],
        template: str,
        context_name: str = "job",
    ) -> None:
        self.find = find
        self.filename = filename
        self.record_download = record_download
        self.template = template
        self.context_name = context_name
        self.status = login_required(self._status)
        self.download = login_required(self._download)

    def _job_or_404(self, request: HttpRequest, public_id) -> GeneratedFile:
        job = self.find(user=request.user, public_id=public_id)
        if job is None:
            raise Http404
        return job

    def _status(self, request: HttpRequest, public_id) -> HttpResponse:
        """How far the file is; its live region follows it until the download is ready."""
        job = self._job_or_404(request, public_id)
        return render(
            request,
            self.template,
            {self.context_name: job, "busy": job.is_busy, "expires_at": job.expires_at},
        )

    def _download(self, request: HttpRequest, public_id) -> HttpResponse:
        """The finished file (404 while it is not ready), and the download recorded."""
        job = self._job_or_404(request, public_id)
        response = generated_file_response(job, filename=self.filename(job))
        self.record_download(job, request.user)
        return response
