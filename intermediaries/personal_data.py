"""What this app holds about a jobseeker, for their "download everything about me" export.

Registered with `portfolios.privacy.register_export_section` when the app is ready, so the
export stays complete without portfolios knowing this app. Erasure needs nothing here:
every row below hangs off the person (or their portfolio) and goes with them.
"""

from typing import Any

from portal.accounts.models import User

from .models import CaseloadAssignment, Proposal


def _name(user: User | None) -> str:
    # As the rest of the export names people: a deleted account leaves an empty name.
    return str(user) if user is not None else ""


def proposals_about(user: User) -> list[dict[str, Any]]:
    """Every proposal of the person's portfolio, with its steps and the placement."""
    proposals = (
        Proposal.objects.filter(portfolio__jobseeker=user)
        .select_related("vacancy__organisation", "organisation", "proposed_by", "placement")
        .prefetch_related("events")
        .order_by("created_at", "id")
    )
    rows = []
    for proposal in proposals:
        placement = getattr(proposal, "placement", None)
        rows.append(
            {
                "vacancy": proposal.vacancy.title,
                "employer": proposal.vacancy.organisation.name,
                "proposed_by": _name(proposal.proposed_by),
                "organisation": proposal.organisation.name,
                "motivation": proposal.motivation,
                "explanation": proposal.explanation,
                "state": proposal.state,
                "interview_at": proposal.interview_at,
                "interview_place": proposal.interview_place,
                "created_at": proposal.created_at,
                "steps": [
                    {"from": e.from_state, "to": e.to_state, "note": e.note, "at": e.created_at}
                    for e in proposal.events.all()
                ],
                "placement": None
                if placement is None
                else {
                    "start_date": placement.start_date,
                    "contract_type": placement.contract_type,
                    "hours_per_week": placement.hours_per_week,
                    "target_group": placement.target_group,
                },
            }
        )
    return rows


def caseload_about(user: User) -> list[dict[str, Any]]:
    """Which coach had the person on their caseload, where, when, and the target group noted."""
    return [
        {
            "organisation": assignment.organisation.name,
            "coach": _name(assignment.coach),
            "target_group": assignment.target_group,
            "since": assignment.started_at,
            "until": assignment.ended_at,
        }
        for assignment in CaseloadAssignment.objects.filter(jobseeker=user).select_related(
            "organisation", "coach"
        )
    ]


EXPORT_SECTIONS = {
    "proposals": proposals_about,
    "caseload": caseload_about,
}
