"""Screens of social return: obligations, reporting and deciding, the impact dashboard and
its exports, and an employer's banenafspraak and PSO estimate. Thin: parse, call a service
or selector, render. Obligations someone has no business with answer 404."""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intermediaries.permissions import coach_organisations
from portal.generated_files import generated_file_response
from portal.impact import ImpactScope, impact_sections
from portal.organisations.models import Organisation

from . import (
    exports,
    impact_reports,
    obligation_reports,
    placement_exports,
    selectors,
    services,
)
from .forms import (
    ActivityContributionForm,
    ConfirmForm,
    DecisionForm,
    FollowUpForm,
    FteForm,
    ImpactFilterForm,
    ImpactReportForm,
    ObligationForm,
    OutsideHireForm,
    PlacementContributionForm,
)
from .impact import impact_charts, impact_tables
from .models import Contribution, ContributionStatus, ImpactReport
from .permissions import (
    ADD,
    DECIDE,
    REPORT,
    VIEW,
    Side,
    may_read_impact,
    obligation_permission_policy,
    own_placement_organisations,
    supplier_organisations,
)
from .pso import employer_figures, pso_weights
from .valuation import next_report_due


def _refused(form, error: ValidationError | PermissionDenied) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


def _obligation_or_404(request: HttpRequest, pk: int):
    obligation = selectors.obligation_for(user=request.user, pk=pk)
    if obligation is None:
        raise Http404
    return obligation


def _may_or_403(request: HttpRequest, obligation, action: str) -> None:
    if not obligation_permission_policy.user_has_permission_for_instance(
        request.user, action, obligation
    ):
        raise PermissionDenied


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    """Every obligation the user may see, with its progress."""
    if not obligation_permission_policy.user_has_permission(request.user, VIEW):
        raise Http404
    may_record = obligation_permission_policy.user_has_permission(request.user, ADD)
    obligations = list(selectors.obligations_for(user=request.user)[:200])
    rows = [(obligation, selectors.progress_of(obligation)) for obligation in obligations]
    return render(
        request,
        "socialreturn/obligation_list.html",
        {"rows": rows, "may_record": may_record},
    )


@login_required
def obligation_create(request: HttpRequest) -> HttpResponse:
    """The authority records an obligation on a supplier."""
    if not obligation_permission_policy.user_has_permission(request.user, ADD):
        raise Http404
    authorities = selectors.authorities_for(user=request.user)
    form = ObligationForm(
        request.POST or None, authorities=authorities, suppliers=selectors.supplier_choices()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obligation = services.obligation_create(by=request.user, **data)
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The obligation is recorded. The supplier can see it now."))
            return redirect("sroi_obligation_detail", pk=obligation.pk)
    return render(request, "socialreturn/obligation_form.html", {"form": form})


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress in euros and percent, what is missing, the next report, every contribution."""
    obligation = _obligation_or_404(request, pk)
    sides = obligation_permission_policy.sides(request.user, obligation)
    contributions = list(selectors.contributions_of(obligation=obligation))
    return render(
        request,
        "socialreturn/obligation_detail.html",
        {
            "obligation": obligation,
            "progress": selectors.progress_of(obligation),
            "next_due": next_report_due(
                start=obligation.start_date,
                end=obligation.end_date,
                every_months=obligation.reporting_rhythm,
                today=timezone.localdate(),
            ),
            "contributions": contributions,
            "is_authority": Side.AUTHORITY in sides,
            "is_supplier": Side.SUPPLIER in sides,
            "decision_form": DecisionForm(),
            "waiting": ContributionStatus.REPORTED,
            "report_form": ImpactReportForm(initial={"language": get_language()}),
        },
    )


@login_required
@require_POST
def obligation_report_request(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the obligation's progress as a PDF made in the background."""
    form = ImpactReportForm(request.POST)
    if not form.is_valid():
        _obligation_or_404(request, pk)
        messages.error(request, _("Choose the language of the report."))
        return redirect("sroi_obligation_detail", pk=pk)
    report = obligation_reports.obligation_report_request(
        obligation_id=pk, by=request.user, language=form.cleaned_data["language"]
    )
    return redirect("sroi_obligation_report_status", public_id=report.public_id)


def _obligation_report_or_404(request: HttpRequest, public_id):
    report = obligation_reports.obligation_report_for(user=request.user, public_id=public_id)
    if report is None:
        raise Http404
    return report


@login_required
def obligation_report_status(request: HttpRequest, public_id) -> HttpResponse:
    """Progress of the PDF being made; its live region follows it until the download is ready."""
    report = _obligation_report_or_404(request, public_id)
    return render(request, "socialreturn/obligation_report_status.html", {"report": report})


@login_required
def obligation_report_download(request: HttpRequest, public_id) -> HttpResponse:
    report = _obligation_report_or_404(request, public_id)
    response = generated_file_response(
        report, filename=obligation_reports.obligation_report_filename(report)
    )
    obligation_reports.obligation_report_record_download(report=report, by=request.user)
    return response


def _report(request: HttpRequest, obligation, form, *, report, kind: str, done: str):
    """The supplier's report form: `report` (a service) on a valid post, else the form again."""
    if request.method == "POST" and form.is_valid():
        try:
            report(obligation=obligation, by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect("sroi_obligation_detail", pk=obligation.pk)
    return render(
        request,
        "socialreturn/contribution_form.html",
        {"obligation": obligation, "form": form, "kind": kind},
    )


@login_required
def contribution_placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier counts one of its placements toward the obligation."""
    obligation = _obligation_or_404(request, pk)
    _may_or_403(request, obligation, REPORT)
    placements = selectors.reportable_placements(obligation=obligation)
    form = PlacementContributionForm(request.POST or None, placements=placements)
    return _report(
        request,
        obligation,
        form,
        report=services.contribution_report_placement,
        kind="placement",
        done=_("The placement is reported. The authority will decide."),
    )


@login_required
def contribution_activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier reports another activity: time given or money spent."""
    obligation = _obligation_or_404(request, pk)
    _may_or_403(request, obligation, REPORT)
    return _report(
        request,
        obligation,
        ActivityContributionForm(request.POST or None),
        report=services.contribution_report_activity,
        kind="activity",
        done=_("The activity is reported. The authority will decide."),
    )


@login_required
def contribution_outside_hire_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier registers a hire from outside the portal, for a coach to confirm."""
    obligation = _obligation_or_404(request, pk)
    _may_or_403(request, obligation, REPORT)
    form = OutsideHireForm(
        request.POST or None, intermediaries=services.confirming_intermediaries().order_by("name")
    )
    return _report(
        request,
        obligation,
        form,
        report=services.contribution_report_outside_hire,
        kind="outside_hire",
        done=_("The hire is registered. A coach confirms it, then the authority decides."),
    )


@login_required
def confirmations(request: HttpRequest, slug: str) -> HttpResponse:
    """Coaches confirm (or not) hires from outside the portal that suppliers name them for."""
    organisation = coach_organisations(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    waiting = selectors.awaiting_confirmation(organisation=organisation)
    if request.method == "POST":
        row = request.POST.get("row", "")
        form = ConfirmForm(request.POST, prefix=row if re.fullmatch(r"c\d{1,10}", row) else "x")
        if form.is_valid():
            contribution = get_object_or_404(waiting, pk=form.cleaned_data["contribution"])
            try:
                services.contribution_confirm(
                    contribution=contribution,
                    by=request.user,
                    confirmed=form.cleaned_data["confirmed"],
                    reason=form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(
                    request, _("Thank you. The supplier and the authority see your answer.")
                )
        else:
            messages.error(request, _("Choose yes or no."))
        return redirect("sroi_confirmations", slug=organisation.slug)
    rows = [
        (item, ConfirmForm(initial={"contribution": item.pk}, prefix=f"c{item.pk}"))
        for item in waiting[:100]
    ]
    return render(
        request,
        "socialreturn/confirmations.html",
        {"organisation": organisation, "rows": rows},
    )


@login_required
@require_POST
def contribution_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The authority accepts a contribution, or rejects it with a reason."""
    contribution = get_object_or_404(
        Contribution.objects.filter(
            obligation__in=obligation_permission_policy.visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    _may_or_403(request, contribution.obligation, DECIDE)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.contribution_accept(contribution=contribution, by=request.user)
                messages.success(request, _("Accepted: it counts toward the obligation."))
            else:
                services.contribution_reject(
                    contribution=contribution, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Rejected. The supplier sees your reason."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("sroi_obligation_detail", pk=contribution.obligation_id)


@dataclass
class ImpactView:
    form: ImpactFilterForm
    filters: selectors.ImpactFilters
    own: set[int]  # the viewer's own intermediaries: their placements show unhidden
    own_view: bool
    tables: list


def _impact_filters(request: HttpRequest) -> tuple[ImpactFilterForm, selectors.ImpactFilters]:
    if not may_read_impact(request.user):
        raise Http404
    organisations = selectors.impact_organisations()
    form = ImpactFilterForm(request.GET, organisations=organisations)
    return form, selectors.ImpactFilters(**form.filters())


def _impact_view(request: HttpRequest) -> ImpactView:
    form, filters = _impact_filters(request)
    own = set(own_placement_organisations(request.user))
    own_view = filters.organisation_id is not None and filters.organisation_id in own
    data = selectors.impact_data(user=request.user, filters=filters)
    tables = impact_tables(data, filters=filters, own_organisation=own_view)
    return ImpactView(form, filters, own, own_view, tables)


@login_required
def impact_dashboard(request: HttpRequest) -> HttpResponse:
    """Placements per target group against the targets, follow-ups, banenafspraak, trends and
    value; each chart beside its table."""
    view = _impact_view(request)
    filters = view.filters
    charts = impact_charts(view.tables, filters=filters)
    query = request.GET.urlencode()
    return render(
        request,
        "socialreturn/impact.html",
        {
            "form": view.form,
            "filters": filters,
            "tables": [(table, charts.get(table.key)) for table in view.tables],
            "own_view": view.own_view,
            "may_export_placements": filters.organisation_id in view.own,
            "query": query,
            # Figures other apps add (events), through the registry in portal.impact.
            "sections": impact_sections(
                user=request.user,
                scope=ImpactScope(
                    start=date(filters.year_from, 1, 1),
                    end=date(filters.year_to, 12, 31),
                    organisation_id=filters.organisation_id,
                    sector=filters.sector,
                    target_group=filters.target_group,
                ),
            ),
            "report_form": ImpactReportForm(initial={"language": get_language()}),
        },
    )


@login_required
@require_POST
def impact_report_request(request: HttpRequest) -> HttpResponse:
    """Ask for the dashboard, with the filters in the address, as a PDF made in the background."""
    _form, filters = _impact_filters(request)
    form = ImpactReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the report."))
        return redirect(reverse("sroi_impact") + "?" + request.GET.urlencode())
    report = impact_reports.impact_report_request(
        filters=filters, by=request.user, language=form.cleaned_data["language"]
    )
    return redirect("sroi_impact_report_status", public_id=report.public_id)


def _report_or_404(request: HttpRequest, public_id) -> ImpactReport:
    report = impact_reports.impact_report_for(user=request.user, public_id=public_id)
    if report is None:
        raise Http404
    return report


@login_required
def impact_report_status(request: HttpRequest, public_id) -> HttpResponse:
    """Progress of a report being made; its live region follows it until the download is ready."""
    report = _report_or_404(request, public_id)
    return render(
        request,
        "socialreturn/impact_report_status.html",
        {
            "report": report,
            "busy": report.is_busy,
            "expires_at": report.expires_at,
        },
    )


@login_required
def impact_report_download(request: HttpRequest, public_id) -> HttpResponse:
    report = _report_or_404(request, public_id)
    response = generated_file_response(
        report, filename=impact_reports.impact_report_filename(report)
    )
    impact_reports.impact_report_record_download(report=report, by=request.user)
    return response


@login_required
def impact_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table of the dashboard, or every placement of one's own organisation, as CSV or XLSX."""
    view = _impact_view(request)
    filters = view.filters
    if table == exports.PLACEMENTS:
        # The workbook of every placement is made in the background (placement_export_request).
        if filters.organisation_id not in view.own or fmt != "csv":
            raise Http404
        return exports.placements_csv_response(
            rows=selectors.placement_rows(
                organisation_ids=[filters.organisation_id], filters=filters
            ),
        )
    chosen = next((t for t in view.tables if t.key == table), None)
    if chosen is None:
        raise Http404
    return exports.table_response(chosen, fmt=fmt)


@login_required
@require_POST
def placement_export_request(request: HttpRequest) -> HttpResponse:
    """Ask for every placement of one's own organisation, with the dashboard's filters, as an
    Excel file made in the background."""
    _form, filters = _impact_filters(request)
    export = placement_exports.placement_export_request(filters=filters, by=request.user)
    return redirect("sroi_placement_export_status", public_id=export.public_id)


def _placement_export_or_404(request: HttpRequest, public_id):
    export = placement_exports.placement_export_for(user=request.user, public_id=public_id)
    if export is None:
        raise Http404
    return export


@login_required
def placement_export_status(request: HttpRequest, public_id) -> HttpResponse:
    """How far the workbook is; its live region follows it until the download is ready."""
    export = _placement_export_or_404(request, public_id)
    return render(request, "socialreturn/placement_export_status.html", {"export": export})


@login_required
def placement_export_download(request: HttpRequest, public_id) -> HttpResponse:
    export = _placement_export_or_404(request, public_id)
    response = generated_file_response(
        export, filename=placement_exports.placement_export_filename(export)
    )
    placement_exports.placement_export_record_download(export=export, by=request.user)
    return response


@login_required
def employer_impact(request: HttpRequest, slug: str) -> HttpResponse:
    """An employer's banenafspraak jobs per year and indicative PSO score, beside its certificate."""
    organisation = Organisation.objects.filter(
        pk__in=supplier_organisations(request.user).values("pk"), slug=slug
    ).first()
    if organisation is None and request.user.is_network_admin:
        organisation = get_object_or_404(
            Organisation, slug=slug, kind__in=("employer", "social_enterprise")
        )
    if organisation is None:
        raise Http404
    is_staff = supplier_organisations(request.user).filter(pk=organisation.pk).exists()
    form = FteForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not is_staff:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.employer_fte_state(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                _refused(form, error)
            else:
                messages.success(request, _("The total FTE is saved."))
                return redirect("sroi_employer_impact", slug=organisation.slug)
    return render(
        request,
        "socialreturn/employer_impact.html",
        {
            "organisation": organisation,
            "years": employer_figures(organisation=organisation),
            "weights": pso_weights(),
            "form": form if is_staff else None,
        },
    )


@login_required
def follow_ups(request: HttpRequest, slug: str) -> HttpResponse:
    """The coaches' follow-up list: does a placed person still work there after 6 and 12 months?"""
    organisation = coach_organisations(request.user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    today = timezone.localdate()
    placements = selectors.follow_up_placements(organisation=organisation, today=today)
    if request.method == "POST":
        # Every row's form has its own prefix ("p" and the placement), so its ids are unique.
        row = request.POST.get("row", "")
        form = FollowUpForm(request.POST, prefix=row if re.fullmatch(r"p\d{1,10}", row) else "x")
        if form.is_valid():
            placement = get_object_or_404(placements, pk=form.cleaned_data["placement"])
            try:
                services.follow_up_record(
                    placement=placement,
                    by=request.user,
                    working_after_6_months=form.answer(form.cleaned_data["after_6"]),
                    working_after_12_months=form.answer(form.cleaned_data["after_12"]),
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, _("The follow-up is saved."))
        else:
            messages.error(request, _("Choose yes, no or not known yet."))
        return redirect("sroi_follow_ups", slug=organisation.slug)
    page = Paginator(placements, 50).get_page(request.GET.get("pagina"))
    rows = []
    for placement in page.object_list:
        follow_up = getattr(placement, "follow_up", None)
        initial = {"placement": placement.pk}
        if follow_up is not None:
            for name, value in (
                ("after_6", follow_up.working_after_6_months),
                ("after_12", follow_up.working_after_12_months),
            ):
                initial[name] = {True: "yes", False: "no"}.get(value, "")
        rows.append((placement, FollowUpForm(initial=initial, prefix=f"p{placement.pk}")))
    return render(
        request,
        "socialreturn/follow_ups.html",
        {"organisation": organisation, "rows": rows, "page": page, "filter_query": ""},
    )
