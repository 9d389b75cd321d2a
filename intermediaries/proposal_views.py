"""The jobseeker's "Proposals for me" and the employer's inbox of proposed candidates per vacancy.

Views parse the request, call a service and render; whether a step is possible is the
services' call. A refused step shows the page again with the service's message next to
the form, with what was typed still in it. Proposals and vacancies someone has no part
in answer 404, so they cannot be probed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.accounts.models import User
from portfolios.permissions import portfolio_permission_policy
from vacancies.models import Vacancy

from . import selectors, services
from .explanations import StoredExplanation, stored_explanation
from .models import ContractType, Proposal, ProposalState
from .proposal_forms import (
    EmployerDeclineForm,
    InterviewForm,
    JobseekerAgreeForm,
    JobseekerDeclineForm,
    NotPlacedForm,
    PlacedForm,
)
from .selectors import EmployerProposal

# --- The jobseeker: "Proposals for me" ------------------------------------------------------


@dataclass
class JobseekerRow:
    proposal: Proposal
    explanation: StoredExplanation
    agree_form: forms.Form | None = None
    decline_form: forms.Form | None = None


def _render_my_proposals(
    request: HttpRequest, *, bound: dict[int, dict[str, forms.Form]] | None = None, status=200
) -> HttpResponse:
    bound = bound or {}
    rows = []
    for proposal in selectors.proposals_for_jobseeker(jobseeker=request.user):
        row = JobseekerRow(proposal=proposal, explanation=stored_explanation(proposal.explanation))
        if proposal.state == ProposalState.PROPOSED or proposal.pk in bound:
            forms_of_row = bound.get(proposal.pk, {})
            row.agree_form = forms_of_row.get("agree") or JobseekerAgreeForm(
                prefix=f"p{proposal.pk}"
            )
            row.decline_form = forms_of_row.get("decline") or JobseekerDeclineForm(
                prefix=f"p{proposal.pk}"
            )
        rows.append(row)
    consent = selectors.consent_of_jobseeker(jobseeker=request.user)
    return render(
        request,
        "intermediaries/my_proposals.html",
        {
            "rows": rows,
            "name_shared": bool(consent and consent.employers_see_name),
            "portfolio_shared": bool(consent and consent.employers_may_see),
        },
        status=status,
    )


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    """Work a coach proposed to the jobseeker: what, where, why, and their yes or no."""
    return _render_my_proposals(request)


def _my_proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposals_for_jobseeker(jobseeker=request.user).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


@login_required
@require_POST
def my_proposal_agree(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _my_proposal(request, pk)
    form = JobseekerAgreeForm(request.POST, prefix=f"p{pk}")
    try:
        services.proposal_jobseeker_agree(proposal=proposal, by=request.user)
    except ValidationError as error:
        form.is_valid()
        form.add_error(None, error)
        return _render_my_proposals(request, bound={pk: {"agree": form}}, status=400)
    messages.success(request, _("You said yes. We let your coach and the employer know."))
    return redirect("my_proposals")


@login_required
@require_POST
def my_proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _my_proposal(request, pk)
    form = JobseekerDeclineForm(request.POST, prefix=f"p{pk}")
    if form.is_valid():
        try:
            services.proposal_jobseeker_decline(
                proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("You said no. We let your coach know."))
            return redirect("my_proposals")
    return _render_my_proposals(request, bound={pk: {"decline": form}}, status=400)


# --- The employer: proposed candidates per vacancy --------------------------------------------


def _invite(proposal: Proposal, form: InterviewForm, by: User) -> None:
    # Interested and the interview date are one answer here: both steps or neither.
    with transaction.atomic():
        proposal = services.proposal_employer_interested(proposal=proposal, by=by)
        services.proposal_plan_interview(
            proposal=proposal,
            by=by,
            interview_at=form.interview_at(),
            place=form.cleaned_data["place"],
            note=form.cleaned_data["note"],
        )


def _plan(proposal: Proposal, form: InterviewForm, by: User) -> None:
    services.proposal_plan_interview(
        proposal=proposal,
        by=by,
        interview_at=form.interview_at(),
        place=form.cleaned_data["place"],
        note=form.cleaned_data["note"],
    )


def _decline(proposal: Proposal, form: EmployerDeclineForm, by: User) -> None:
    services.proposal_employer_decline(
        proposal=proposal, by=by, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
    )


def _placed(proposal: Proposal, form: PlacedForm, by: User) -> None:
    services.proposal_mark_placed(proposal=proposal, by=by, **form.cleaned_data)


def _not_placed(proposal: Proposal, form: NotPlacedForm, by: User) -> None:
    services.proposal_mark_not_placed(proposal=proposal, by=by, note=form.cleaned_data["note"])


RECORDED = gettext_lazy("Your answer is recorded. The coach hears about it.")


@dataclass(frozen=True)
class Answer:
    form: type[forms.Form]
    act: Callable[[Proposal, forms.Form, User], None]
    done: str  # what to say when it worked


# The URL's action → its form, the service call and what to say when it worked.
ANSWERS: dict[str, Answer] = {
    "uitnodigen": Answer(
        InterviewForm,
        _invite,
        gettext_lazy("The invitation is recorded. The coach and the jobseeker hear about it."),
    ),
    "gesprek-plannen": Answer(
        InterviewForm,
        _plan,
        gettext_lazy("The job interview is planned. The coach and the jobseeker hear about it."),
    ),
    "afwijzen": Answer(EmployerDeclineForm, _decline, RECORDED),
    "aangenomen": Answer(
        PlacedForm, _placed, gettext_lazy("Congratulations! The placement is recorded.")
    ),
    "niet-aangenomen": Answer(NotPlacedForm, _not_placed, RECORDED),
}

# Which answers the inbox offers in each state; the services still decide.
ANSWERS_IN_STATE: dict[str, tuple[str, ...]] = {
    ProposalState.JOBSEEKER_AGREED: ("uitnodigen", "afwijzen"),
    ProposalState.EMPLOYER_INTERESTED: ("gesprek-plannen",),
    ProposalState.INTERVIEW_PLANNED: ("aangenomen", "niet-aangenomen"),
}


@dataclass
class InboxRow:
    proposal: EmployerProposal
    explanation: StoredExplanation
    portfolio_visible: bool
    answers: dict[str, forms.Form]

    @property
    def state_label(self) -> str:
        return ProposalState(self.proposal.state).label

    @property
    def contract_label(self) -> str:
        placement = self.proposal.placement
        return ContractType(placement.contract_type).label if placement else ""


def _render_inbox(
    request: HttpRequest,
    vacancy: Vacancy,
    *,
    bound: tuple[int, str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    proposals = selectors.proposals_for_vacancy(vacancy=vacancy, viewer=request.user)
    services.proposals_record_name_seen(proposals=proposals, viewer=request.user)
    # One query for all rows; a link only once the jobseeker agreed, so a name the portfolio
    # page might show never comes before their yes.
    agreed = [p.portfolio_public_id for p in proposals if p.jobseeker_agreed]
    visible = {
        str(public_id)
        for public_id in portfolio_permission_policy.visible_to(request.user)
        .filter(public_id__in=agreed)
        .values_list("public_id", flat=True)
    }
    rows = []
    for proposal in proposals:
        answers = {
            action: ANSWERS[action].form(prefix=f"p{proposal.id}-{action}")
            for action in ANSWERS_IN_STATE.get(proposal.state, ())
        }
        if bound is not None and bound[0] == proposal.id:
            answers[bound[1]] = bound[2]
        rows.append(
            InboxRow(
                proposal=proposal,
                explanation=stored_explanation(proposal.explanation),
                portfolio_visible=proposal.jobseeker_agreed
                and proposal.portfolio_public_id in visible,
                answers=answers,
            )
        )
    return render(
        request,
        "intermediaries/vacancy_proposals.html",
        {"vacancy": vacancy, "organisation": vacancy.organisation, "rows": rows},
        status=status,
    )


def _employer_vacancy(request: HttpRequest, slug: str, pk: int) -> Vacancy:
    vacancy = selectors.employer_vacancy(user=request.user, slug=slug, pk=pk)
    if vacancy is None:
        raise Http404
    return vacancy


@login_required
def vacancy_proposals(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The candidates coaches proposed for one vacancy, for the employer's recruiters and admins."""
    return _render_inbox(request, _employer_vacancy(request, slug, pk))


@login_required
@require_POST
def vacancy_proposal_answer(
    request: HttpRequest, slug: str, pk: int, proposal_pk: int, action: str
) -> HttpResponse:
    vacancy = _employer_vacancy(request, slug, pk)
    answer = ANSWERS.get(action)
    proposal = selectors.proposal_of_vacancy(vacancy=vacancy, pk=proposal_pk)
    if answer is None or proposal is None:
        raise Http404
    form = answer.form(request.POST, prefix=f"p{proposal.pk}-{action}")
    if form.is_valid():
        try:
            answer.act(proposal, form, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, answer.done)
            return redirect("vacancy_proposals", slug=slug, pk=vacancy.pk)
    return _render_inbox(request, vacancy, bound=(proposal.pk, action, form), status=400)
