"""Reads for the event screens, and the match between an event's people and employers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from intermediaries.models import Placement
from portal.accounts.models import User
from portal.taxonomy.models import Concept
from portfolios.models import PortfolioPage
from search import builders, scoring
from search.bridges import bridges_to
from search.scoring import Explanation
from search.selectors import explanation_snapshot
from search.spec import Viewer, candidate_spec

from .models import (
    INTERESTED,
    EmployerRegistration,
    Event,
    JobseekerRegistration,
    KeptPlacement,
    Meeting,
    Side,
    Wish,
)
from .permissions import event_policy


def events_for(*, user: User) -> QuerySet[Event]:
    """The events `user` takes part in, newest first, with their counts: one query."""
    return (
        event_policy.visible_to(user)
        .select_related("organisation")
        .annotate(
            employer_count=Count("employers", distinct=True),
            jobseeker_count=Count("jobseekers", distinct=True),
        )
        .order_by("-date", "-id")
    )


def event_for(*, user: User, pk: int) -> Event | None:
    """Event `pk` if `user` takes part in it (None otherwise: the view answers 404)."""
    return event_policy.visible_to(user).filter(pk=pk).select_related("organisation").first()


@dataclass(frozen=True)
class Match:
    """How well a jobseeker fits an employer's work: the best of its vacancies."""

    score: int
    vacancy_id: int | None
    explanation: Explanation | None


def event_matches(
    *,
    event: Event,
    employer: EmployerRegistration | None = None,
    jobseeker: JobseekerRegistration | None = None,
) -> dict[tuple[int, int], Match]:
    """(employer registration, jobseeker registration) → match, with search's own scoring;
    for one employer and/or one jobseeker when given.

    Only published portfolios count (an unpublished one has nothing to match on).
    Musts of the vacancy (licences) do not hide anyone here: at an event people talk.
    """
    employers = event.employers.prefetch_related(
        Prefetch("vacancies", queryset=_open_vacancies(), to_attr="open_vacancies")
    )
    employers = list(employers.filter(pk=employer.pk) if employer else employers)
    registrations = event.jobseekers.all()
    registrations = list(registrations.filter(pk=jobseeker.pk) if jobseeker else registrations)
    portfolios = dict(
        PortfolioPage.objects.filter(
            jobseeker_id__in=[r.jobseeker_id for r in registrations], live=True
        ).values_list("jobseeker_id", "pk")
    )
    # Taking part is the person's consent to match for this event, whoever else may see it.
    documents = builders.portfolio_documents(list(portfolios.values()), only_shared=False)
    vacancy_ids = {v.pk for e in employers for v in e.open_vacancies}
    vacancies = builders.vacancy_documents(vacancy_ids)
    bridges = bridges_to({s.concept_id for v in vacancies.values() for s in v.skills})
    specs = {
        pk: candidate_spec(document, viewer=Viewer(), bridges=bridges)
        for pk, document in vacancies.items()
    }
    matches: dict[tuple[int, int], Match] = {}
    for registration in registrations:
        document = documents.get(portfolios.get(registration.jobseeker_id))
        for employer in employers:
            best = Match(0, None, None)
            if document is not None:
                for vacancy in employer.open_vacancies:
                    if vacancy.pk not in specs:
                        continue
                    explanation = scoring.explain_candidate(specs[vacancy.pk], document)
                    if best.explanation is None or explanation.score > best.score:
                        best = Match(explanation.score, vacancy.pk, explanation)
            matches[(employer.pk, registration.pk)] = best
    return matches


def _open_vacancies():
    from vacancies.models import Vacancy

    return Vacancy.objects.open().only("pk", "title", "organisation_id")


def match_snapshot(match: Match) -> dict:
    """The explanation of a match as the plain data a proposal keeps."""
    if match.explanation is None:
        return {}
    ids = {
        concept_id
        for fit in match.explanation.skills
        for concept_id in (fit.concept_id, fit.via_concept_id)
        if concept_id is not None
    }
    concepts = {c.pk: c for c in Concept.objects.filter(pk__in=ids)}
    return explanation_snapshot(match.explanation, concepts)


# --- Personal schedules --------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleLine:
    meeting: Meeting
    starts_at: datetime
    round_number: int
    table: int
    # Who sits across: an employer's name, or a jobseeker's name or number.
    other: str
    name_shared: bool
    is_next: bool
    done: bool
    # The outcome can be recorded from the start of the meeting on.
    started: bool


def jobseeker_label(registration: JobseekerRegistration, *, named: bool) -> str:
    """What an employer sees: the name only after the person said yes to them."""
    person = registration.jobseeker
    if named and person is not None:
        return person.get_full_name() or person.email
    return ""


def jobseeker_labels(*, user: User, registrations: list[JobseekerRegistration]) -> dict[int, str]:
    """Registration → how `user` sees the person on lists and in print: the name where
    `event_policy.named_jobseekers` allows it, otherwise a number and where they came from."""
    named = event_policy.named_jobseekers(user, registrations)
    return {
        r.pk: (
            f"{jobseeker_label(r, named=True)} ({r.number})"
            if r.pk in named
            else _("Candidate %(number)s (via %(organisation)s)")
            % {"number": r.number, "organisation": r.organisation.name}
        )
        for r in registrations
    }


def _lines(event: Event, meetings, other) -> list[ScheduleLine]:
    lines = []
    found_next = False
    for meeting in meetings:
        done = meeting.slot < event.current_slot
        is_next = not done and not found_next
        found_next = found_next or is_next
        name, shared = other(meeting)
        lines.append(
            ScheduleLine(
                meeting=meeting,
                starts_at=event.slot_start(meeting.slot),
                round_number=meeting.slot + 1,
                table=meeting.table,
                other=name,
                name_shared=shared,
                is_next=is_next,
                done=done,
                started=event.slot_started(meeting.slot),
            )
        )
    return lines


def schedule_of_jobseeker(*, registration: JobseekerRegistration) -> list[ScheduleLine]:
    meetings = registration.meetings.select_related("employer__organisation").order_by("slot")
    return _lines(registration.event, meetings, lambda m: (m.employer.organisation.name, True))


def schedule_of_employer(*, registration: EmployerRegistration) -> list[ScheduleLine]:
    meetings = registration.meetings.select_related("jobseeker__jobseeker").order_by(
        "slot", "table"
    )

    def other(meeting: Meeting) -> tuple[str, bool]:
        named = meeting.jobseeker_outcome in INTERESTED
        return jobseeker_label(meeting.jobseeker, named=named), named

    return _lines(registration.event, meetings, other)


def wishes_of(
    *,
    event: Event,
    side: str,
    employer: EmployerRegistration | None = None,
    jobseeker: JobseekerRegistration | None = None,
) -> dict[int, Wish]:
    """One side's wishes: for a jobseeker keyed by employer registration, and the other way."""
    wishes = Wish.objects.filter(event=event, side=side)
    if side == Side.JOBSEEKER:
        return {w.employer_id: w for w in wishes.filter(jobseeker=jobseeker)}
    return {w.jobseeker_id: w for w in wishes.filter(employer=employer)}


@dataclass(frozen=True)
class EventFigures:
    meetings: int
    held: int
    mutual: int
    proposals: int
    # Placements from the event's proposals that started within three months of it.
    placed: int


# "Placements after 3 months": what the organiser reports about an event.
PLACEMENT_WINDOW_DAYS = 92


def event_figures(*, event: Event) -> EventFigures:
    """What the event brought, as counts (never people)."""
    return events_figures(events=[event])[event.pk]


def events_figures(
    *, events: list[Event], organisation_id: int | None = None, sector: str = ""
) -> dict[int, EventFigures]:
    """`event_figures` of many events at once: three queries, whatever their number.

    `organisation_id`: only jobseekers who came through that coach's organisation (and
    their proposals and placements); `sector`: only employers of that sector. Placements
    of erased accounts from before these were kept count only without a filter."""
    ids = [event.pk for event in events]
    meetings = Meeting.objects.filter(event_id__in=ids)
    starts_of = Placement.objects.filter(proposal__source="event", proposal__source_id__in=ids)
    kept_of = KeptPlacement.objects.filter(event_id__in=ids)
    if organisation_id is not None:
        meetings = meetings.filter(jobseeker__organisation_id=organisation_id)
        starts_of = starts_of.filter(proposal__organisation_id=organisation_id)
        kept_of = kept_of.filter(organisation_id=organisation_id)
    if sector:
        meetings = meetings.filter(employer__organisation__employer_profile__sector=sector)
        starts_of = starts_of.filter(
            proposal__vacancy__organisation__employer_profile__sector=sector
        )
        kept_of = kept_of.filter(sector=sector)
    counts = {
        row.pop("event_id"): row
        for row in meetings.values("event_id")
        .annotate(
            meetings=Count("pk"),
            held=Count("pk", filter=Q(slot__lt=F("event__current_slot"))),
            mutual=Count(
                "pk",
                filter=Q(jobseeker_outcome__in=INTERESTED, employer_outcome__in=INTERESTED),
            ),
            proposals=Count("pk", filter=Q(proposed_at__isnull=False)),
        )
        .order_by()
    }
    starts = list(starts_of.values_list("proposal__source_id", "start_date"))
    # Placements of people who erased their account since.
    starts += list(kept_of.values_list("event_id", "start_date"))
    windows = {event.pk: event.date + timedelta(days=PLACEMENT_WINDOW_DAYS) for event in events}
    placed = Counter(pk for pk, start in starts if start <= windows[pk])
    empty = {"meetings": 0, "held": 0, "mutual": 0, "proposals": 0}
    return {pk: EventFigures(**counts.get(pk, empty), placed=placed[pk]) for pk in ids}
