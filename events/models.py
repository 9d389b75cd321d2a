"""Meet & Match events: registrations, wishes, the schedule of meetings and their outcomes.

Slots are numbered from 0 as in `events.scheduling`; screens show them as rounds from 1.
A break takes one slot. Only the services in `events.services` write these rows.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intermediaries.models import Proposal
from portal.organisations.models import Organisation
from portal.validation import date_in_storable_range
from vacancies.models import Vacancy

SLOT_MINUTES = (10, 30)
MAX_ROUNDS = 24
MAX_TABLES = 200
MAX_RECRUITERS = 5


class ScheduleState(models.TextChoices):
    NONE = "none", _("Not made yet")
    WAITING = "waiting", _("Waiting to be made")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Event(models.Model):
    """A Meet & Match afternoon or speed-date session, organised by an approved intermediary."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="events_organised",
        verbose_name=_("organiser"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("name of the event"), max_length=200)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    place = models.CharField(_("place"), max_length=200)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per meeting"), default=15)
    rounds = models.PositiveSmallIntegerField(_("number of rounds"), default=8)
    # Rounds (0-based slots) without meetings.
    breaks = models.JSONField(_("breaks"), default=list, blank=True)
    tables = models.PositiveSmallIntegerField(_("number of tables"), default=10)
    max_meetings = models.PositiveSmallIntegerField(_("most meetings per person"), default=4)
    partners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="events_as_partner",
        verbose_name=_("partner organisations"),
        help_text=_("Their coaches can register their own jobseekers."),
    )
    invited_employers = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="events_invited",
        verbose_name=_("invited employers"),
    )
    schedule_state = models.CharField(
        _("schedule"), max_length=16, choices=ScheduleState.choices, default=ScheduleState.NONE
    )
    schedule_progress = models.PositiveSmallIntegerField(default=0)
    schedule_requested_at = models.DateTimeField(null=True, blank=True)
    schedule_made_at = models.DateTimeField(_("schedule made on"), null=True, blank=True)
    # Objective of the schedule, the round-robin and the bound, for the organiser.
    schedule_figures = models.JSONField(default=dict, blank=True)
    # Slots before this one are history: a re-plan changes only what comes after.
    current_slot = models.PositiveSmallIntegerField(_("rounds done"), default=0)
    # The organiser called it off: nothing is planned or changed any more.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("date"), name="event_date_plausible"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=SLOT_MINUTES[0], slot_minutes__lte=SLOT_MINUTES[1]),
                name="event_slot_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(rounds__gte=1, rounds__lte=MAX_ROUNDS), name="event_rounds_in_range"
            ),
            models.CheckConstraint(
                condition=Q(tables__gte=1, tables__lte=MAX_TABLES), name="event_tables_in_range"
            ),
            models.CheckConstraint(
                condition=Q(max_meetings__gte=1, max_meetings__lte=MAX_ROUNDS),
                name="event_max_meetings_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def slot_start(self, slot: int) -> datetime:
        start = datetime.combine(self.date, self.starts_at)
        return start + timedelta(minutes=self.slot_minutes * slot)

    def slot_started(self, slot: int) -> bool:
        """Whether round `slot` has begun by the clock (times are local to the event)."""
        return timezone.now() >= timezone.make_aware(self.slot_start(slot))

    @property
    def break_slots(self) -> frozenset[int]:
        return frozenset(s for s in self.breaks if isinstance(s, int) and 0 <= s < self.rounds)


class Presence(models.Model):
    """When a participant is there: from a slot, until before a slot (None: to the end),
    and from which slot they are gone after all (a no-show or someone who left)."""

    present_from = models.PositiveSmallIntegerField(_("from round"), default=0)
    present_until = models.PositiveSmallIntegerField(_("until round"), null=True, blank=True)
    absent_from = models.PositiveSmallIntegerField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def slots(self, event: Event) -> frozenset[int]:
        end = event.rounds if self.present_until is None else min(self.present_until, event.rounds)
        if self.absent_from is not None:
            end = min(end, self.absent_from)
        return frozenset(range(self.present_from, end))


class EmployerRegistration(Presence):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="employers")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="event_registrations"
    )
    tables = models.PositiveSmallIntegerField(
        _("recruiters (tables at the same time)"),
        default=1,
        help_text=_("Each recruiter talks with one person at a time."),
    )
    vacancies = models.ManyToManyField(
        Vacancy, blank=True, related_name="event_registrations", verbose_name=_("vacancies")
    )
    work_kinds = models.CharField(_("kinds of work you bring"), max_length=500, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("employer at an event")
        verbose_name_plural = _("employers at events")
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="one_registration_per_employer"
            ),
            models.CheckConstraint(
                condition=Q(tables__gte=1, tables__lte=MAX_RECRUITERS),
                name="employer_registration_tables_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.event}"


class JobseekerRegistration(Presence):
    """A jobseeker taking part. Employers know them by number until they say yes."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="jobseekers")
    # Null once the person erased their account: the row stays, nameless, so the event's
    # figures (meetings held, mutual interests, proposals) stay what they were.
    jobseeker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="event_registrations",
    )
    # The intermediary through which they take part (organiser or partner): its coaches help.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_jobseekers"
    )
    number = models.PositiveSmallIntegerField()
    # Consent for this event only: employers of this event see the match, not the name.
    consent_at = models.DateTimeField()
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("jobseeker at an event")
        verbose_name_plural = _("jobseekers at events")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "jobseeker"], name="one_registration_per_jobseeker"
            ),
            models.UniqueConstraint(fields=["event", "number"], name="one_number_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.number} @ {self.event}"


class WishLevel(models.TextChoices):
    MUST = "must", _("Must meet")
    WOULD_LIKE = "would_like", _("Would like to meet")
    NO_THANKS = "no_thanks", _("No thanks")


class Side(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    JOBSEEKER = "jobseeker", _("Jobseeker")


class Wish(models.Model):
    """What one side says about meeting the other. `proposed`: the portal suggested it
    from the match and nobody changed it yet."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="wishes")
    employer = models.ForeignKey(EmployerRegistration, on_delete=models.CASCADE, related_name="+")
    jobseeker = models.ForeignKey(JobseekerRegistration, on_delete=models.CASCADE, related_name="+")
    side = models.CharField(max_length=16, choices=Side.choices)
    level = models.CharField(_("wish"), max_length=16, choices=WishLevel.choices)
    proposed = models.BooleanField(default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "jobseeker", "side"], name="one_wish_per_side_and_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.side} wish {self.level}"


class Outcome(models.TextChoices):
    WORK_EXPERIENCE = "work_experience", _("Interested in a work-experience place")
    INTERVIEW = "interview", _("Interested in a job interview")
    JOB = "job", _("Interested in a job")
    NOT_NOW = "not_now", _("Not now")


INTERESTED = frozenset({Outcome.WORK_EXPERIENCE, Outcome.INTERVIEW, Outcome.JOB})


class Meeting(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    slot = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField()
    employer = models.ForeignKey(
        EmployerRegistration, on_delete=models.CASCADE, related_name="meetings"
    )
    jobseeker = models.ForeignKey(
        JobseekerRegistration, on_delete=models.CASCADE, related_name="meetings"
    )
    employer_outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    employer_outcome_at = models.DateTimeField(null=True, blank=True)
    employer_outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    jobseeker_outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    jobseeker_outcome_at = models.DateTimeField(null=True, blank=True)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When the mutual interest became a proposal. The proposal goes when the jobseeker
    # erases their account; this stays, so the event still counts it.
    proposed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot", "table"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slot", "table"], name="one_meeting_per_table"
            ),
            models.UniqueConstraint(fields=["employer", "jobseeker"], name="one_meeting_per_pair"),
        ]

    def __str__(self) -> str:
        return f"meeting {self.pk}: slot {self.slot}, table {self.table}"

    @property
    def jobseeker_said_yes(self) -> bool:
        return self.jobseeker_outcome in INTERESTED

    @property
    def mutual_interest(self) -> bool:
        return self.jobseeker_said_yes and self.employer_outcome in INTERESTED


class KeptPlacement(models.Model):
    """A placement that came from the event, of a person who erased their account.

    The placement goes with the person's proposal; this keeps only when the work started,
    so "placed within 3 months" stays what it was. Nobody's name, proposal or text.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="kept_placements")
    start_date = models.DateField()
    # What the impact dashboard filters on, copied at erasure (empty for older rows).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(max_length=32, blank=True)
    target_group = models.CharField(max_length=32, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("placement of an erased account")
        verbose_name_plural = _("placements of erased accounts")
        constraints = [
            models.CheckConstraint(
                condition=date_in_storable_range("start_date"),
                name="kept_placement_start_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"kept placement {self.pk}"
