"""The proposals column in the employer's vacancy list: how many, and how many wait for them.

Registered from `IntermediariesConfig.ready()`, so `vacancies` does not import this
app. Counted with subqueries in the list's one query, the same proposals the
inbox shows (`selectors.proposals_for_vacancy`).
"""

from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vacancies.extensions import VacancyListColumn, register_vacancy_list_column
from vacancies.models import Vacancy

from .models import Proposal, ProposalState
from .selectors import _count


def _annotations():
    proposals = Proposal.objects.filter(vacancy=OuterRef("pk"))
    return {
        "proposal_count": _count(proposals),
        # The employer's turn: the jobseeker said yes and the employer has not answered.
        "proposals_waiting": _count(proposals.filter(state=ProposalState.JOBSEEKER_AGREED)),
    }


def _cell(vacancy: Vacancy) -> tuple[str, str]:
    total, waiting = vacancy.proposal_count, vacancy.proposals_waiting
    if not total:
        return "—", ""
    text = ngettext("%(count)d proposal", "%(count)d proposals", total) % {"count": total}
    if waiting:
        text += " · " + ngettext(
            "%(count)d waits for your answer", "%(count)d wait for your answer", waiting
        ) % {"count": waiting}
    return text, reverse("vacancy_proposals", args=[vacancy.organisation.slug, vacancy.pk])


def register() -> None:
    register_vacancy_list_column(
        "proposals",
        VacancyListColumn(heading=_("Proposals"), annotations=_annotations, cell=_cell),
    )
