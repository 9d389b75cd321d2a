"""Forms of the event screens. They check type and range; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import (
    EMPLOYER_KINDS,
    INTERMEDIARY_KINDS,
    Organisation,
    OrganisationStatus,
)
from portal.validation import strip_control_characters
from vacancies.models import Vacancy

from .models import MAX_RECRUITERS, MAX_ROUNDS, MAX_TABLES, SLOT_MINUTES, Event, WishLevel
from .services import EVENT_DATE


def _number(label, low: int, high: int, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high, **kwargs)


class EventForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organised by"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Name of the event"), max_length=200)
    date = EVENT_DATE.field(label=_("Date"))
    starts_at = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("The address."))
    slot_minutes = _number(_("Minutes per meeting"), *SLOT_MINUTES, initial=15)
    rounds = _number(_("Number of rounds"), 1, MAX_ROUNDS, initial=8)
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        max_length=100,
        help_text=_("The rounds without meetings, for example “5” or “4, 8”."),
    )
    tables = _number(_("Number of tables"), 1, MAX_TABLES, initial=10)
    max_meetings = _number(_("Most meetings per person"), 1, MAX_ROUNDS, initial=4)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        required=False,
        queryset=Organisation.objects.filter(
            kind__in=INTERMEDIARY_KINDS, status=OrganisationStatus.APPROVED
        ),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their coaches can register their own jobseekers."),
    )
    invited_employers = forms.ModelMultipleChoiceField(
        label=_("Invited employers"),
        required=False,
        queryset=Organisation.objects.filter(
            kind__in=EMPLOYER_KINDS, status=OrganisationStatus.APPROVED
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_breaks(self) -> list[int]:
        text = strip_control_characters(self.cleaned_data["breaks"])
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        rounds: list[int] = []
        for part in parts:
            if not part.isascii() or not part.isdigit() or not 1 <= int(part) <= MAX_ROUNDS:
                raise forms.ValidationError(
                    _("Write round numbers from 1 to %(high)s, with commas between them."),
                    params={"high": MAX_ROUNDS},
                )
            rounds.append(int(part) - 1)
        return rounds

    def clean(self):
        cleaned = super().clean()
        rounds = cleaned.get("rounds")
        if rounds and any(b >= rounds for b in cleaned.get("breaks") or []):
            self.add_error("breaks", _("A break must be one of the rounds of the event."))
        return cleaned


def round_choices(event: Event, *, until: bool = False) -> list[tuple[str, str]]:
    """Rounds by number and start time; "until" offers the end of the day as well."""
    choices = []
    for slot in range(1 if until else 0, event.rounds + (1 if until else 0)):
        start = event.slot_start(slot)
        choices.append(
            (
                str(slot),
                _("Round %(number)s (%(time)s)")
                % {"number": slot + 1, "time": time_format(start.time(), "H:i")}
                if slot < event.rounds
                else _("The end (%(time)s)") % {"time": time_format(start.time(), "H:i")},
            )
        )
    return choices


class PresenceForm(forms.Form):
    present_from = forms.TypedChoiceField(label=_("I am there from"), coerce=int)
    present_until = forms.TypedChoiceField(label=_("I leave before"), coerce=int)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["present_from"].choices = round_choices(event)
        self.fields["present_until"].choices = round_choices(event, until=True)
        self.fields["present_until"].initial = str(event.rounds)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("present_from"), cleaned.get("present_until")
        if start is not None and end is not None and end <= start:
            self.add_error("present_until", _("Choose a round after the first one."))
        return cleaned

    def until(self) -> int | None:
        end = self.cleaned_data["present_until"]
        return None if end >= self.event.rounds else end


class EmployerRegistrationForm(PresenceForm):
    tables = _number(
        _("Recruiters (tables at the same time)"),
        1,
        MAX_RECRUITERS,
        initial=1,
        help_text=_("Each recruiter talks with one person at a time."),
    )
    vacancies = forms.ModelMultipleChoiceField(
        label=_("Vacancies you bring"),
        required=False,
        queryset=Vacancy.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    work_kinds = forms.CharField(
        label=_("Other kinds of work you bring"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["tables", "vacancies", "work_kinds", "present_from", "present_until"]

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = Vacancy.objects.open().filter(organisation=organisation)


class JobseekerRegistrationForm(PresenceForm):
    consent = forms.BooleanField(
        label=_("Yes, I take part and share my match with the employers of this event"),
        help_text=_(
            "Employers see what you can and want, not your name. They see your name only "
            "after you say yes to them. This is for this event only."
        ),
    )


class CoachRegistrationForm(PresenceForm):
    registration = forms.ChoiceField(label=_("Jobseeker"))
    consent = forms.BooleanField(
        label=_("This person agreed to take part and to share their match with the employers"),
        help_text=_(
            "Employers see what the person can and wants, not the name, until the person says yes to them."
        ),
    )

    field_order = ["registration", "present_from", "present_until", "consent"]

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = people
        self.fields["present_from"].label = _("There from")
        self.fields["present_until"].label = _("Leaves before")


WISH_CHOICES = [("", _("No wish")), *WishLevel.choices]


class WishesForm(forms.Form):
    """One choice per person on the other side, keyed by their registration."""

    def __init__(self, *args, others: list[tuple[int, str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for pk, label, help_text in others:
            self.fields[f"w{pk}"] = forms.ChoiceField(
                label=label,
                choices=WISH_CHOICES,
                required=False,
                help_text=help_text,
            )

    def wishes(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class DayTimesForm(forms.Form):
    """On the day: someone arrives at a later round or leaves after an earlier one.

    Rounds count from 1 and only rounds still to come can be chosen."""

    arrives_at = forms.TypedChoiceField(label=_("Arrives at"), coerce=int)
    leaves_after = forms.TypedChoiceField(label=_("Leaves after"), coerce=int)

    def __init__(self, *args, event: Event, registration, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = [
            (
                str(slot + 1),
                _("Round %(number)s (%(time)s)")
                % {"number": slot + 1, "time": time_format(event.slot_start(slot).time(), "H:i")},
            )
            for slot in range(event.current_slot, event.rounds)
        ]
        self.fields["arrives_at"].choices = rounds
        self.fields["leaves_after"].choices = rounds
        end = registration.present_until if registration.present_until is not None else event.rounds
        self.fields["arrives_at"].initial = str(
            max(registration.present_from, event.current_slot) + 1
        )
        self.fields["leaves_after"].initial = str(min(end, event.rounds))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("arrives_at"), cleaned.get("leaves_after")
        if start is not None and end is not None and end < start:
            self.add_error("leaves_after", _("Choose the round they arrive at or a later one."))
        return cleaned


class EmployerWithdrawForm(forms.Form):
    """The employer does not come after all, or comes with fewer recruiters."""

    ALL, FEWER = "all", "fewer"

    what = forms.ChoiceField(label=_("What changes?"), widget=forms.RadioSelect)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(self.ALL, _("We do not come"))]
        if registration.tables > 1:
            choices.append((self.FEWER, _("We come with fewer recruiters")))
            self.fields["tables"] = _number(
                _("Recruiters who still come"),
                1,
                registration.tables - 1,
                required=False,
                help_text=_("Only when you come with fewer recruiters."),
            )
        self.fields["what"].choices = choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("what") == self.FEWER and cleaned.get("tables") is None:
            self.add_error("tables", _("Say how many recruiters still come."))
        return cleaned

    def fewer_tables(self) -> int | None:
        """The recruiters that still come, or None when the employer does not come."""
        if self.cleaned_data["what"] == self.FEWER:
            return self.cleaned_data["tables"]
        return None


class EventCancelForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, cancel the event. Everyone who takes part gets a message."),
        error_messages={"required": _("Tick the box to cancel the event.")},
    )
