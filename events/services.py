"""Writes for Meet & Match events: one typed action per step a person takes.

Each action checks who acts (through `events.permissions`), runs in one transaction and
records an audit row where a jobseeker's data is touched. Making the schedule runs in the
background (`events.tasks`); a re-plan on the day runs at once, because the organiser is
waiting for it with people at the tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from intermediaries.models import Placement
from intermediaries.services import proposal_create_from_mutual_interest
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.notifications.services import notification_create
from portal.organisations.models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Membership,
    Organisation,
    OrganisationStatus,
    Role,
)
from portal.organisations.roles import EMPLOYER_ROLES
from portal.validation import DateWindow
from portfolios.models import PortfolioPage
from vacancies.models import Vacancy

from . import selectors
from .models import (
    INTERESTED,
    MAX_RECRUITERS,
    MAX_ROUNDS,
    MAX_TABLES,
    SLOT_MINUTES,
    EmployerRegistration,
    Event,
    JobseekerRegistration,
    KeptPlacement,
    Meeting,
    Outcome,
    ScheduleState,
    Side,
    Wish,
    WishLevel,
)
from .permissions import coach_organisations, employer_organisations, event_policy
from .scheduling.optimiser import optimise
from .scheduling.problem import EMPLOYER, JOBSEEKER, Participant, Problem
from .scheduling.problem import Meeting as PlannedMeeting
from .scheduling.problem import Wish as PlanWish
from .scheduling.replan import replan

# An event is planned up to two years ahead; a past one may be entered for the record.
EVENT_DATE = DateWindow(past_days=366, future_days=2 * 366)
# How long the optimiser may think: the organiser waits, and the bench shows it is enough.
SCHEDULE_SECONDS = 20.0
REPLAN_SECONDS = 5.0
# How many "would like" wishes the portal proposes from the match, per person and per table.
PROPOSED_PER_JOBSEEKER = 3
PROPOSED_PER_TABLE = 3


def _bounded(value: int, low: int, high: int, message: str) -> None:
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(message)


def _check_shape(
    *, slot_minutes: int, rounds: int, breaks: Iterable[int], tables: int, max_meetings: int
) -> list[int]:
    _bounded(
        slot_minutes,
        *SLOT_MINUTES,
        _("A meeting lasts %(low)s to %(high)s minutes.")
        % {"low": SLOT_MINUTES[0], "high": SLOT_MINUTES[1]},
    )
    _bounded(rounds, 1, MAX_ROUNDS, _("Choose 1 to %(high)s rounds.") % {"high": MAX_ROUNDS})
    _bounded(tables, 1, MAX_TABLES, _("Choose 1 to %(high)s tables.") % {"high": MAX_TABLES})
    _bounded(
        max_meetings,
        1,
        MAX_ROUNDS,
        _("Choose 1 to %(high)s meetings per person.") % {"high": MAX_ROUNDS},
    )
    breaks = sorted(set(breaks))
    if any(not 0 <= b < rounds for b in breaks):
        raise ValidationError(_("A break must be one of the rounds of the event."))
    if len(breaks) >= rounds:
        raise ValidationError(_("Keep at least one round for meetings."))
    return breaks


@transaction.atomic
def event_create(
    *,
    by: User,
    organisation: Organisation,
    title: str,
    date: date,
    starts_at: time,
    place: str,
    slot_minutes: int,
    rounds: int,
    breaks: Iterable[int] = (),
    tables: int,
    max_meetings: int,
    partners: Iterable[Organisation] = (),
    invited_employers: Iterable[Organisation] = (),
) -> Event:
    """A coach or admin of an approved intermediary organises an event for it."""
    if not coach_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("Only coaches of an approved organisation can organise events."))
    EVENT_DATE.check(date)
    breaks = _check_shape(
        slot_minutes=slot_minutes,
        rounds=rounds,
        breaks=breaks,
        tables=tables,
        max_meetings=max_meetings,
    )
    title, place = title.strip(), place.strip()
    if not title or not place:
        raise ValidationError(_("Give the event a name and a place."))
    partners = [p for p in partners if p.pk != organisation.pk]
    if any(p.kind not in INTERMEDIARY_KINDS or not p.is_approved for p in partners):
        raise ValidationError(_("Partners are approved organisations that coach jobseekers."))
    invited_employers = list(invited_employers)
    if any(e.kind not in EMPLOYER_KINDS or not e.is_approved for e in invited_employers):
        raise ValidationError(_("Invite approved employers only."))
    event = Event.objects.create(
        organisation=organisation,
        created_by=by,
        title=title,
        date=date,
        starts_at=starts_at,
        place=place,
        slot_minutes=slot_minutes,
        rounds=rounds,
        breaks=breaks,
        tables=tables,
        max_meetings=max_meetings,
    )
    event.partners.set(partners)
    event.invited_employers.set(invited_employers)
    return event


def _presence(event: Event, present_from: int, present_until: int | None) -> None:
    last = present_until if present_until is not None else event.rounds
    if not 0 <= present_from < last <= event.rounds:
        raise ValidationError(_("Choose when you are there: a first round before the last one."))


@transaction.atomic
def employer_register(
    *,
    event: Event,
    organisation: Organisation,
    by: User,
    tables: int,
    vacancies: Iterable[Vacancy] = (),
    work_kinds: str = "",
    present_from: int = 0,
    present_until: int | None = None,
) -> EmployerRegistration:
    """An invited employer says it comes, with what work and how many recruiters.

    Registering again changes the registration."""
    if (
        not event.invited_employers.filter(pk=organisation.pk).exists()
        or not employer_organisations(by).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(_("Only invited employers can register for this event."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    _check_going_on(event)
    _check_not_being_made(event)
    _bounded(
        tables,
        1,
        MAX_RECRUITERS,
        _("Bring 1 to %(high)s recruiters.") % {"high": MAX_RECRUITERS},
    )
    _presence(event, present_from, present_until)
    vacancies = list(vacancies)
    if any(v.organisation_id != organisation.pk for v in vacancies):
        raise ValidationError(_("Choose vacancies of your own organisation."))
    work_kinds = work_kinds.strip()
    if not vacancies and not work_kinds:
        raise ValidationError(_("Choose a vacancy or say what kind of work you bring."))
    registration, _created = EmployerRegistration.objects.update_or_create(
        event=event,
        organisation=organisation,
        defaults={
            "tables": tables,
            "work_kinds": work_kinds[:500],
            "present_from": present_from,
            "present_until": present_until,
            # Registering again after withdrawing: they come after all.
            "absent_from": None,
            "registered_by": by,
        },
    )
    registration.vacancies.set(vacancies)
    # The schedule is made: a change of recruiters or times plans the rest of the day
    # again, keeping what it can, so the schedule never asks more than they bring.
    if event.schedule_state == ScheduleState.DONE:
        _replan_later(event)
    return registration


@transaction.atomic
def jobseeker_register(
    *,
    event: Event,
    jobseeker: User,
    organisation: Organisation,
    by: User,
    consent: bool,
    present_from: int = 0,
    present_until: int | None = None,
) -> JobseekerRegistration:
    """A jobseeker takes part, registered by themselves or by a coach of `organisation`.

    `consent`: the person agreed to share their match (not their name) with this event's
    employers. Without it nobody is registered; it counts for this event only.
    """
    if (
        organisation.pk != event.organisation_id
        and not event.partners.filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(_("This organisation does not take part in this event."))
    _check_going_on(event)
    member = (
        Membership.objects.active()
        .filter(user=jobseeker, organisation=organisation, role=Role.JOBSEEKER)
        .exists()
    )
    own = by.pk == jobseeker.pk
    coach = coach_organisations(by).filter(pk=organisation.pk).exists()
    if not member or not (own or coach) or organisation.status != OrganisationStatus.APPROVED:
        raise PermissionDenied(_("You cannot register this person for this event."))
    if not consent:
        raise ValidationError(
            _("Taking part is only possible when the person agrees to share their match.")
        )
    _presence(event, present_from, present_until)
    if JobseekerRegistration.objects.filter(event=event, jobseeker=jobseeker).exists():
        raise ValidationError(_("This person is already registered for this event."))
    # Lock the event so two registrations at once do not get the same number.
    Event.objects.select_for_update().get(pk=event.pk)
    number = (
        JobseekerRegistration.objects.filter(event=event)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    now = timezone.now()
    registration = JobseekerRegistration.objects.create(
        event=event,
        jobseeker=jobseeker,
        organisation=organisation,
        number=number,
        consent_at=now,
        consent_recorded_by=by,
        registered_by=by,
        present_from=present_from,
        present_until=present_until,
    )
    audit_record(
        actor=by,
        action="event.register",
        subject=jobseeker,
        target=registration,
        details={"event_id": event.pk, "organisation_id": organisation.pk},
    )
    return registration


@transaction.atomic
def wish_set(
    *,
    by: User,
    employer: EmployerRegistration,
    jobseeker: JobseekerRegistration,
    side: str,
    level: str,
) -> Wish | None:
    """One side says "must meet / would like / no thanks" about the other; "" clears it.

    The jobseeker or their coach speaks for the jobseeker, the employer's staff for it."""
    if employer.event_id != jobseeker.event_id:
        raise ValidationError(_("These two are not at the same event."))
    if side == Side.JOBSEEKER:
        allowed = event_policy.helps(by, jobseeker)
    elif side == Side.EMPLOYER:
        allowed = event_policy.acts_for(by, employer)
    else:
        raise ValidationError(_("Choose a side."))
    if not allowed:
        raise PermissionDenied(_("You cannot give wishes for this participant."))
    if level and level not in WishLevel.values:
        raise ValidationError(_("Choose must meet, would like or no thanks."))
    if not level:
        Wish.objects.filter(employer=employer, jobseeker=jobseeker, side=side).delete()
        return None
    wish, _created = Wish.objects.update_or_create(
        employer=employer,
        jobseeker=jobseeker,
        side=side,
        defaults={
            "event_id": employer.event_id,
            "level": level,
            "proposed": False,
            "set_by": by,
            "updated_at": timezone.now(),
        },
    )
    if side == Side.JOBSEEKER and by.pk != jobseeker.jobseeker_id:
        audit_record(
            actor=by,
            action="event.wish",
            subject=jobseeker.jobseeker,
            target=wish,
            details={"event_id": employer.event_id, "level": level},
        )
    return wish


@transaction.atomic
def wishes_propose(*, event: Event, matches=None) -> int:
    """Propose "would like" from the match to everyone who has not said anything yet, so
    a person with little digital skill still gets a good schedule. Returns how many."""
    matches = matches if matches is not None else selectors.event_matches(event=event)
    said = set(Wish.objects.filter(event=event).values_list("side", "employer_id", "jobseeker_id"))
    with_wishes = {(side, e if side == Side.EMPLOYER else j) for side, e, j in said}
    employers = {r.pk: r for r in event.employers.all()}
    jobseekers = {r.pk: r for r in event.jobseekers.all()}
    new: list[Wish] = []
    for jobseeker_id in jobseekers:
        if (Side.JOBSEEKER, jobseeker_id) in with_wishes:
            continue
        ranked = sorted(
            (
                (matches[(e, jobseeker_id)].score, e)
                for e in employers
                if (e, jobseeker_id) in matches
            ),
            reverse=True,
        )
        new += [
            Wish(
                event=event,
                employer_id=e,
                jobseeker_id=jobseeker_id,
                side=Side.JOBSEEKER,
                level=WishLevel.WOULD_LIKE,
                proposed=True,
            )
            for score, e in ranked[:PROPOSED_PER_JOBSEEKER]
            if score > 0
        ]
    for employer_id, employer in employers.items():
        if (Side.EMPLOYER, employer_id) in with_wishes:
            continue
        ranked = sorted(
            (
                (matches[(employer_id, j)].score, j)
                for j in jobseekers
                if (employer_id, j) in matches
            ),
            reverse=True,
        )
        new += [
            Wish(
                event=event,
                employer_id=employer_id,
                jobseeker_id=j,
                side=Side.EMPLOYER,
                level=WishLevel.WOULD_LIKE,
                proposed=True,
            )
            for score, j in ranked[: PROPOSED_PER_TABLE * employer.tables]
            if score > 0
        ]
    Wish.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- The schedule ---------------------------------------------------------------------------

_LEVELS = {
    WishLevel.MUST: PlanWish.MUST,
    WishLevel.WOULD_LIKE: PlanWish.WOULD_LIKE,
    WishLevel.NO_THANKS: PlanWish.NO_THANKS,
}


def event_problem(*, event: Event, matches) -> Problem:
    """The event as the scheduling engine sees it: ids "e<registration>" and "j<registration>"."""
    people = [
        Participant(f"e{r.pk}", EMPLOYER, r.slots(event), event.max_meetings * r.tables, r.tables)
        for r in event.employers.all()
    ] + [
        Participant(f"j{r.pk}", JOBSEEKER, r.slots(event), event.max_meetings)
        for r in event.jobseekers.all()
    ]
    wishes = {}
    for wish in Wish.objects.filter(event=event):
        pair = (f"e{wish.employer_id}", f"j{wish.jobseeker_id}")
        wishes[pair if wish.side == Side.EMPLOYER else pair[::-1]] = _LEVELS[wish.level]
    best = max((m.score for m in matches.values()), default=0) or 1
    scores = {(f"e{e}", f"j{j}"): max(match.score, 0) / best for (e, j), match in matches.items()}
    return Problem(
        slots=event.rounds,
        tables=tuple(event.tables for _ in range(event.rounds)),
        participants=people,
        breaks=event.break_slots,
        wishes=wishes,
        scores=scores,
    )


def _planned(event: Event) -> list[PlannedMeeting]:
    return [
        PlannedMeeting(slot, table, f"e{e}", f"j{j}")
        for slot, table, e, j in event.meetings.values_list(
            "slot", "table", "employer_id", "jobseeker_id"
        )
    ]


def _store(event: Event, planned: list[PlannedMeeting], *, from_slot: int) -> None:
    """Make the meetings from `from_slot` on those of `planned`, keeping the rows (and
    their outcomes) of meetings that stay."""
    wanted = {(m.slot, m.table, int(m.employer[1:]), int(m.jobseeker[1:])) for m in planned}
    current = {
        (m.slot, m.table, m.employer_id, m.jobseeker_id): m.pk
        for m in event.meetings.filter(slot__gte=from_slot)
    }
    event.meetings.filter(pk__in=[pk for key, pk in current.items() if key not in wanted]).delete()
    Meeting.objects.bulk_create(
        [
            Meeting(event=event, slot=s, table=t, employer_id=e, jobseeker_id=j)
            for s, t, e, j in sorted(wanted)
            if (s, t, e, j) not in current and s >= from_slot
        ]
    )


def schedule_request(*, event: Event, by: User) -> Event:
    """The organiser asks for the schedule; the worker makes it (see `events.tasks`)."""
    from .tasks import make_schedule

    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not event_policy.organises(by, locked):
            raise PermissionDenied(_("Only the organiser can make the schedule."))
        if locked.cancelled_at is not None:
            raise ValidationError(_("The event is cancelled."))
        if _being_made(locked):
            raise ValidationError(_("The schedule is being made. Wait a moment."))
        if locked.current_slot > 0:
            raise ValidationError(
                _(
                    "The event has started. Mark who is there or not: the rest of the day is planned again."
                )
            )
        if not locked.employers.exists() or not locked.jobseekers.exists():
            raise ValidationError(_("A schedule needs at least one employer and one jobseeker."))
        locked.schedule_state = ScheduleState.WAITING
        locked.schedule_progress = 0
        locked.schedule_requested_at = timezone.now()
        locked.save(update_fields=["schedule_state", "schedule_progress", "schedule_requested_at"])
        transaction.on_commit(lambda: make_schedule.enqueue(event_id=locked.pk))
    return locked


def schedule_build(*, event_id: int) -> None:
    """Make the whole schedule (the task's work). Progress is saved as it goes."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.schedule_state not in (ScheduleState.WAITING, ScheduleState.RUNNING):
        return
    Event.objects.filter(pk=event_id).update(
        schedule_state=ScheduleState.RUNNING, schedule_progress=5
    )
    try:
        matches = selectors.event_matches(event=event)
        wishes_propose(event=event, matches=matches)
        problem = event_problem(event=event, matches=matches)

        def progress(fraction: float) -> None:
            Event.objects.filter(pk=event_id).update(schedule_progress=int(10 + 85 * fraction))

        schedule = optimise(problem, time_limit=SCHEDULE_SECONDS, progress=progress)
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event_id)
            _store(locked, schedule.meetings, from_slot=0)
            locked.schedule_state = ScheduleState.DONE
            locked.schedule_progress = 100
            locked.schedule_made_at = timezone.now()
            locked.schedule_figures = {
                key: schedule.stats.get(key) for key in ("objective", "greedy_objective", "seconds")
            } | {"method": schedule.method, "meetings": len(schedule.meetings)}
            locked.save()
            # Someone withdrew or erased their account while the optimiser was thinking.
            if (
                locked.jobseekers.filter(
                    absent_from__isnull=False, meetings__slot__gte=F("absent_from")
                ).exists()
                or locked.employers.filter(
                    absent_from__isnull=False, meetings__slot__gte=F("absent_from")
                ).exists()
            ):
                event_replan(event=locked)
    except Exception:
        Event.objects.filter(pk=event_id).update(schedule_state=ScheduleState.FAILED)
        raise


@transaction.atomic
def event_replan(*, event: Event) -> dict:
    """Plan the rest of the day again, keeping every announced meeting that can still be."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    matches = selectors.event_matches(event=locked)
    problem = event_problem(event=locked, matches=matches)
    schedule = replan(problem, _planned(locked), now=locked.current_slot, time_limit=REPLAN_SECONDS)
    _store(locked, schedule.meetings, from_slot=locked.current_slot)
    return schedule.stats


@transaction.atomic
def participant_mark(
    *,
    event: Event,
    by: User,
    registration: EmployerRegistration | JobseekerRegistration,
    here: bool,
) -> dict:
    """The organiser checks someone in, or marks them gone (a no-show, or they left):
    then the rest of the day is planned again."""
    if not event_policy.organises(by, event):
        raise PermissionDenied(_("Only the organiser can check people in."))
    _check_going_on(event)
    if registration.event_id != event.pk:
        raise ValidationError(_("This person is not at this event."))
    if here:
        registration.checked_in_at = timezone.now()
        registration.absent_from = None
    else:
        registration.absent_from = event.current_slot
    before = _to_come(event)
    registration.save(update_fields=["checked_in_at", "absent_from"])
    if isinstance(registration, JobseekerRegistration):
        audit_record(
            actor=by,
            action="event.check_in" if here else "event.absent",
            subject=registration.jobseeker,
            target=registration,
            details={"event_id": event.pk, "slot": event.current_slot},
        )
    if event.schedule_state != ScheduleState.DONE:
        return {}
    return _replan_telling(event, before=before)


@transaction.atomic
def participant_times_set(
    *,
    event: Event,
    by: User,
    registration: EmployerRegistration | JobseekerRegistration,
    arrives_at: int,
    leaves_after: int,
) -> dict:
    """On the day the organiser hears someone comes late or leaves early: they are there
    from round `arrives_at` to round `leaves_after` (both counted from 1). The rest of the
    day is planned again, keeping every announced meeting that can still be.

    A round that has begun cannot be moved: whoever is not there now is marked not there.
    A meeting before their arrival that was not held goes from the history, so "held"
    stays true; one that has an answer shows they were there, and the change is refused."""
    if not event_policy.organises(by, event):
        raise PermissionDenied(_("Only the organiser can change when people are there."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if registration.event_id != locked.pk:
        raise ValidationError(_("This person is not at this event."))
    now = locked.current_slot + 1
    if locked.current_slot >= locked.rounds:
        raise ValidationError(_("All rounds are over."))
    _check_going_on(locked)
    if not isinstance(arrives_at, int) or not now <= arrives_at <= locked.rounds:
        raise ValidationError(
            _("They arrive at round %(now)s or later, at the latest at round %(last)s.")
            % {"now": now, "last": locked.rounds}
        )
    if not isinstance(leaves_after, int) or not arrives_at <= leaves_after <= locked.rounds:
        raise ValidationError(
            _("They leave after the round they arrive at, at the latest after round %(last)s.")
            % {"last": locked.rounds}
        )
    earlier = registration.meetings.filter(slot__lt=arrives_at - 1)
    if earlier.exclude(jobseeker_outcome="", employer_outcome="").exists():
        raise ValidationError(
            _("Someone already said how a meeting with them went before that round.")
        )
    before = _to_come(locked)
    earlier.delete()
    registration.present_from = arrives_at - 1
    registration.present_until = leaves_after
    registration.absent_from = None
    registration.save(update_fields=["present_from", "present_until", "absent_from"])
    if isinstance(registration, JobseekerRegistration):
        audit_record(
            actor=by,
            action="event.times",
            subject=registration.jobseeker,
            target=registration,
            details={"event_id": locked.pk, "from": arrives_at, "until": leaves_after},
        )
    if locked.schedule_state != ScheduleState.DONE:
        return {}
    return _replan_telling(locked, before=before)


@transaction.atomic
def event_next_round(*, event: Event, by: User) -> Event:
    """The organiser starts the next round: what went before is history."""
    if not event_policy.organises(by, event):
        raise PermissionDenied(_("Only the organiser can start the next round."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.cancelled_at is not None:
        raise ValidationError(_("The event is cancelled."))
    if locked.current_slot >= locked.rounds:
        raise ValidationError(_("The last round is over."))
    locked.current_slot += 1
    locked.save(update_fields=["current_slot"])
    return locked


# --- Afterwards -----------------------------------------------------------------------------


@transaction.atomic
def outcome_record(*, meeting: Meeting, by: User, side: str, outcome: str) -> Meeting:
    """One side says in one tap how the meeting went, once it has started; the jobseeker's
    coach may answer for them. An interest from both becomes a proposal for the coach of
    the jobseeker's organisation to follow up."""
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose how the meeting went."))
    locked = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("event", "employer__organisation", "jobseeker__jobseeker")
        .get(pk=meeting.pk)
    )
    if not locked.event.slot_started(locked.slot):
        raise ValidationError(_("You can say how it went once the meeting has started."))
    now = timezone.now()
    if side == Side.JOBSEEKER:
        # Their coach may tap for someone with little digital skill.
        if not event_policy.helps(by, locked.jobseeker):
            raise PermissionDenied(_("Only the jobseeker or their coach can say this."))
        locked.jobseeker_outcome, locked.jobseeker_outcome_at = outcome, now
    elif side == Side.EMPLOYER:
        if not event_policy.acts_for(by, locked.employer):
            raise PermissionDenied(_("Only the employer can say this."))
        locked.employer_outcome, locked.employer_outcome_at = outcome, now
        locked.employer_outcome_by = by
    else:
        raise ValidationError(_("Choose a side."))
    locked.save()
    audit_record(
        actor=by,
        action="event.outcome",
        subject=locked.jobseeker.jobseeker,
        target=locked,
        details={"event_id": locked.event_id, "side": side, "outcome": outcome},
    )
    if locked.mutual_interest and locked.proposal_id is None:
        _propose(locked)
    return locked


def _mutual_interest_motivation(*, event: Event, wanted: set, language: str) -> str:
    """The proposal's motivation, stored as text: in the jobseeker's language with the date as
    that language writes it, not in the worker's English ("on 05-11-2026")."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _("Both said yes at %(event)s on %(date)s: %(wanted)s.") % {
            "event": event.title,
            "date": formats.date_format(event.date, "DATE_FORMAT"),
            "wanted": ", ".join(sorted(str(w) for w in wanted)),
        }


def _propose(meeting: Meeting) -> None:
    """The proposal of a mutual interest, for the best-fitting registered open vacancy.

    Without a portfolio or an open vacancy there is nothing to propose; the organiser
    still sees the mutual interest in the event's figures."""
    registration = meeting.jobseeker
    portfolio = PortfolioPage.objects.filter(jobseeker=registration.jobseeker, live=True).first()
    matches = selectors.event_matches(
        event=meeting.event, employer=meeting.employer, jobseeker=registration
    )
    match = matches.get((meeting.employer_id, registration.pk))
    vacancy_id = match.vacancy_id if match else None
    if vacancy_id is None:
        vacancy_id = (
            meeting.employer.vacancies.filter(pk__in=Vacancy.objects.open())
            .values_list("pk", flat=True)
            .first()
        )
    if portfolio is None or vacancy_id is None or meeting.employer_outcome_by is None:
        return
    event = meeting.event
    wanted = {
        Outcome(o).label
        for o in (meeting.jobseeker_outcome, meeting.employer_outcome)
        if o in INTERESTED
    }
    proposed_by = (
        registration.registered_by
        if registration.registered_by
        and coach_organisations(registration.registered_by)
        .filter(pk=registration.organisation_id)
        .exists()
        else None
    )
    try:
        proposal = proposal_create_from_mutual_interest(
            portfolio=portfolio,
            vacancy=Vacancy.objects.get(pk=vacancy_id),
            organisation=registration.organisation,
            proposed_by=proposed_by,
            jobseeker=registration.jobseeker,
            employer_user=meeting.employer_outcome_by,
            motivation=_mutual_interest_motivation(
                event=event, wanted=wanted, language=registration.jobseeker.preferred_language
            ),
            explanation=selectors.match_snapshot(match) if match else {},
            source="event",
            source_id=event.pk,
            source_label=event.title,
        )
    except (ValidationError, PermissionDenied):
        # Already an open proposal for this pair (the coach follows that one), or the
        # recruiter who said yes has left the employer: the mutual interest stays recorded.
        return
    meeting.proposal, meeting.proposed_at = proposal, timezone.now()
    meeting.save(update_fields=["proposal", "proposed_at"])


@transaction.atomic
def registrations_anonymise(user: User) -> None:
    """Erasure step (registered with portfolios.privacy): the person's events keep their
    figures, not the person. Registrations, meetings held and outcomes stay as nameless
    rows (the account's deletion empties the link to the person), and a placement that
    came from an event stays as a start date (`KeptPlacement`); their wishes go, and at an
    event that is not over they are gone from now on: the rest of the day is planned again
    in the background and the employers they would meet are told."""
    kept = Placement.objects.filter(
        proposal__portfolio__jobseeker=user,
        proposal__source="event",
        proposal__source_id__in=JobseekerRegistration.objects.filter(jobseeker=user).values(
            "event_id"
        ),
    ).values_list(
        "proposal__source_id",
        "start_date",
        "proposal__organisation_id",
        "proposal__vacancy__organisation__employer_profile__sector",
        "target_group",
    )
    KeptPlacement.objects.bulk_create(
        KeptPlacement(
            event_id=event_id,
            start_date=start,
            organisation_id=organisation_id,
            sector=sector or "",
            target_group=target_group or "",
        )
        for event_id, start, organisation_id, sector, target_group in kept
    )
    registrations = JobseekerRegistration.objects.filter(jobseeker=user).select_related("event")
    Wish.objects.filter(jobseeker__in=registrations).delete()
    for registration in registrations:
        _leave(registration)


def _leave(registration: EmployerRegistration | JobseekerRegistration) -> None:
    """The participant will not be at the rest of the event (withdrawn, or their account
    erased).

    Their meetings still to come go, except one that already has an answer (it counts);
    once the schedule is made, the rest of the day is planned again after commit, and the
    other side of each meeting that went is told someone is not coming."""
    event = registration.event
    if event.current_slot >= event.rounds:
        return
    cancelled = registration.meetings.filter(
        slot__gte=event.current_slot, jobseeker_outcome="", employer_outcome=""
    )
    employer = isinstance(registration, EmployerRegistration)
    others = sorted(
        set(cancelled.values_list("jobseeker_id" if employer else "employer_id", flat=True))
    )
    cancelled.delete()
    registration.absent_from = min(
        event.rounds if registration.absent_from is None else registration.absent_from,
        event.current_slot,
    )
    registration.save(update_fields=["absent_from"])
    if event.schedule_state == ScheduleState.DONE:
        from .tasks import replan_after_leaving

        lost = {"jobseeker_ids": others} if employer else {"employer_ids": others}
        transaction.on_commit(lambda: replan_after_leaving.enqueue(event_id=event.pk, **lost))


@transaction.atomic
def registration_withdraw(*, registration: JobseekerRegistration, by: User) -> None:
    """The jobseeker (or their coach) says they will not come after all.

    Before the schedule is asked for, the registration goes with its wishes; afterwards
    it stays as someone gone from now on, and the day is planned again without them
    (see `_leave`)."""
    if not event_policy.helps(by, registration):
        raise PermissionDenied(_("Only the jobseeker or their coach can do this."))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.event = event
    _check_going_on(event)
    audit_record(
        actor=by,
        action="event.withdraw",
        subject=registration.jobseeker,
        target=registration,
        details={"event_id": event.pk},
    )
    # While the schedule is being made the optimiser may have read them already: they stay
    # as gone, and the build plans again without them (see `schedule_build`).
    if event.schedule_state in (ScheduleState.NONE, ScheduleState.FAILED):
        registration.delete()
        return
    Wish.objects.filter(jobseeker=registration).delete()
    _leave(registration)


@transaction.atomic
def employer_withdraw(
    *, registration: EmployerRegistration, by: User, tables: int | None = None
) -> EmployerRegistration | None:
    """A recruiter or admin of the employer says it does not come after all, or comes with
    fewer recruiters (`tables`, fewer than registered).

    Before the schedule is asked for, the registration goes with its wishes. Afterwards the
    employer stays as gone from now on (or with fewer tables) and the rest of the day is
    planned again in the background; whoever's schedule changes is told, without a name.
    Returns the registration that stays, or None when it went."""
    if not event_policy.may_withdraw_employer(by, registration):
        raise PermissionDenied(_("Only the employer's own recruiters can do this."))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.event = event
    _check_going_on(event)
    if tables is not None:
        _check_not_being_made(event)
        _bounded(
            tables,
            1,
            registration.tables - 1,
            _("Choose fewer recruiters than the %(now)s registered.")
            % {"now": registration.tables},
        )
        registration.tables = tables
        registration.save(update_fields=["tables"])
        if event.schedule_state == ScheduleState.DONE:
            _replan_later(event)
        return registration
    if event.schedule_state in (ScheduleState.NONE, ScheduleState.FAILED):
        registration.delete()
        return None
    Wish.objects.filter(employer=registration).delete()
    _leave(registration)
    return registration


def _being_made(event: Event) -> bool:
    """The optimiser is at work (a request older than 10 minutes counts as stuck)."""
    return (
        event.schedule_state in (ScheduleState.WAITING, ScheduleState.RUNNING)
        and event.schedule_requested_at is not None
        and (timezone.now() - event.schedule_requested_at).total_seconds() < 600
    )


def _check_not_being_made(event: Event) -> None:
    # The optimiser has read the recruiters already; it would plan more than they bring.
    if _being_made(event):
        raise ValidationError(_("The schedule is being made. Wait a moment."))


def _check_going_on(event: Event) -> None:
    if event.cancelled_at is not None:
        raise ValidationError(_("The event is cancelled."))
    if event.current_slot >= event.rounds:
        raise ValidationError(_("The event is over."))


def _replan_later(event: Event) -> None:
    """Plan the rest of the day again in the background after commit (someone changed
    their registration after the schedule was made), telling whose schedule changed."""
    from .tasks import replan_after_leaving

    transaction.on_commit(lambda: replan_after_leaving.enqueue(event_id=event.pk, employer_ids=[]))


def schedule_replan_after_leaving(
    *,
    event_id: int,
    employer_ids: Iterable[int] = (),
    jobseeker_ids: Iterable[int] = (),
) -> dict:
    """Background work after someone left: plan the rest of the day again, keeping every
    announced meeting that can still be, and tell whom it concerns. Those in `employer_ids`
    and `jobseeker_ids` lost a meeting with the one who left; whoever gets a new meeting or
    loses one in the re-plan hears that their schedule changed."""
    with transaction.atomic():
        event = Event.objects.select_for_update().filter(pk=event_id).first()
        if (
            event is None
            or event.cancelled_at is not None
            or event.schedule_state != ScheduleState.DONE
            or event.current_slot >= event.rounds
        ):
            return {}
        return _replan_telling(
            event, lost_employers=set(employer_ids), lost_jobseekers=set(jobseeker_ids)
        )


def _to_come(event: Event) -> set[tuple[int, int, int, int]]:
    return set(
        event.meetings.filter(slot__gte=event.current_slot).values_list(
            "slot", "table", "employer_id", "jobseeker_id"
        )
    )


def _replan_telling(
    event: Event,
    *,
    lost_employers: set[int] = frozenset(),
    lost_jobseekers: set[int] = frozenset(),
    before: set[tuple[int, int, int, int]] | None = None,
) -> dict:
    """`event_replan`, then tell everyone whose meetings to come changed (and their
    coaches). `before`: the meetings to come as people last saw them, when the caller
    already changed some."""
    before = _to_come(event) if before is None else before
    stats = event_replan(event=event)
    changed = before ^ _to_come(event)
    _tell_schedule_changed(
        event,
        employers={e for _s, _t, e, _j in changed} | lost_employers,
        lost_employers=lost_employers,
        jobseekers={j for _s, _t, _e, j in changed} | lost_jobseekers,
        lost_jobseekers=lost_jobseekers,
    )
    return stats


def _employer_staff(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    staff: dict[int, list[User]] = {}
    for membership in (
        Membership.objects.active()
        .filter(
            organisation_id__in=organisation_ids,
            role__in=EMPLOYER_ROLES,
            user__is_active=True,
        )
        .select_related("user")
    ):
        people = staff.setdefault(membership.organisation_id, [])
        if membership.user not in people:
            people.append(membership.user)
    return staff


def _tell_schedule_changed(
    event: Event,
    *,
    employers: set[int],
    lost_employers: set[int] = frozenset(),
    jobseekers: set[int],
    lost_jobseekers: set[int] = frozenset(),
) -> None:
    """One notification per person for one change; nobody is named in it."""
    registrations = list(EmployerRegistration.objects.filter(event=event, pk__in=employers))
    staff = _employer_staff(r.organisation_id for r in registrations)
    told: set[int] = set()
    for registration in registrations:
        kind = (
            "event.participant_left"
            if registration.pk in lost_employers
            else "event.schedule_changed"
        )
        for person in staff.get(registration.organisation_id, []):
            if person.pk in told:
                continue
            told.add(person.pk)
            _notify(person, kind, event)
    changed = list(
        JobseekerRegistration.objects.filter(event=event, pk__in=jobseekers).select_related(
            "jobseeker"
        )
    )
    for registration in changed:
        if registration.jobseeker is None or not registration.jobseeker.is_active:
            continue
        kind = (
            "event.participant_left"
            if registration.pk in lost_jobseekers
            else "event.schedule_changed"
        )
        _notify(registration.jobseeker, kind, event)
    for coach, count in event_policy.coaches_told(changed).items():
        _notify(coach, "event.coachee_schedule_changed", event, count=count)


def _notify(person: User, kind: str, event: Event, **params) -> None:
    notification_create(
        recipient=person,
        kind=kind,
        subject_id=event.pk,
        params={"event": event.title, "date": event.date.strftime("%d-%m-%Y"), **params},
        url_name="my_schedule" if kind != "event.cancelled" else "event_detail",
        url_args=[event.pk],
    )


@transaction.atomic
def event_cancel(*, event: Event, by: User) -> Event:
    """The organiser calls the event off before it is over. Meetings still to come go
    (those held keep their answers and figures); every participant, the employers'
    recruiters and the coaches of jobseekers who share with them hear it, once."""
    if not event_policy.organises(by, event):
        raise PermissionDenied(_("Only the organiser can cancel the event."))
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _check_going_on(locked)
    locked.meetings.filter(
        slot__gte=locked.current_slot, jobseeker_outcome="", employer_outcome=""
    ).delete()
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = by
    locked.save(update_fields=["cancelled_at", "cancelled_by"])
    employers = list(locked.employers.filter(absent_from__isnull=True))
    for people in _employer_staff(r.organisation_id for r in employers).values():
        for person in people:
            if person.pk != by.pk:
                _notify(person, "event.cancelled", locked)
    jobseekers = list(
        locked.jobseekers.filter(
            absent_from__isnull=True, jobseeker__is_active=True
        ).select_related("jobseeker")
    )
    for registration in jobseekers:
        _notify(registration.jobseeker, "event.cancelled", locked)
    for coach, count in event_policy.coaches_told(jobseekers).items():
        if coach.pk != by.pk:
            _notify(coach, "event.coachee_event_cancelled", locked, count=count)
    return locked
