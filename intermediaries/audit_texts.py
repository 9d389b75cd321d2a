"""How the jobseeker's "who looked at my data" list names this app's objects.

A proposal or placement is the vacancy and its employer, a caseload its organisation:
never "proposal 13" or a status code. Training centres' objects are named in `training`.
"""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.audit.labels import register_action_labels, register_describer

from .models import CaseloadAssignment, Placement, Proposal


def _vacancy_at(title: str, employer: str) -> str:
    return str(_("%(vacancy)s at %(employer)s") % {"vacancy": title, "employer": employer})


def _pk_ints(ids: list[str]) -> list[int]:
    return [int(pk) for pk in ids if pk.isdigit()]


def _proposals(ids: list[str]) -> dict[str, str]:
    rows = Proposal.objects.filter(pk__in=_pk_ints(ids)).values_list(
        "pk", "vacancy__title", "vacancy__organisation__name"
    )
    return {str(pk): _vacancy_at(title, employer) for pk, title, employer in rows}


def _placements(ids: list[str]) -> dict[str, str]:
    rows = Placement.objects.filter(pk__in=_pk_ints(ids)).values_list(
        "pk", "proposal__vacancy__title", "proposal__vacancy__organisation__name"
    )
    return {str(pk): _vacancy_at(title, employer) for pk, title, employer in rows}


def _values(manager, field: str):
    def describe(ids: list[str]) -> dict[str, str]:
        rows = manager.filter(pk__in=_pk_ints(ids)).annotate(label=F(field))
        return {str(pk): label for pk, label in rows.values_list("pk", "label")}

    return describe


def register() -> None:
    register_describer("intermediaries.proposal", _proposals)
    register_describer("intermediaries.placement", _placements)
    register_describer(
        "intermediaries.caseloadassignment",
        _values(CaseloadAssignment.objects, "organisation__name"),
    )
    register_action_labels({"proposal.name_seen": _("saw your name with a proposal for a vacancy")})
