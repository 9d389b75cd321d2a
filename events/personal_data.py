"""What events hold about a jobseeker, for their "download everything" export."""

from __future__ import annotations

from typing import Any

from portal.accounts.models import User

from .models import JobseekerRegistration, Wish


def events_about(user: User) -> list[dict[str, Any]]:
    """Every event the person took part in: consent, presence, wishes, meetings, outcomes."""
    registrations = (
        JobseekerRegistration.objects.filter(jobseeker=user)
        .select_related("event", "organisation")
        .prefetch_related("meetings__employer__organisation")
        .order_by("event__date", "pk")
    )
    rows = []
    for registration in registrations:
        event = registration.event
        wishes = Wish.objects.filter(jobseeker=registration).select_related(
            "employer__organisation"
        )
        rows.append(
            {
                "event": event.title,
                "date": event.date,
                "place": event.place,
                "through": registration.organisation.name,
                "number": registration.number,
                "consent_at": registration.consent_at,
                "checked_in_at": registration.checked_in_at,
                "wishes": [
                    {"employer": w.employer.organisation.name, "side": w.side, "wish": w.level}
                    for w in wishes
                ],
                "meetings": [
                    {
                        "starts_at": event.slot_start(m.slot),
                        "table": m.table,
                        "employer": m.employer.organisation.name,
                        "my_answer": m.jobseeker_outcome,
                        "employer_answer": m.employer_outcome,
                    }
                    for m in registration.meetings.all()
                ],
            }
        )
    return rows
