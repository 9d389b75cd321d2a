"""The coach's screens: the caseload of their organisation and the proposals it made.

An organisation the user does not coach for answers 404, so it cannot be probed. The
services decide who may change what; the views parse, call them and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts.models import User
from portal.audit.services import audit_record_names_seen
from portal.organisations.models import Organisation

from . import selectors, services
from .caseload_forms import (
    CaseloadFilterForm,
    CoachForm,
    ProposalStageForm,
    TargetGroupForm,
    WithdrawForm,
)
from .models import CaseloadAssignment, Placement, Proposal, TargetGroup
from .permissions import caseload_organisations, coach_organisations

PAGE_SIZE = 50
# Each proposal is a card with its forms: on a phone 50 of them made a page of 19,500 px.
PROPOSALS_PAGE_SIZE = 15


def _organisation_or_404(organisations, slug: str) -> Organisation:
    organisation = organisations.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def caseload(request: HttpRequest, slug: str) -> HttpResponse:
    """The jobseekers of the organisation, the viewer's own first, with filters and sorting."""
    organisation = _organisation_or_404(caseload_organisations(request.user), slug)
    form = CaseloadFilterForm(request.GET)
    rows = selectors.caseload_rows(
        organisation=organisation, viewer=request.user, filters=form.filters()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    # The organisation's own record, shown to its own staff only (this page is theirs).
    target_groups = dict(
        CaseloadAssignment.objects.filter(
            organisation=organisation,
            ended_at__isnull=True,
            jobseeker_id__in=[person.pk for person in page.object_list],
        ).values_list("jobseeker_id", "target_group")
    )
    for person in page.object_list:
        person.target_group = target_groups.get(person.pk, "")
    audit_record_names_seen(
        viewer=request.user,
        subject_ids=[person.pk for person in page.object_list],
        where="caseload",
    )
    may_change = coach_organisations(request.user).filter(pk=organisation.pk).exists()
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "intermediaries/caseload.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "filter_query": query.urlencode(),
            "may_change": may_change,
            "coaches": (
                list(selectors.organisation_coaches(organisation=organisation))
                if may_change
                else []
            ),
            "parts_total": selectors.PORTFOLIO_PARTS,
            "target_group_choices": TargetGroup.choices,
        },
    )


def _caseload_change(request: HttpRequest, slug: str, jobseeker_pk: int, action) -> HttpResponse:
    organisation = _organisation_or_404(caseload_organisations(request.user), slug)
    # Training staff read the caseload; changing it is for coaches and admins.
    if not coach_organisations(request.user).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    jobseeker = get_object_or_404(User, pk=jobseeker_pk)
    form = CoachForm(
        request.POST, coaches=selectors.organisation_coaches(organisation=organisation)
    )
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a coach of this organisation.")
            if "coach" in form.errors
            else _("Choose a target group from the list."),
        )
    else:
        try:
            action(
                jobseeker=jobseeker,
                coach=form.cleaned_data["coach"],
                organisation=organisation,
                # Not asked (an older form): the hand-over keeps the recorded one.
                target_group=(
                    form.cleaned_data["target_group"] if "target_group" in request.POST else None
                ),
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("%(jobseeker)s is now with %(coach)s.")
                % {
                    "jobseeker": jobseeker.get_full_name() or jobseeker.email,
                    "coach": form.cleaned_data["coach"].get_full_name(),
                },
            )
    return redirect("caseload", slug=organisation.slug)


@login_required
@require_POST
def caseload_assign(request: HttpRequest, slug: str, jobseeker_pk: int) -> HttpResponse:
    """Put a jobseeker without a coach here on a coach's caseload (coaches and admins only)."""

    def assign(*, jobseeker, coach, organisation, target_group):
        services.caseload_assign(
            jobseeker=jobseeker,
            coach=coach,
            organisation=organisation,
            by=request.user,
            target_group=target_group or "",
        )

    return _caseload_change(request, slug, jobseeker_pk, assign)


@login_required
@require_POST
def caseload_hand_over(request: HttpRequest, slug: str, jobseeker_pk: int) -> HttpResponse:
    """Hand a jobseeker over to another coach of the organisation (coaches and admins only)."""

    def hand_over(*, jobseeker, coach, organisation, target_group):
        services.caseload_hand_over(
            jobseeker=jobseeker,
            to_coach=coach,
            organisation=organisation,
            by=request.user,
            target_group=target_group,
        )

    return _caseload_change(request, slug, jobseeker_pk, hand_over)


@login_required
def organisation_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """The proposals the organisation made: state, last step, withdraw and target group."""
    organisation = _organisation_or_404(coach_organisations(request.user), slug)
    stage_form = ProposalStageForm(request.GET)
    stage = stage_form.stage()
    proposals = selectors.proposals_of_organisation(
        organisation=organisation, viewer=request.user, stage=stage
    )
    page = Paginator(proposals, PROPOSALS_PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "intermediaries/organisation_proposals.html",
        {
            "organisation": organisation,
            "page": page,
            "stage": stage,
            "stages": stage_form.fields["toon"].choices,
            "filter_query": f"toon={stage}" if stage else "",
            "target_group_form": TargetGroupForm(),
        },
    )


def _proposal_of(request: HttpRequest, slug: str, pk: int) -> tuple[Organisation, Proposal]:
    organisation = _organisation_or_404(coach_organisations(request.user), slug)
    proposal = get_object_or_404(Proposal, pk=pk, organisation=organisation)
    return organisation, proposal


@login_required
@require_POST
def organisation_proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coach withdraws one of the organisation's proposals, with an optional note."""
    organisation, proposal = _proposal_of(request, slug, pk)
    form = WithdrawForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The proposal is withdrawn."))
    return redirect("organisation_proposals", slug=organisation.slug)


@login_required
@require_POST
def organisation_proposal_target_group(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A coach records the target group of a placement. Employers never see it."""
    organisation, proposal = _proposal_of(request, slug, pk)
    placement = get_object_or_404(Placement, proposal=proposal)
    form = TargetGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a target group."))
    else:
        services.placement_record_target_group(
            placement=placement,
            by=request.user,
            target_group=form.cleaned_data["target_group"],
            mbo_level=form.cleaned_data["mbo_level"],
        )
        messages.success(request, _("The target group is saved."))
    return redirect("organisation_proposals", slug=organisation.slug)
