"""Screens of Meet & Match events. Views parse, call a service or selector, and render.

Someone with no part in an event gets 404 for all of its pages, so events cannot be
probed; a step someone may not take on an event they do take part in answers 404 too,
except creating an event, which answers 403 to people who cannot organise.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intermediaries.permissions import coach_organisations
from portal.organisations.models import Membership, Role

from . import documents, selectors, services
from .forms import (
    CoachRegistrationForm,
    DayTimesForm,
    EmployerRegistrationForm,
    EmployerWithdrawForm,
    EventCancelForm,
    EventForm,
    JobseekerRegistrationForm,
    WishesForm,
)
from .models import (
    INTERESTED,
    EmployerRegistration,
    Event,
    JobseekerRegistration,
    Meeting,
    Outcome,
    ScheduleState,
    Side,
)
from .permissions import Access, event_policy


def _event(request: HttpRequest, pk: int) -> tuple[Event, Access]:
    event = selectors.event_for(user=request.user, pk=pk)
    if event is None:
        raise Http404
    access = event_policy.access(request.user, event)
    if not access.any:
        raise Http404
    return event, access


def _refused(form, error: ValidationError | PermissionDenied) -> None:
    form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/event_list.html",
        {
            "events": selectors.events_for(user=request.user),
            "may_organise": event_policy.may_organise(request.user),
        },
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not event_policy.may_organise(request.user):
        raise PermissionDenied
    form = EventForm(request.POST or None, organisations=coach_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(
                request, _("The event is made. Invite employers and register jobseekers.")
            )
            return redirect("event_detail", event.pk)
    return render(
        request, "events/event_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event, access = _event(request, pk)
    employers = list(event.employers.select_related("organisation"))
    own_employers = [r for r in employers if r.organisation in access.employer_of]
    helped = list(
        event.jobseekers.filter(
            organisation__in=access.coach_of, jobseeker__isnull=False
        ).select_related("jobseeker")
    )
    context = {
        "event": event,
        "access": access,
        "employers": employers if access.organiser else own_employers,
        "unregistered_employers": [
            o for o in access.employer_of if o.pk not in {r.organisation_id for r in employers}
        ],
        "helped": helped,
        "jobseeker_count": event.jobseekers.count(),
        "over": event.current_slot >= event.rounds,
        "going_on": event.current_slot < event.rounds and event.cancelled_at is None,
        "figures": selectors.event_figures(event=event) if access.organiser else None,
        "rounds": [
            {"number": s + 1, "starts_at": event.slot_start(s), "is_break": s in event.break_slots}
            for s in range(event.rounds)
        ],
    }
    return render(request, "events/event_detail.html", context)


def _employer_organisation(access: Access, request: HttpRequest):
    if not access.employer_of:
        raise Http404
    wanted = request.POST.get("organisation") or request.GET.get("organisation")
    for organisation in access.employer_of:
        if str(organisation.pk) == wanted:
            return organisation
    return access.employer_of[0]


@login_required
def employer_registration(request: HttpRequest, pk: int) -> HttpResponse:
    event, access = _event(request, pk)
    organisation = _employer_organisation(access, request)
    current = EmployerRegistration.objects.filter(event=event, organisation=organisation).first()
    initial = {}
    if current is not None:
        initial = {
            "tables": current.tables,
            "vacancies": list(current.vacancies.values_list("pk", flat=True)),
            "work_kinds": current.work_kinds,
            "present_from": str(current.present_from),
            "present_until": str(
                current.present_until if current.present_until is not None else event.rounds
            ),
        }
    form = EmployerRegistrationForm(
        request.POST or None, event=event, organisation=organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_register(
                event=event,
                organisation=organisation,
                by=request.user,
                tables=form.cleaned_data["tables"],
                vacancies=form.cleaned_data["vacancies"],
                work_kinds=form.cleaned_data["work_kinds"],
                present_from=form.cleaned_data["present_from"],
                present_until=form.until(),
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("You are registered. Now say whom you want to meet."))
            return redirect("event_detail", event.pk)
    return render(
        request,
        "events/employer_registration.html",
        {"event": event, "form": form, "organisation": organisation},
        status=400 if form.errors else 200,
    )


def _coachable_people(event: Event, access: Access) -> list[tuple[str, str]]:
    registered = set(event.jobseekers.values_list("jobseeker_id", flat=True))
    memberships = (
        Membership.objects.active()
        .filter(organisation__in=access.coach_of, role=Role.JOBSEEKER)
        .exclude(user_id__in=registered)
        .select_related("user", "organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    return [
        (
            f"{m.organisation_id}-{m.user_id}",
            f"{m.user.get_full_name() or m.user.email} ({m.organisation.name})",
        )
        for m in memberships
    ]


@login_required
def jobseeker_registration(request: HttpRequest, pk: int) -> HttpResponse:
    """A jobseeker registers themselves; a coach registers one of their jobseekers."""
    event, access = _event(request, pk)
    as_coach = bool(access.coach_of)
    if not as_coach and not access.may_join_through:
        raise Http404
    if as_coach:
        people = _coachable_people(event, access)
        form = CoachRegistrationForm(request.POST or None, event=event, people=people)
    else:
        form = JobseekerRegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        if as_coach:
            organisation_id, user_id = (
                int(x) for x in form.cleaned_data["registration"].split("-")
            )
            membership = (
                Membership.objects.active()
                .filter(organisation_id=organisation_id, user_id=user_id, role=Role.JOBSEEKER)
                .select_related("user", "organisation")
                .first()
            )
            if membership is None:
                raise Http404
            jobseeker, organisation = membership.user, membership.organisation
        else:
            jobseeker, organisation = request.user, access.may_join_through[0]
        try:
            registration = services.jobseeker_register(
                event=event,
                jobseeker=jobseeker,
                organisation=organisation,
                by=request.user,
                consent=form.cleaned_data["consent"],
                present_from=form.cleaned_data["present_from"],
                present_until=form.until(),
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("Registered. Now say whom you want to meet."))
            return redirect("event_wishes", event.pk, "werkzoekende", registration.pk)
    return render(
        request,
        "events/jobseeker_registration.html",
        {"event": event, "form": form, "as_coach": as_coach},
        status=400 if form.errors else 200,
    )


SIDES = {"werkzoekende": Side.JOBSEEKER, "werkgever": Side.EMPLOYER}


@login_required
def event_wishes(request: HttpRequest, pk: int, side: str, registration: int) -> HttpResponse:
    """Must meet / would like / no thanks, for one jobseeker or one employer."""
    event, _access = _event(request, pk)
    if side not in SIDES:
        raise Http404
    side = SIDES[side]
    if side == Side.JOBSEEKER:
        subject = (
            JobseekerRegistration.objects.filter(event=event, pk=registration)
            .select_related("jobseeker")
            .first()
        )
        if subject is None or not event_policy.helps(request.user, subject):
            raise Http404
        matches = selectors.event_matches(event=event, jobseeker=subject)
        others = list(event.employers.select_related("organisation").prefetch_related("vacancies"))
        current = selectors.wishes_of(event=event, side=side, jobseeker=subject)
        rows = sorted(
            (
                (
                    -matches.get((o.pk, subject.pk), selectors.Match(0, None, None)).score,
                    o.organisation.name,
                    o.pk,
                    o,
                )
                for o in others
            ),
        )
        choices = [
            (
                o.pk,
                o.organisation.name,
                o.work_kinds or ", ".join(v.title for v in o.vacancies.all()),
            )
            for *_, o in rows
        ]
        title = (
            _("Whom do you want to meet?")
            if subject.jobseeker_id == request.user.pk
            else _("Whom does %(name)s want to meet?") % {"name": subject.jobseeker.get_full_name()}
        )
    else:
        subject = (
            EmployerRegistration.objects.filter(event=event, pk=registration)
            .select_related("organisation")
            .first()
        )
        if subject is None or not event_policy.acts_for(request.user, subject):
            raise Http404
        matches = selectors.event_matches(event=event, employer=subject)
        current = selectors.wishes_of(event=event, side=side, employer=subject)
        rows = sorted(
            (-matches.get((subject.pk, j.pk), selectors.Match(0, None, None)).score, j.number, j.pk)
            for j in event.jobseekers.all()
        )
        choices = [
            (
                pk,
                _("Candidate %(number)s") % {"number": number},
                _("Match: %(score)s points") % {"score": -score},
            )
            for score, number, pk in rows
        ]
        title = _("Whom do you want to meet?")
    initial = {f"w{other}": wish.level for other, wish in current.items()}
    form = WishesForm(request.POST or None, others=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for other, level in form.wishes().items():
                if level == getattr(current.get(other), "level", "") and not getattr(
                    current.get(other), "proposed", False
                ):
                    continue
                if side == Side.JOBSEEKER:
                    employer = next(o for o in others if o.pk == other)
                    services.wish_set(
                        by=request.user,
                        employer=employer,
                        jobseeker=subject,
                        side=side,
                        level=level,
                    )
                else:
                    jobseeker = JobseekerRegistration.objects.get(event=event, pk=other)
                    services.wish_set(
                        by=request.user,
                        employer=subject,
                        jobseeker=jobseeker,
                        side=side,
                        level=level,
                    )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your wishes are saved."))
            return redirect("event_detail", event.pk)
    proposed = any(w.proposed for w in current.values())
    return render(
        request,
        "events/wishes.html",
        {"event": event, "form": form, "title": title, "proposed": proposed},
        status=400 if form.errors else 200,
    )


def _organiser(request: HttpRequest, pk: int) -> Event:
    event, access = _event(request, pk)
    if not access.organiser:
        raise Http404
    return event


@login_required
@require_POST
def schedule_make(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organiser(request, pk)
    try:
        services.schedule_request(event=event, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    return redirect("event_schedule", event.pk)


@login_required
def event_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's whole schedule, by round, with the progress while it is made."""
    event = _organiser(request, pk)
    meetings = list(
        event.meetings.select_related(
            "employer__organisation", "jobseeker__jobseeker", "jobseeker__organisation"
        ).order_by("slot", "table")
    )
    labels = selectors.jobseeker_labels(
        user=request.user,
        registrations=list({m.jobseeker_id: m.jobseeker for m in meetings}.values()),
    )
    by_round: dict[int, list[tuple[Meeting, str]]] = {}
    for meeting in meetings:
        by_round.setdefault(meeting.slot, []).append((meeting, labels[meeting.jobseeker_id]))
    rounds = [
        {
            "number": slot + 1,
            "starts_at": event.slot_start(slot),
            "is_break": slot in event.break_slots,
            "meetings": by_round.get(slot, []),
        }
        for slot in range(event.rounds)
    ]
    working = event.schedule_state in (ScheduleState.WAITING, ScheduleState.RUNNING)
    return render(
        request,
        "events/schedule.html",
        {"event": event, "rounds": rounds, "working": working},
    )


def _my_blocks(event: Event, access: Access) -> list[dict]:
    """The schedules `access` lets the user follow: their own, their employers', and those
    of the jobseekers they help as coach."""
    blocks = []
    if access.registration is not None:
        blocks.append(
            {
                "title": _("My meetings"),
                "side": "werkzoekende",
                "lines": selectors.schedule_of_jobseeker(registration=access.registration),
            }
        )
    # The jobseekers a coach helps: the coach prints their schedule and answers for them.
    for registration in (
        event.jobseekers.filter(organisation__in=access.coach_of)
        .exclude(pk=getattr(access.registration, "pk", None))
        .filter(jobseeker__isnull=False)
        .select_related("jobseeker")
    ):
        blocks.append(
            {
                "title": _("Meetings of %(name)s (candidate %(number)s)")
                % {
                    "name": selectors.jobseeker_label(registration, named=True),
                    "number": registration.number,
                },
                # The coach reads "Fatima talks with …", not "You talk with …".
                "person": registration.jobseeker.first_name
                or selectors.jobseeker_label(registration, named=True),
                "side": "werkzoekende",
                "lines": selectors.schedule_of_jobseeker(registration=registration),
            }
        )
    for registration in EmployerRegistration.objects.filter(
        event=event, organisation__in=access.employer_of
    ).select_related("organisation"):
        blocks.append(
            {
                "title": registration.organisation.name,
                "side": "werkgever",
                "lines": selectors.schedule_of_employer(registration=registration),
            }
        )
    if not blocks:
        raise Http404
    return blocks


@login_required
def my_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's own schedule on a phone: the next meeting first, table and who."""
    event, access = _event(request, pk)
    return render(
        request,
        "events/my_schedule.html",
        {
            "event": event,
            "blocks": _my_blocks(event, access),
            "outcomes": Outcome.choices,
            "interested": INTERESTED,
            "made": event.schedule_state == ScheduleState.DONE,
            "own": access.registration is not None,
        },
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Personal data: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_schedule_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event, access = _event(request, pk)
    blocks = _my_blocks(event, access)
    content = documents.schedule_pdf(
        event=event,
        blocks=blocks,
        own=access.registration is not None,
        language=request.LANGUAGE_CODE or "nl",
    )
    return _pdf_response(content, f"rooster-{event.pk}.pdf")


@login_required
def table_cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organiser(request, pk)
    content = documents.table_cards_pdf(event=event, language=request.LANGUAGE_CODE or "nl")
    return _pdf_response(content, f"tafelkaarten-{event.pk}.pdf")


def _times_id(kind: str, registration) -> str:
    # Each person's times form on the day page needs ids of its own.
    return f"id_{kind}_{registration.pk}_%s"


def _day_page(request: HttpRequest, event: Event, *, bound=None) -> HttpResponse:
    """The day page; `bound`: a times form that did not pass, shown with what was chosen."""
    registrations = list(event.jobseekers.select_related("jobseeker", "organisation"))
    labels = selectors.jobseeker_labels(user=request.user, registrations=registrations)
    over = event.current_slot >= event.rounds

    def times(kind: str, registration) -> DayTimesForm | None:
        if over:
            return None
        if bound is not None and bound.auto_id == _times_id(kind, registration):
            return bound
        return DayTimesForm(
            event=event, registration=registration, auto_id=_times_id(kind, registration)
        )

    return render(
        request,
        "events/day.html",
        {
            "event": event,
            "employers": [
                (r, times("werkgever", r)) for r in event.employers.select_related("organisation")
            ],
            "jobseekers": [(r, labels[r.pk], times("werkzoekende", r)) for r in registrations],
            "round_number": event.current_slot + 1,
            "over": over,
        },
        status=400 if bound is not None else 200,
    )


@login_required
def event_day(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser on the day: who is there, who comes later or leaves earlier, and the
    next round."""
    return _day_page(request, _organiser(request, pk))


KINDS = {"werkgever": EmployerRegistration, "werkzoekende": JobseekerRegistration}
MARKS = {"aanwezig": True, "afwezig": False}


@login_required
@require_POST
def participant_mark(
    request: HttpRequest, pk: int, kind: str, registration: int, mark: str
) -> HttpResponse:
    event = _organiser(request, pk)
    if kind not in KINDS or mark not in MARKS:
        raise Http404
    found = KINDS[kind].objects.filter(event=event, pk=registration).first()
    if found is None:
        raise Http404
    try:
        stats = services.participant_mark(
            event=event, by=request.user, registration=found, here=MARKS[mark]
        )
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    else:
        _replanned(request, stats)
    return redirect("event_day", event.pk)


def _replanned(request: HttpRequest, stats: dict) -> None:
    if stats:
        messages.success(
            request,
            _("Saved. The rest of the day is planned again: %(kept)s meetings stay, %(added)s new.")
            % {"kept": stats.get("kept", 0), "added": stats.get("added", 0)},
        )
    else:
        messages.success(request, _("Saved."))


@login_required
@require_POST
def participant_times(request: HttpRequest, pk: int, kind: str, registration: int) -> HttpResponse:
    """Someone comes at a later round or leaves after an earlier one: the day is re-planned
    from that, keeping every announced meeting that can still be."""
    event = _organiser(request, pk)
    if kind not in KINDS:
        raise Http404
    found = KINDS[kind].objects.filter(event=event, pk=registration).first()
    if found is None:
        raise Http404
    form = DayTimesForm(
        request.POST, event=event, registration=found, auto_id=_times_id(kind, found)
    )
    if form.is_valid():
        try:
            stats = services.participant_times_set(
                event=event,
                by=request.user,
                registration=found,
                arrives_at=form.cleaned_data["arrives_at"],
                leaves_after=form.cleaned_data["leaves_after"],
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            _replanned(request, stats)
            return redirect("event_day", event.pk)
    return _day_page(request, event, bound=form)


@login_required
@require_POST
def registration_withdraw(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    """The jobseeker, or their coach, takes them off the event."""
    event, _access = _event(request, pk)
    found = event.jobseekers.filter(pk=registration).select_related("jobseeker").first()
    if found is None or not event_policy.helps(request.user, found):
        raise Http404
    try:
        services.registration_withdraw(registration=found, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    else:
        messages.success(request, _("Done. The registration is withdrawn."))
    return redirect("event_detail", event.pk)


@login_required
@require_POST
def next_round(request: HttpRequest, pk: int) -> HttpResponse:
    event = _organiser(request, pk)
    try:
        services.event_next_round(event=event, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    return redirect("event_day", event.pk)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int, meeting: int) -> HttpResponse:
    """One tap after a meeting: the side is the one the user acts on."""
    event, access = _event(request, pk)
    found = (
        Meeting.objects.filter(event=event, pk=meeting)
        .select_related("jobseeker", "employer")
        .first()
    )
    if found is None:
        raise Http404
    if (
        access.registration is not None and found.jobseeker_id == access.registration.pk
    ) or event_policy.helps(request.user, found.jobseeker):
        side = Side.JOBSEEKER
    elif any(o.pk == found.employer.organisation_id for o in access.employer_of):
        side = Side.EMPLOYER
    else:
        raise Http404
    try:
        services.outcome_record(
            meeting=found, by=request.user, side=side, outcome=request.POST.get("outcome", "")
        )
    except (ValidationError, PermissionDenied) as error:
        for text in getattr(error, "messages", [str(error)]):
            messages.error(request, text)
    else:
        messages.success(request, _("Thank you. Your answer is saved."))
    return redirect("my_schedule", event.pk)


@login_required
def employer_withdraw(request: HttpRequest, pk: int, registration: int) -> HttpResponse:
    """A recruiter or admin of the employer: we do not come, or come with fewer recruiters."""
    event, _access = _event(request, pk)
    found = (
        event.employers.filter(pk=registration, absent_from__isnull=True)
        .select_related("organisation")
        .first()
    )
    if found is None or not event_policy.may_withdraw_employer(request.user, found):
        raise Http404
    form = EmployerWithdrawForm(
        request.POST if request.method == "POST" else None, registration=found
    )
    if request.method == "POST" and form.is_valid():
        try:
            stays = services.employer_withdraw(
                registration=found, by=request.user, tables=form.fewer_tables()
            )
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("Done. Fewer recruiters are registered.")
                if stays is not None and stays.absent_from is None
                else _("Done. Your organisation is taken off the event."),
            )
            return redirect("event_detail", event.pk)
    return render(
        request,
        "events/employer_withdraw.html",
        {
            "event": event,
            "registration": found,
            "form": form,
            "made": event.schedule_state == ScheduleState.DONE,
        },
        status=400 if form.errors else 200,
    )


@login_required
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser calls the event off, after ticking that they mean it."""
    event = _organiser(request, pk)
    if event.cancelled_at is not None:
        raise Http404
    form = EventCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(event=event, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            _refused(form, error)
        else:
            messages.success(request, _("The event is cancelled. Everyone who takes part is told."))
            return redirect("event_detail", event.pk)
    return render(
        request,
        "events/event_cancel.html",
        {"event": event, "form": form},
        status=400 if form.errors else 200,
    )
