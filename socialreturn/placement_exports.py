"""Every placement of one's own organisation as an XLSX workbook, made in the background.

At 100,000 placements the workbook takes seconds, so it is made like the reports: a job
row, a task, a status page that shows how many percent is written, a private file that
`portal.generated_files` serves and deletes. Only staff of the coach's organisation whose
placements they are ask for it or download it, checked again at the download.
"""

from collections.abc import Callable
from dataclasses import asdict

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.generated_files import generated_file_build, generated_file_queue

from . import exports, selectors
from .models import PlacementExport
from .permissions import own_placement_organisations
from .selectors import ImpactFilters


def _own(user: User, filters: ImpactFilters) -> bool:
    return filters.organisation_id in own_placement_organisations(user)


@transaction.atomic
def placement_export_request(*, filters: ImpactFilters, by: User) -> PlacementExport:
    """Ask for every placement of `filters.organisation_id` in the period as XLSX.

    Raises Http404 unless it is one of `by`'s own organisations, as the dashboard link does.
    """
    if not _own(by, filters):
        raise Http404
    export = PlacementExport.objects.create(requested_by=by, filters=asdict(filters))
    audit_record(actor=by, action="placement_export.request", target=export)
    generated_file_queue(export)
    return export


def placement_export_build(*, export_id: int) -> None:
    """Write a requested workbook into the private storage (runs in the worker)."""
    generated_file_build(PlacementExport, export_id, render=_content)


def _content(export: PlacementExport, progress: Callable[[int], None]) -> bytes:
    filters = ImpactFilters(**export.filters)
    if not _own(export.requested_by, filters):
        raise PermissionError("the organisation is no longer the requester's own")
    ids = [filters.organisation_id]
    total = selectors.placement_count(organisation_ids=ids, filters=filters)
    return exports.placements_xlsx(
        rows=selectors.placement_rows(organisation_ids=ids, filters=filters),
        done=lambda written: progress(written * 100 // max(total, 1)),
    )


def placement_export_for(*, user: User, public_id) -> PlacementExport | None:
    """An export `user` asked for, of an organisation still their own, else None."""
    if not user.is_authenticated:
        return None
    export = PlacementExport.objects.filter(public_id=public_id, requested_by=user).first()
    if export is None or not _own(user, ImpactFilters(**export.filters)):
        return None
    return export


def placement_export_record_download(*, export: PlacementExport, by: User) -> None:
    audit_record(actor=by, action="placement_export.download", target=export)


def placement_export_filename(export: PlacementExport) -> str:
    return f"{exports.PLACEMENTS}-{timezone.localdate(export.created_at):%Y-%m-%d}.xlsx"
